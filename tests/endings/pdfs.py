"""Reading the PDFs the app makes: their text and tags (pypdf) and their QR codes (PDFium +
zxing-cpp)."""

import io
from dataclasses import dataclass

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import IndirectObject


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def qr_codes(data: bytes) -> list[str]:
    """What every QR code in the PDF says, read from the pages as a phone camera would see them."""
    found = []
    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            image = page.render(scale=3).to_pil()
            found += [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    finally:
        document.close()
    return found


@dataclass
class Tagged:
    """What a screen reader and an archive see in a PDF, read back from its catalogue."""

    marked: bool
    language: str | None
    title: str | None
    shows_title: bool
    structure: list[str]  # the structure elements' types, in reading order
    figures: list[str | None]  # each figure's alternative text
    xmp: str
    output_intent: bool


def tagged(data: bytes) -> Tagged:
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    elements = []
    if "/StructTreeRoot" in catalog:
        elements = list(_structure_elements(catalog["/StructTreeRoot"].get_object()))
    return Tagged(
        marked=bool(catalog.get("/MarkInfo", {}).get("/Marked")),
        language=catalog.get("/Lang"),
        title=reader.metadata.title,
        shows_title=bool(catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        structure=[str(element["/S"])[1:] for element in elements],
        figures=[element.get("/Alt") for element in elements if element["/S"] == "/Figure"],
        xmp=reader.xmp_metadata.stream.get_data().decode() if reader.xmp_metadata else "",
        output_intent="/OutputIntents" in catalog,
    )


def _structure_elements(node):
    """Every structure element below `node`, depth first: the order a screen reader reads."""
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, dict) and "/S" in kid:
            yield kid
            yield from _structure_elements(kid)
