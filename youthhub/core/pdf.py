"""PDFs made from HTML with WeasyPrint: tagged for screen readers and archival.

Every PDF is PDF/A-3a: PDF/A-3 for keeping (fonts embedded, an sRGB output intent, XMP
metadata) at conformance level "a", which makes WeasyPrint tag it: a structure tree in reading
order, the language from `<html lang>`, the title from `<title>` shown in the window's title bar,
and each image's alternative text (an `alt`, or an inline SVG's `<title>`). WeasyPrint names one
variant per document, so it cannot write PDF/A and PDF/UA at once; its `pdf/ua-1` variant adds
nothing to those tags but the identifier, so we add PDF/UA-1's identifier to the PDF/A metadata
ourselves, declared in an extension schema as PDF/A asks of properties it does not know.

The renderer may open `data:` URLs only, so a name or answer typed by a person can never make the
server fetch something.

WeasyPrint's own stylesheet for HTML is used less its rules for pseudo-elements our PDFs never
have (see `lean_user_agent_stylesheet`): a board report's hundreds of table rows each paid for
six of them. Python's full garbage collections wait until a PDF is written (`core/garbage.py`),
and each PDF object's bytes are worked out once rather than twice (`_written_once`).
"""

import functools

from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE
from weasyprint.urls import URLFetcher

from youthhub.core.garbage import full_collections_held

PDF_VARIANT = "pdf/a-3a"
PDF_UA_IDENTIFICATION = b"""<rdf:Description rdf:about=""
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Which part of ISO 14289 is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def _identify_as_pdf_ua(_document, pdf) -> None:
    """Adds PDF/UA-1's identifier to the XMP metadata WeasyPrint wrote for PDF/A."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    [xmp] = metadata.stream
    metadata.stream = [xmp.replace(b"</rdf:RDF>", PDF_UA_IDENTIFICATION + b"</rdf:RDF>", 1)]


@functools.cache
def _kept(kind: type) -> type:
    """A kind of pydyf object that keeps its bytes the first time they are asked for."""

    def data(self) -> bytes:
        written = self.__dict__.get("_written")
        if written is None:
            written = self.__dict__["_written"] = kind.data.fget(self)
        return written

    return type(kind.__name__, (kind,), {"data": property(data)})


def _written_once(pdf) -> None:
    """PDF/A's file identifier is a hash of every object's bytes, which pydyf works out again
    after writing them (compressing each stream twice): a twentieth of a board report's PDF.
    Nothing changes an object after the finisher, so each keeps its bytes the first time and
    the file is the same to the byte (tests/core/test_pdf.py)."""
    for written in pdf.objects:
        if written.free != "f":
            written.__class__ = _kept(type(written))


def _finish(document, pdf) -> None:
    _identify_as_pdf_ua(document, pdf)
    _written_once(pdf)


#: Pseudo-elements for footnotes and notes, which no PDF of ours has.
NOTES = ("::footnote-", "::note-")


def lean_user_agent_stylesheet(ua: str = UA) -> str:
    """WeasyPrint's stylesheet for HTML less its rules for footnotes and notes, and with markers
    on list items only. Those rules name no element, so WeasyPrint worked out six pseudo-elements'
    styles for every element: a third of a board report's styling time, ~10% of its PDF."""
    return "\n".join(
        line.replace("::marker", "li::marker", 1) if line.startswith("::marker") else line
        for line in ua.splitlines()
        if not line.startswith(NOTES)
    )


LEAN_UA_STYLESHEET = CSS(string=lean_user_agent_stylesheet(), counter_style=UA_COUNTER_STYLE)


class PrintHTML(HTML):
    """WeasyPrint's HTML, styled first by the lean stylesheet rather than its full one."""

    def _ua_stylesheets(self, forms=False):
        return [LEAN_UA_STYLESHEET]


def render_pdf(html: str) -> bytes:
    """The page as a tagged, archival PDF (PDF/A-3a, identified as PDF/UA-1 too)."""
    # Everything WeasyPrint makes lives until the file is written: no use sweeping the heap
    # for garbage meanwhile (`core/garbage.py`).
    with full_collections_held():
        document = PrintHTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
        return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_finish)
