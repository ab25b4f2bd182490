"""The certificate and keepsake PDFs: what they say, their QR code, and how fast they are made."""

import statistics
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from tests.endings.pdfs import page_count, pdf_text, qr_codes
from tests.factories import make_certificate, make_worker, make_young_person
from youthhub.core.time import london_today, utcnow
from youthhub.endings import certificates, services
from youthhub.endings.codes import format_code
from youthhub.extensions import db

BASE_URL = "https://youthhub.example.org"


@pytest.fixture
def app_config():
    return {"PUBLIC_BASE_URL": BASE_URL}


def graduate(**person_fields):
    person = make_young_person(
        name="Jordan", created_at=utcnow() - timedelta(days=400), **person_fields
    )
    certificate = make_certificate(
        person,
        make_worker(name="Sam Patel"),
        printed_name="Jordan Okafor-Smith",
        highlight_keys=["months"],
    )
    return person, certificate


def test_the_certificate_shows_the_name_highlights_signer_and_code(app):
    _person, certificate = graduate()
    with app.test_request_context():
        pdf = certificates.certificate_pdf(certificate)
    text = pdf_text(pdf)
    assert page_count(pdf) == 1
    for expected in (
        "Graduation certificate",
        "Jordan Okafor-Smith",
        "13 months with us",
        "Sam Patel",
        "Youth worker",
        "YouthHub",
        format_code(certificate.code),
        "youthhub.example.org/verify",
        f"on {london_today():%-d %B %Y}",
    ):
        assert expected in text, expected
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert reader.metadata.title == "Graduation certificate · Jordan Okafor-Smith"


def test_its_qr_code_opens_the_verification_page(app):
    _person, certificate = graduate()
    with app.test_request_context():
        pdf = certificates.certificate_pdf(certificate)
    assert qr_codes(pdf) == [f"{BASE_URL}/verify/{format_code(certificate.code)}"]


def test_nothing_the_young_person_did_not_choose_is_printed(app):
    person = make_young_person(name="Jordan", created_at=utcnow() - timedelta(days=400))
    certificate = make_certificate(person)
    with app.test_request_context():
        text = pdf_text(certificates.certificate_pdf(certificate))
    assert "Jordan" in text
    assert "months with us" not in text
    assert person.email not in text


def test_a_welsh_certificate_is_written_in_welsh(app):
    _person, certificate = graduate(locale="cy")
    with app.test_request_context():
        text = pdf_text(certificates.certificate_pdf(certificate))
    assert "Tystysgrif graddio" in text
    assert "13 mis gyda ni" in text
    assert "Graduation certificate" not in text
    month = [
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ][london_today().month - 1]
    assert month in text
    assert "Gweithiwr ieuenctid" in text
    assert format_code(certificate.code) in text


def test_a_long_name_and_every_highlight_still_fit_on_one_page(app):
    person = make_young_person(created_at=utcnow() - timedelta(days=4000))
    certificate = make_certificate(
        person, printed_name="Oluwaseyifunmilayo " * 4, highlight_keys=["months"]
    )
    with app.test_request_context():
        pdf = certificates.certificate_pdf(certificate)
    assert page_count(pdf) == 1
    assert "Oluwaseyifunmilayo" in pdf_text(pdf)


def test_markup_typed_into_a_name_is_printed_as_text_and_fetches_nothing(app):
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/x.png"
        certificate = make_certificate(printed_name=f'<img src="{url}">')
        with app.test_request_context():
            text = pdf_text(certificates.certificate_pdf(certificate))
        # Even a page that asked for it by itself could not make the renderer fetch it.
        certificates.render_pdf(f'<img src="{url}"><link rel="stylesheet" href="{url}">')
    finally:
        server.shutdown()
        server.server_close()
    assert '<img src="' in text
    assert hits == []


def test_a_certificate_pdf_takes_well_under_two_seconds(app):
    _person, certificate = graduate()
    timings = []
    with app.test_request_context():
        for _ in range(3):
            started = time.perf_counter()
            certificates.certificate_pdf(certificate)
            timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 1.0, timings


def test_the_keepsake_tells_the_journey(app):
    person, certificate = graduate()
    ending = services.ending_for(person)
    services.update_plan(
        ending,
        actor=person,
        proud_of="Cooking for 30 people at Eat Club",
        keep_doing="Volunteering on Saturdays",
        carrying_on="Eat Club carries on",
        contacts_after="Sam, and the leaving care team",
        message_for_members="",
    )
    db.session.commit()
    with app.test_request_context():
        pdf = certificates.keepsake_pdf(person, ending, language="en")
    text = pdf_text(pdf)
    for expected in (
        "My journey",
        "Jordan",
        "Joined YouthHub",
        "Graduated!",
        "Got my graduation certificate",
        "13 months with us",
        "What I'm proud of",
        "Cooking for 30 people at Eat Club",
        "Sam, and the leaving care team",
        "Not filled in yet",
        format_code(certificate.code),
    ):
        assert expected in text, expected
    assert qr_codes(pdf) == [f"{BASE_URL}/verify/{format_code(certificate.code)}"]


def test_a_keepsake_before_graduation_has_no_certificate_yet(app):
    person = make_young_person(name="Kai")
    with app.test_request_context():
        pdf = certificates.keepsake_pdf(person, services.ending_for(person), language="cy")
    text = pdf_text(pdf)
    assert "Fy nhaith" in text
    assert "Kai" in text
    assert qr_codes(pdf) == []


def keepsake_of(app, person, language="en") -> bytes:
    with app.test_request_context():
        return certificates.keepsake_pdf(person, services.ending_for(person), language=language)


def test_a_keepsake_after_a_revoked_certificate_prints_no_code_and_a_kind_line(app):
    person, certificate = graduate()
    services.revoke_certificate(certificate, reason="Printed name misspelt", actor=make_worker())
    db.session.commit()
    pdf = keepsake_of(app, person)
    text = " ".join(pdf_text(pdf).split())
    assert format_code(certificate.code) not in text
    assert qr_codes(pdf) == []
    assert "My certificate isn't in this copy of my keepsake. My worker can tell me more" in text
    assert "Printed name misspelt" not in text  # the reason is for staff
    welsh = " ".join(pdf_text(keepsake_of(app, person, "cy")).split())
    assert "Dyw fy nhystysgrif ddim yn y copi hwn" in welsh


def test_a_keepsake_after_a_reissue_carries_only_the_new_certificate(app):
    person, old = graduate()
    new = services.reissue_certificate(old, actor=make_worker())
    db.session.commit()
    pdf = keepsake_of(app, person)
    text = pdf_text(pdf)
    assert format_code(new.code) in text
    assert format_code(old.code) not in text
    assert qr_codes(pdf) == [f"{BASE_URL}/verify/{format_code(new.code)}"]
