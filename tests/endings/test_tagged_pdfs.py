"""The certificate and the keepsake as a screen reader and an archive take them: tagged PDFs
(a structure tree in reading order, the language, a title shown as the window's name, the QR code
described in words) that identify themselves as PDF/A-3a and PDF/UA-1."""

import re

import pytest

from tests.endings.pdfs import tagged
from tests.endings.test_certificates import graduate
from youthhub.endings import certificates, services

QR_ALT = "QR code: a link to the page that checks this certificate is real"


@pytest.fixture
def app_config():
    return {"PUBLIC_BASE_URL": "https://youthhub.example.org"}


def test_the_certificate_is_tagged_in_reading_order_with_its_language_and_title(app):
    _person, certificate = graduate()
    with app.test_request_context():
        pdf = tagged(certificates.certificate_pdf(certificate))
    assert pdf.marked
    assert pdf.language == "en-GB"
    assert pdf.title == "Graduation certificate · Jordan Okafor-Smith"
    assert pdf.shows_title  # a reader's title bar names the certificate, not the file
    # Read top to bottom: the programme, the heading, who it celebrates and why, the
    # highlights, who signed it, how to check it, and last the QR code.
    headings = [kind for kind in pdf.structure if kind in ("H1", "L", "Figure")]
    assert headings == ["H1", "L", "Figure"]
    assert pdf.structure.index("P") < pdf.structure.index("H1")
    assert pdf.figures == [QR_ALT]


def test_a_welsh_keepsake_is_tagged_in_welsh(app):
    person, _certificate = graduate()
    with app.test_request_context():
        pdf = tagged(certificates.keepsake_pdf(person, services.ending_for(person), language="cy"))
    assert pdf.marked
    assert pdf.language == "cy"
    assert pdf.title == "Fy nhaith · Jordan"
    assert pdf.structure.count("H2") == 4  # highlights, timeline, plan, certificate
    assert pdf.figures == ["Cod QR: dolen i'r dudalen sy'n gwirio bod y dystysgrif hon yn ddilys"]


def test_both_say_they_are_archival_and_accessible(app):
    person, certificate = graduate()
    with app.test_request_context():
        made = [
            certificates.certificate_pdf(certificate),
            certificates.keepsake_pdf(person, services.ending_for(person), language="en"),
        ]
    for pdf in map(tagged, made):
        assert pdf.output_intent  # colours fixed to sRGB, as PDF/A asks
        assert re.search(r'pdfaid:part="3"\s+pdfaid:conformance="A"', pdf.xmp)
        assert "<pdfuaid:part>1</pdfuaid:part>" in pdf.xmp
        # PDF/A accepts a property outside its own list only where the file declares it.
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in pdf.xmp
