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
"""

from weasyprint import HTML
from weasyprint.urls import URLFetcher

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


def render_pdf(html: str) -> bytes:
    """The page as a tagged, archival PDF (PDF/A-3a, identified as PDF/UA-1 too)."""
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_identify_as_pdf_ua)
