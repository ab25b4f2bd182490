"""Reading the PDFs the app makes: their text (pypdf) and their QR codes (PDFium + zxing-cpp)."""

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader


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
