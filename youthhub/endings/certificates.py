"""PDFs: the graduation certificate (A4 landscape) and the "My journey" keepsake (A4 portrait),
rendered from their own print templates as tagged, archival PDFs (`core/pdf.py`).

Both use only fonts installed on the machine and fetch nothing: the QR code is drawn inline as
SVG, with a `<title>` that becomes its alternative text for a screen reader.
"""

import segno
from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from youthhub.accounts.models import User
from youthhub.core.i18n import locale_for
from youthhub.core.pdf import render_pdf
from youthhub.endings import journey, queries
from youthhub.endings.codes import format_code
from youthhub.endings.credentials import base_url, verify_url
from youthhub.endings.forms import PLAN_QUESTIONS
from youthhub.endings.models import Certificate, Ending


def qr_svg(url: str) -> Markup:
    """The link as a QR code, drawn as inline SVG (sized by the stylesheet), titled with what it
    is for: the PDF's alternative text for the image."""
    code = segno.make(url, error="m")
    title = _("QR code: a link to the page that checks this certificate is real")
    svg = code.svg_inline(omitsize=True, border=0, dark="#2b1a4a", title=title)
    return Markup(svg)  # noqa: S704 - segno's own SVG, and segno escapes the title


def check_site() -> str:
    """Where a person can type a code in: the address without "https://", easy to copy."""
    return (base_url() + url_for("endings.verify_form")).split("://", 1)[-1]


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate, in the language it was issued in."""
    language = certificate.language
    url = verify_url(certificate)
    with force_locale(locale_for(language)):
        html = render_template(
            "endings/print/certificate.html",
            certificate=certificate,
            lang=locale_for(language).replace("_", "-"),
            highlights=[text for text in map(journey.describe, certificate.highlights) if text],
            code=format_code(certificate.code),
            check_site=check_site(),
            qr=qr_svg(url),
        )
    return render_pdf(html)


def keepsake_pdf(person: User, ending: Ending, *, language: str) -> bytes:
    """The young person's "My journey" keepsake, in the language they use the app in."""
    certificate = queries.current_certificate(person)
    with force_locale(locale_for(language)):
        url = verify_url(certificate) if certificate else None
        html = render_template(
            "endings/print/keepsake.html",
            person=person,
            ending=ending,
            lang=locale_for(language).replace("_", "-"),
            joined_on=journey.joined_on(person),
            highlights=list(map(journey.describe, journey.available_highlights(person, ending))),
            timeline=journey.timeline(person, ending),
            certificate=certificate,
            # Only the current certificate's code; after one is revoked, a kind line instead.
            certificate_withdrawn=certificate is None and bool(queries.certificates_of(person)),
            code=format_code(certificate.code) if certificate else None,
            check_site=check_site(),
            qr=qr_svg(url) if url else None,
            plan_questions=PLAN_QUESTIONS,
        )
    return render_pdf(html)
