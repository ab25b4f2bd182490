"""Download my data: every planted value from every domain is in it, nobody else's is, the
JSON matches the schema kept in the repo, and the zip holds the certificate and keepsake."""

import io
import json
import zipfile

import jsonschema
from sqlalchemy import select

from tests.factories import log_in, make_young_person
from youthhub.accounts.models import UserSession
from youthhub.core.access_log import AccessEntry
from youthhub.core.audit import AuditEntry
from youthhub.extensions import db
from youthhub.rights.export import SCHEMA_PATH, collect, my_data_zip


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_download_holds_everything_of_theirs_and_nothing_of_anyone_elses(
    app, everywhere, someone_else
):
    with app.test_request_context():
        files = unzip(my_data_zip(everywhere.person))
    text = files["my-data.json"].decode() + files["my-data.html"].decode()
    assert [planted for planted in everywhere.texts if planted not in text] == []
    assert [planted for planted in someone_else.texts if planted in text] == []


def test_each_domain_is_in_the_json(app, everywhere):
    with app.test_request_context():
        data = collect(everywhere.person)
    assert data["account"]["key_worker"] == "Sam Worker"
    assert len(data["activities"]["bookings"]) == 2
    assert data["activities"]["attendance"][0]["came"] is True
    assert data["activities"]["calendar_link_made_at"]
    assert data["groups"][0]["lead"] is True
    assert data["goals"]["goals"][0]["worker_comments"][0]["by"] == "Sam Worker"
    assert data["goals"]["get_in_touch_requests"]
    assert data["money"]["claims"][0]["payment"]["reference"] == "BACS-1"
    assert data["money"]["payment_choices"]["default_choice"] == "bank_transfer"
    assert data["ending"]["certificates"][0]["code"]
    assert data["notices"]
    assert [given["kind"] for given in data["support"]] == ["Journey bag given"]
    with app.test_request_context():
        page = unzip(my_data_zip(everywhere.person))["my-data.html"].decode()
    assert "Support given to me" in page and "Journey bag given" in page
    assert "ending.plan_updated" in {entry["action"] for entry in data["audit"]}


def test_the_json_validates_against_the_schema_in_the_repo(app, everywhere):
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    with app.test_request_context():
        files = unzip(my_data_zip(everywhere.person))
    jsonschema.validate(json.loads(files["my-data.json"]), schema)
    assert json.loads(files["my-data.schema.json"]) == schema


def test_an_empty_account_validates_too(app):
    person = make_young_person()
    with app.test_request_context():
        data = collect(person)
    jsonschema.validate(json.loads(json.dumps(data)), json.loads(SCHEMA_PATH.read_text()))


def test_someone_without_an_account_validates_too(app):
    from tests.factories import make_worker
    from youthhub.accounts.people import add_young_person

    person = add_young_person(preferred_name="Remi", actor=make_worker())
    with app.test_request_context():
        files = unzip(my_data_zip(person))
    data = json.loads(files["my-data.json"])
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()))
    assert data["account"]["email"] is None
    assert "None" not in files["my-data.html"].decode()


def test_the_zip_holds_the_certificate_and_the_keepsake(app, everywhere):
    with app.test_request_context():
        files = unzip(my_data_zip(everywhere.person))
    assert any(name.startswith("certificate-") for name in files)
    assert "my-journey.pdf" in files
    assert all(files[name].startswith(b"%PDF") for name in files if name.endswith(".pdf"))


def test_the_html_is_in_their_language_and_fetches_nothing(app, everywhere):
    everywhere.person.locale = "cy"
    db.session.commit()
    with app.test_request_context():
        html = unzip(my_data_zip(everywhere.person))["my-data.html"].decode()
    assert '<html lang="cy">' in html
    assert "src=" not in html and "<link" not in html and "<script" not in html


# Through the web ---------------------------------------------------------------------------


def test_a_young_person_downloads_by_a_link_only_they_can_use(app, client, everywhere):
    log_in(client, everywhere.person)
    response = client.post("/my-data/download")
    link = response.headers["Location"]
    assert "/my-data/download/" in link
    download = client.get(link)
    assert download.mimetype == "application/zip"
    assert "private" in download.headers["Cache-Control"]
    assert "my-data.json" in unzip(download.data)

    other = app.test_client()
    log_in(other, make_young_person())
    refused = other.get(link)
    assert refused.status_code == 302 and refused.location.endswith("/my-data/")


def test_the_link_expires(app, client, everywhere):
    app.config["MY_DATA_LINK_MINUTES"] = -1
    log_in(client, everywhere.person)
    link = client.post("/my-data/download").headers["Location"]
    response = client.get(link, follow_redirects=True)
    assert "This download link has expired" in response.get_data(as_text=True)


def test_staff_export_for_a_young_person_is_audited_and_seen_by_them(
    app, client, everywhere, staff
):
    log_in(client, staff.worker)
    response = client.post(f"/manage/data/people/{everywhere.person.id}/export")
    assert response.mimetype == "application/zip"
    assert everywhere.texts[0] in unzip(response.data)["my-data.json"].decode()
    audited = db.session.scalars(
        db.select(AuditEntry).filter_by(action="data.exported_for_person")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in audited] == [
        (staff.worker.id, everywhere.person.id)
    ]
    looks = db.session.scalars(db.select(AccessEntry).filter_by(what="export")).all()
    assert [(look.person_id, look.viewer_id) for look in looks] == [
        (everywhere.person.id, staff.worker.id)
    ]


def test_only_their_own_worker_or_an_admin_can_export(app, client, everywhere, staff):
    from tests.factories import make_worker

    log_in(client, make_worker())
    assert client.post(f"/manage/data/people/{everywhere.person.id}/export").status_code == 403
    admin = app.test_client()
    log_in(admin, staff.admin)
    assert admin.post(f"/manage/data/people/{everywhere.person.id}/export").status_code == 200


def test_where_they_signed_in_is_in_the_download_never_a_token(app, client, everywhere):
    person = everywhere.person
    log_in(client, person)
    client.post("/logout")
    log_in(client, person)
    with app.test_request_context():
        files = unzip(my_data_zip(person))
    devices = json.loads(files["my-data.json"])["account"]["signed_in_devices"]
    assert [device["why_it_ended"] for device in devices] == ["logged_out", None]
    assert devices[0]["signed_out_at"] is not None and devices[1]["signed_out_at"] is None
    html = files["my-data.html"].decode()
    assert "Where I signed in" in html and html.count("Signed out: ") == 1
    tokens = db.session.scalars(select(UserSession.token_hash)).all()
    assert tokens and not any(token in repr(files) for token in tokens)
