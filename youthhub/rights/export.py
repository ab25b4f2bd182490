"""The "download my data" zip: `my-data.json` (every field, keys documented in
`my-data.schema.json`), `my-data.html` (the same in plain words, in the person's language, one
file that works offline), their certificates' PDFs and their "My journey" keepsake."""

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from youthhub.accounts.equality_questions import QUESTIONS
from youthhub.accounts.models import User
from youthhub.core.i18n import locale_for
from youthhub.core.time import LONDON, utcnow
from youthhub.endings import certificates
from youthhub.endings.codes import format_code
from youthhub.endings.models import Certificate, Ending
from youthhub.extensions import db
from youthhub.rights.registry import EXPORT_ORDER, sources

SCHEMA_PATH = Path(__file__).with_name("my-data.schema.json")
FORMAT_VERSION = 1


def collect(person: User, *, by_staff: bool = False) -> dict:
    """Everything every domain holds about `person`, as JSON-ready values. A download made by
    staff (with the young person, in person) leaves out what no staff member may ever see
    (their equality answers), saying so in its place."""
    sections = {
        source.key: source.left_out()
        if by_staff and getattr(source, "staff_never_see", False)
        else source.export(person)
        for source in sources()
    }
    return {
        "format_version": FORMAT_VERSION,
        "programme": current_app.config["PROGRAMME_NAME"],
        "made_at": utcnow().isoformat(),
        **{key: sections[key] for key in EXPORT_ORDER},
    }


def language_of(person: User) -> str:
    return person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def my_data_html(data: dict, person: User) -> str:
    language = language_of(person)
    with force_locale(locale_for(language)):
        return render_template(
            "rights/export/my_data.html",
            data=data,
            lang=locale_for(language).replace("_", "-"),
            made_at=datetime.fromisoformat(data["made_at"]).astimezone(LONDON),
            equality_questions=QUESTIONS,
        )


def _pdfs(person: User) -> list[tuple[str, bytes]]:
    files = []
    current = db.session.scalars(
        select(Certificate).where(
            Certificate.person_id == person.id, Certificate.revoked_at.is_(None)
        )
    )
    for certificate in current:
        name = f"certificate-{format_code(certificate.code)}.pdf"
        files.append((name, certificates.certificate_pdf(certificate)))
    ending = db.session.scalar(select(Ending).where(Ending.person_id == person.id))
    if ending is not None:
        keepsake = certificates.keepsake_pdf(person, ending, language=language_of(person))
        files.append(("my-journey.pdf", keepsake))
    return files


def my_data_zip(person: User, *, by_staff: bool = False) -> bytes:
    """The whole download, as the bytes of a zip file (`by_staff`: see `collect`)."""
    data = collect(person, by_staff=by_staff)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("my-data.html", my_data_html(data, person))
        archive.writestr("my-data.schema.json", SCHEMA_PATH.read_text())
        for name, pdf in _pdfs(person):
            archive.writestr(name, pdf)
    return out.getvalue()
