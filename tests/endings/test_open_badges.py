"""What 1EdTech's Open Badges 3.0 conformance expects beyond the signature (test_credentials.py):
the revocation status list, the recipient's email hash where they agree, the baked badge
picture, and the issuer and achievement addresses answering JSON or a page."""

import hashlib
import io
import json
from datetime import timedelta

import jwt
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet
from PIL import Image

from tests.endings.badges import BASE_URL, official_schema, read_status_bit, validate
from tests.factories import log_in, make_certificate, make_worker, make_young_person
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import utcnow
from youthhub.endings import services
from youthhub.endings.models import Ending
from youthhub.extensions import db
from youthhub.rights import services as rights

STATUS_LIST = "/credentials/status/revocation"


@pytest.fixture
def app_config():
    return {"PUBLIC_BASE_URL": BASE_URL}


def downloaded_badge(client, person) -> dict:
    log_in(client, person)
    response = client.get("/my-ending/open-badge.jwt")
    assert response.status_code == 200
    return jwt.decode(response.get_data(as_text=True), options={"verify_signature": False})


def status_bit(client, entry: dict) -> int:
    """What a verifier does with `credentialStatus`: fetch the list credential it names and the
    published keys, then read the entry's bit (`read_status_bit`)."""
    assert entry["statusListCredential"] == f"{BASE_URL}{STATUS_LIST}"
    response = client.get(STATUS_LIST)
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    key_set = client.get("/.well-known/jwks.json").get_json()
    return read_status_bit(response.get_data(as_text=True), key_set, entry)


class TestRevocationStatus:
    def test_a_current_certificate_is_not_revoked_and_a_revoked_one_is(self, client):
        person, worker = make_young_person(), make_worker()
        certificate = make_certificate(person, worker)
        entry = downloaded_badge(client, person)["credentialStatus"]
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusListIndex"] == str(certificate.status_index)
        assert status_bit(client, entry) == 0

        services.revoke_certificate(certificate, reason="Mistake", actor=worker)
        db.session.commit()

        assert status_bit(client, entry) == 1

    def test_a_reissue_revokes_the_old_badge_and_the_new_one_is_good(self, client):
        person, worker = make_young_person(), make_worker()
        old = make_certificate(person, worker)
        old_entry = downloaded_badge(client, person)["credentialStatus"]
        services.reissue_certificate(old, actor=worker)
        db.session.commit()
        new_entry = downloaded_badge(client, person)["credentialStatus"]
        assert new_entry["statusListIndex"] != old_entry["statusListIndex"]
        assert (status_bit(client, old_entry), status_bit(client, new_entry)) == (1, 0)

    def test_erasing_the_holder_revokes_their_badge(self, client):
        person = make_young_person()
        make_certificate(person)
        entry = downloaded_badge(client, person)["credentialStatus"]
        rights.erase_person(person, actor=None)
        db.session.commit()
        assert status_bit(client, entry) == 1

    def test_each_certificate_has_a_bit_of_its_own(self, app):
        indexes = {make_certificate().status_index for _ in range(5)}
        assert len(indexes) == 5
        assert all(0 <= index < 131_072 for index in indexes)


class TestEmailHash:
    def test_by_default_the_badge_names_them_only_by_the_printed_name(self, client):
        person = make_young_person(email="jordan@example.org")
        make_certificate(person)
        claims = downloaded_badge(client, person)
        assert [i["identityType"] for i in claims["credentialSubject"]["identifier"]] == ["name"]
        assert "jordan@example.org" not in json.dumps(claims)

    def test_with_their_yes_it_carries_a_salted_sha256_of_their_email(self, client):
        person = make_young_person(email="Jordan@Example.org")
        make_certificate(person)
        log_in(client, person)
        assert client.get("/my-ending/badge-email").status_code == 200
        response = client.post("/my-ending/badge-email", data={"include": "yes"})
        assert response.status_code == 302

        claims = downloaded_badge(client, person)

        _name, email = claims["credentialSubject"]["identifier"]
        assert (email["identityType"], email["hashed"]) == ("emailAddress", True)
        assert len(email["salt"]) >= 16
        # As a verifier checks it: the email it was given, then the salt, through SHA-256.
        expected = hashlib.sha256(("jordan@example.org" + email["salt"]).encode()).hexdigest()
        assert email["identityHash"] == f"sha256${expected}"
        assert "jordan@example.org" not in json.dumps(claims).lower()
        validate(claims, official_schema("ob_v3p0_achievementcredential_schema.json"))

    def test_a_no_takes_it_out_and_a_new_yes_has_a_new_salt(self, app):
        person = make_young_person()
        ending = services.ending_for(person)
        services.choose_badge_email(ending, include=True, actor=person)
        first = ending.badge_email_salt
        services.choose_badge_email(ending, include=False, actor=person)
        assert ending.badge_email_salt is None
        services.choose_badge_email(ending, include=True, actor=person)
        assert ending.badge_email_salt not in (None, first)

    def test_only_they_can_choose(self, app):
        person = make_young_person()
        with pytest.raises(NotAllowed):
            services.choose_badge_email(
                services.ending_for(person), include=True, actor=make_worker()
            )

    def test_someone_without_an_email_is_told_why_not(self, app):
        person = make_young_person()
        person.email = None
        with pytest.raises(DomainError, match="email address"):
            services.choose_badge_email(services.ending_for(person), include=True, actor=person)

    def test_a_made_up_answer_is_refused_kindly(self, client):
        person = make_young_person()
        log_in(client, person)
        response = client.post("/my-ending/badge-email", data={"include": "maybe"})
        assert response.status_code == 200
        assert "Choose from the list." in response.get_data(as_text=True)
        assert services.ending_for(person).badge_email_salt is None

    def test_their_choice_is_in_their_data_and_goes_when_they_are_erased(self, app):
        from youthhub.endings.personal_data import EndingsData

        person = make_young_person()
        services.choose_badge_email(services.ending_for(person), include=True, actor=person)
        assert EndingsData().export(person)["plan"]["badge_email_hash"] is True
        rights.erase_person(person, actor=None)
        assert db.session.query(Ending).filter_by(person_id=person.id).count() == 0


def text_chunks(png: bytes) -> dict:
    """The PNG's text chunks as Pillow (a separate PNG reader) finds them."""
    image = Image.open(io.BytesIO(png))
    image.load()
    return dict(image.text)


class TestBakedBadge:
    def test_the_badge_picture_carries_the_signed_credential(self, client):
        person = make_young_person(created_at=utcnow() - timedelta(days=30))
        make_certificate(person)
        log_in(client, person)
        jwt_download = client.get("/my-ending/open-badge.jwt").get_data(as_text=True)

        response = client.get("/my-ending/badge.png")

        assert response.status_code == 200
        assert response.mimetype == "image/png"
        assert "attachment" in response.headers["Content-Disposition"]
        baked = text_chunks(response.data)["openbadgecredential"]
        keys = KeySet.import_key_set(client.get("/.well-known/jwks.json").get_json())
        claims = jose_jwt.decode(baked, keys, algorithms=["RS256"]).claims
        assert claims["id"] == jwt.decode(jwt_download, options={"verify_signature": False})["id"]
        # Baked uncompressed in an iTXt chunk, as the Open Badges 3.0 baking rules say.
        assert b"iTXtopenbadgecredential\x00\x00\x00\x00\x00" + baked.encode() in response.data

    def test_the_picture_is_the_achievements_image(self, client):
        person = make_young_person()
        make_certificate(person)
        log_in(client, person)
        baked = Image.open(io.BytesIO(client.get("/my-ending/badge.png").data))
        plain = Image.open(io.BytesIO(client.get("/achievements/graduation.png").data))
        assert baked.size == plain.size == (512, 512)
        assert baked.tobytes() == plain.tobytes()
        assert "openbadgecredential" not in plain.text

    def test_no_current_certificate_no_badge_picture(self, client):
        person = make_young_person()
        certificate = make_certificate(person)
        services.revoke_certificate(certificate, reason="Mistake", actor=make_worker())
        db.session.commit()
        log_in(client, person)
        assert client.get("/my-ending/badge.png").status_code == 404


class TestIssuerAndAchievementAddresses:
    @pytest.mark.parametrize("accept", ["application/json", "application/ld+json"])
    def test_the_issuer_answers_a_verifier_with_its_profile(self, client, accept):
        response = client.get("/issuer", headers={"Accept": accept})
        assert response.mimetype == "application/json"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Accept" in response.headers["Vary"]
        profile = response.get_json()
        validate(profile, official_schema("ob_v3p0_profile_schema.json"))
        assert profile["id"] == f"{BASE_URL}/issuer"

    def test_the_achievement_answers_a_verifier_with_the_achievement(self, client):
        response = client.get("/achievements/graduation", headers={"Accept": "application/json"})
        achievement = response.get_json()
        schema = official_schema("ob_v3p0_achievementcredential_schema.json")
        only_achievement = {key: schema[key] for key in ("$schema", "$id", "$defs")}
        validate(achievement, {**only_achievement, "$ref": "#/$defs/Achievement"})
        assert achievement["image"]["id"] == f"{BASE_URL}/achievements/graduation.png"
        assert client.get(achievement["image"]["id"].removeprefix(BASE_URL)).status_code == 200

    @pytest.mark.parametrize("path", ["/issuer", "/achievements/graduation"])
    def test_a_browser_gets_a_page(self, client, path):
        browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        response = client.get(path, headers={"Accept": browser_accept})
        assert response.status_code == 200
        assert response.mimetype == "text/html"
        assert "Graduated from YouthHub" in response.get_data(as_text=True)

    def test_the_pages_answer_in_welsh(self, client):
        response = client.get("/achievements/graduation", headers={"Accept-Language": "cy"})
        assert "Wedi graddio o YouthHub" in response.get_data(as_text=True)


class TestCheckPageLanguage:
    def test_a_welsh_certificates_page_is_in_welsh_with_a_link_to_english(self, client):
        person = make_young_person(locale="cy")
        certificate = make_certificate(person)
        path = f"/verify/{certificate.code}"

        page = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)

        assert '<html lang="cy"' in page
        assert "Mae'r dystysgrif hon yn ddilys" in page
        assert 'hreflang="en"' in page and "Read this page in English" in page
        english = client.get(path + "?lang=en").get_data(as_text=True)
        assert '<html lang="en' in english and "This certificate is real" in english
        assert "Darllenwch y dudalen hon yn Gymraeg" in english

    def test_an_english_certificates_page_is_in_english_for_a_welsh_browser(self, client):
        certificate = make_certificate(make_young_person(locale="en"))
        page = client.get(f"/verify/{certificate.code}", headers={"Accept-Language": "cy"})
        assert "This certificate is real" in page.get_data(as_text=True)


def test_the_status_list_and_badge_picture_take_the_same_queries_however_many_certificates(
    client,
):
    from tests.support.queries import count_queries

    person = make_young_person()
    make_certificate(person)
    log_in(client, person)

    anyone = client.application.test_client()  # a verifier, signed in as nobody

    def queries_for(url):
        with count_queries(db.engine) as statements:
            assert (anyone if url == STATUS_LIST else client).get(url).status_code == 200
        return len(statements)

    before = {url: queries_for(url) for url in (STATUS_LIST, "/my-ending/badge.png")}
    worker = make_worker()
    for _ in range(12):
        services.revoke_certificate(make_certificate(), reason="Mistake", actor=worker)
    db.session.commit()
    after = {url: queries_for(url) for url in before}
    assert after == before
    assert before[STATUS_LIST] == 1  # the revoked certificates' bits, nothing else
