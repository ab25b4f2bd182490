"""Endings in a real browser: the journey from the issue (a worker moves the ending date, the
young person fills in their plan and picks highlights, the worker issues the certificate, the
young person downloads it, and a logged-out phone checks it, before and after a revoke), and
every new page checked with axe-core (WCAG 2.2 A/AA) in English and Welsh at a small phone's
width with thumb-sized targets."""

from datetime import timedelta

import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet
from PIL import Image
from playwright.sync_api import expect

from tests.activities.factories import make_activity, make_attendance, make_group, make_member
from tests.browser.helpers import LANGUAGES, log_in, new_context
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.endings.badges import read_status_bit
from tests.endings.pdfs import pdf_text, qr_codes
from tests.factories import (
    make_admin,
    make_certificate,
    make_worker,
    make_young_person,
)
from youthhub.core.time import london_today, utcnow
from youthhub.endings import queries, services
from youthhub.endings.codes import format_code
from youthhub.extensions import db

# The certificate, badge and journey are made when asked (WeasyPrint lays out the PDFs): on a busy
# machine that takes longer than the five seconds a click usually waits (a whole run at load 20
# met it).
MADE_ON_DEMAND_MS = 30_000

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def test_plan_choose_issue_download_verify_and_revoke(browser, live_server, tmp_path):
    sam = make_worker(name="Sam")
    kai = make_young_person(name="Kai", key_worker=sam, created_at=utcnow() - timedelta(days=300))
    make_attendance(make_activity(title="Podcast training", starts_in=timedelta(days=-20)), kai)
    contexts = [new_context(browser, live_server) for _ in range(3)]
    worker, young, stranger = (context.new_page() for context in contexts)
    try:
        log_in(worker, sam)
        log_in(young, kai)

        # The worker finds Kai among those ending within 90 days and brings the date forward.
        worker.goto("/manage/endings")
        worker.get_by_role("link", name="Kai").first.click()
        new_date = london_today() + timedelta(days=20)
        worker.get_by_label("New planned ending date").fill(new_date.isoformat())
        worker.get_by_label("Why is it changing?").fill("Kai starts college next month")
        worker.get_by_role("button", name="Change the date").click()
        expect(worker.get_by_role("status")).to_contain_text("The planned ending date is changed")

        # Kai sees the new date, kindly, and fills in the plan.
        young.goto("/")
        expect(young.get_by_text(f"You're with us until {long_date(new_date)}.")).to_be_visible()
        expect(young.get_by_role("region", name="News for you")).to_contain_text(
            "Your planned ending date is now"
        )
        young.get_by_role("link", name="Start my ending plan").click()
        young.get_by_role("link", name="Start my plan").click()
        young.get_by_label("What I'm proud of").fill("Making a podcast episode")
        young.get_by_label("What I want to keep doing").fill("Recording and editing")
        young.get_by_label("Groups and connections that carry on after").fill("Eat Club")
        young.get_by_label("Who I can contact afterwards").fill("Sam, and my PA")
        young.get_by_label("A message for future members (optional)").fill("Say yes to things!")
        young.get_by_label("I'm happy for the programme to share my message").check()
        young.get_by_role("button", name="Save the plan").click()
        expect(young.get_by_role("status")).to_contain_text("Your ending plan is saved")

        # ...and chooses what goes on the certificate.
        young.get_by_role("link", name="Choose what goes on my certificate").click()
        young.get_by_label("Your name as you want it printed").fill("Kai Mensah")
        young.get_by_label("Took part in 1 activity").check()
        young.get_by_role("button", name="Save my choices").click()
        expect(young.get_by_role("status")).to_contain_text("what your certificate will show")

        # The worker records the graduation and issues the certificate.
        worker.reload()
        expect(worker.get_by_text("Making a podcast episode")).to_be_visible()
        worker.get_by_label("Graduation date").fill(london_today().isoformat())
        worker.get_by_role("button", name="Record the graduation").click()
        expect(worker.get_by_role("status")).to_contain_text("Graduation recorded")
        expect(worker.get_by_text("Name: Kai Mensah")).to_be_visible()
        expect(worker.get_by_text("Took part in 1 activity")).to_be_visible()
        worker.get_by_role("button", name="Issue the certificate").click()
        expect(worker.get_by_role("status")).to_contain_text("Certificate issued")

        # Kai downloads it: their name, the highlight they chose, and a QR code to check it.
        young.goto("/my-ending")
        with young.expect_download(timeout=MADE_ON_DEMAND_MS) as download:
            young.get_by_role("link", name="Download my certificate (PDF)").click(
                timeout=MADE_ON_DEMAND_MS
            )
        pdf = tmp_path / "certificate.pdf"
        download.value.save_as(pdf)
        text = pdf_text(pdf.read_bytes())
        assert "Kai Mensah" in text and "Took part in 1 activity" in text
        [verify_url] = qr_codes(pdf.read_bytes())
        certificate = queries.current_certificate(kai)
        assert verify_url == live_server.url(f"/verify/{format_code(certificate.code)}")
        assert format_code(certificate.code) in text

        # Kai lets employers match the badge to their email, and takes the badge picture: the
        # signed badge is inside it, naming them by that email's salted hash.
        young.get_by_role("link", name="Change this").click()
        young.get_by_label("Yes, add a scrambled copy of my email").check()
        young.get_by_role("button", name="Save my choice").click()
        expect(young.get_by_role("status")).to_contain_text("Your next badge download")
        with young.expect_download(timeout=MADE_ON_DEMAND_MS) as download:
            young.get_by_role("link", name="Download my badge picture").click(
                timeout=MADE_ON_DEMAND_MS
            )
        badge_png = tmp_path / "badge.png"
        download.value.save_as(badge_png)
        badge_jwt = Image.open(badge_png).text["openbadgecredential"]
        key_set = stranger.request.get(live_server.url("/.well-known/jwks.json")).json()
        badge = jose_jwt.decode(badge_jwt, KeySet.import_key_set(key_set)).claims
        assert [i["identityType"] for i in badge["credentialSubject"]["identifier"]] == [
            "name",
            "emailAddress",
        ]

        with young.expect_download(timeout=MADE_ON_DEMAND_MS) as download:
            young.get_by_role("link", name="Download my journey (PDF)").click(
                timeout=MADE_ON_DEMAND_MS
            )
        keepsake = tmp_path / "journey.pdf"
        download.value.save_as(keepsake)
        assert "Went to Podcast training" in pdf_text(keepsake.read_bytes())

        # Someone not logged in scans the QR code: genuine, and nothing private.
        stranger.goto(verify_url)
        expect(stranger.get_by_role("heading", level=1)).to_have_text("This certificate is real")
        expect(stranger.locator("main")).to_contain_text("Kai Mensah")
        expect(stranger.locator("main")).not_to_contain_text("podcast")

        # The worker revokes it; the same page now says so, with the date.
        worker.get_by_label("Why is it being revoked?").fill("Printed with the wrong name")
        worker.get_by_role("button", name="Revoke the certificate").click()
        expect(worker.get_by_role("status")).to_contain_text("The certificate is revoked")
        stranger.reload()
        expect(stranger.get_by_role("heading", level=1)).to_have_text(
            "This certificate has been revoked"
        )
        expect(stranger.locator("main")).to_contain_text(f"revoked on {long_date(london_today())}")
        expect(stranger.locator("main")).not_to_contain_text("wrong name")
        # ...and so does the badge's bit in the published status list, to any verifier.
        status = badge["credentialStatus"]
        status_list = stranger.request.get(status["statusListCredential"]).text()
        assert read_status_bit(status_list, key_set, status) == 1
    finally:
        for context in contexts:
            context.close()


# --- every new page, in English and Welsh ---

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def a_journey(**fields):
    """A young person with a long name, a year of activities and groups, and half a plan."""
    worker = make_worker(name="Sam")
    person = make_young_person(
        name="Oluwaseyifunmilayo",
        key_worker=worker,
        created_at=utcnow() - timedelta(days=330),
        **fields,
    )
    make_attendance(make_activity(title="Jollof night", starts_in=timedelta(days=-30)), person)
    make_member(make_group("Vibes in the Kitchen"), person, lead=True).decided_at = utcnow()
    ending = services.ending_for(person)
    services.update_plan(
        ending,
        actor=person,
        proud_of="Cooking for forty people at the summer showcase, and not panicking once.",
        keep_doing="",
        carrying_on="Vibes in the Kitchen carries on on Thursdays",
        contacts_after="",
        message_for_members="Turn up, it gets easier every week.",
        share_message=True,
    )
    services.choose_certificate_details(
        ending,
        printed_name="Oluwaseyifunmilayo Adebayo-Richards",
        highlight_keys=["activities", "groups_led"],
        actor=person,
    )
    db.session.commit()
    return person, worker


@recipe()
def my_ending(page):
    person, _worker = a_journey()
    log_in(page, person)
    return page.goto("/my-ending")


@recipe()
def my_ending_graduated(page):
    person, worker = a_journey()
    make_certificate(person, worker)
    log_in(page, person)
    return page.goto("/my-ending")


@recipe()
def home_graduated(page):
    person, worker = a_journey()
    make_certificate(person, worker)
    log_in(page, person)
    return page.goto("/")


@recipe()
def my_plan(page):
    person, _worker = a_journey()
    log_in(page, person)
    return page.goto("/my-ending/plan")


@recipe()
def certificate_choices_with_errors(page):
    person, _worker = a_journey()
    log_in(page, person)
    page.goto("/my-ending/certificate")
    page.locator("#printed_name").fill("")
    return submit_main_form(page)


@recipe()
def certificate_choices(page):
    person, _worker = a_journey()
    log_in(page, person)
    return page.goto("/my-ending/certificate")


@recipe()
def keepsake_choices(page):
    from tests.goals.factories import make_goal

    person, _worker = a_journey()
    make_goal(person, title="Get my provisional licence, then my full licence by the summer")
    make_goal(person, title="Cook a Sunday dinner for my nan")
    log_in(page, person)
    return page.goto("/my-ending/keepsake")


@recipe()
def endings_lists(page):
    worker = make_worker(name="Sam")
    for name, days in (("Oluwaseyifunmilayo", 10), ("Kai", 45), ("Jordan", 200)):
        ending = services.ending_for(make_young_person(name=name, key_worker=worker))
        ending.planned_on = london_today() + timedelta(days=days)
    db.session.commit()
    log_in(page, worker)
    return page.goto("/manage/endings")


@recipe()
def endings_person(page):
    person, worker = a_journey(pronouns="they/them")
    make_activity(title="Graduation celebration", starts_in=timedelta(days=2))
    log_in(page, worker)
    return page.goto(f"/manage/endings/{person.id}")


@recipe()
def endings_person_with_certificates(page):
    person, worker = a_journey()
    old = make_certificate(person, worker)
    services.reissue_certificate(old, actor=worker)
    db.session.commit()
    log_in(page, worker)
    return page.goto(f"/manage/endings/{person.id}")


@recipe()
def endings_person_with_errors(page):
    person, worker = a_journey()
    log_in(page, worker)
    page.goto(f"/manage/endings/{person.id}")
    page.locator("#planned_on").fill("2001-01-01")
    with page.expect_navigation() as navigation:
        page.locator("form[action$='/date'] button[type=submit]").click()
    return navigation.value


@recipe()
def endings_plan_for_staff(page):
    person, worker = a_journey()
    log_in(page, worker)
    return page.goto(f"/manage/endings/{person.id}/plan")


@recipe()
def programme_settings(page):
    log_in(page, make_admin(name="Alex"))
    return page.goto("/manage/programme-settings")


@recipe()
def programme_settings_with_errors(page):
    log_in(page, make_admin(name="Alex"))
    page.goto("/manage/programme-settings")
    page.locator("#default_length_months").fill("0")
    page.locator("#reminder_days").fill("soon")
    return submit_main_form(page)


@recipe()
def verify_form(page):
    return page.goto("/verify")


def asked_language(page) -> str:
    """The language this browser asks for, as a page shows it: the check page answers in its
    certificate's language, so the recipe issues the certificate in that one."""
    page.goto("/privacy")
    return page.locator("html").get_attribute("lang").split("-")[0]


def certificate_in(language: str):
    person, worker = a_journey()
    person.locale = language
    db.session.commit()
    return make_certificate(person, worker), worker


@recipe()
def verify_real(page):
    certificate, _worker = certificate_in(asked_language(page))
    return page.goto(f"/verify/{format_code(certificate.code)}")


@recipe()
def verify_revoked(page):
    certificate, worker = certificate_in(asked_language(page))
    services.revoke_certificate(certificate, reason="Mistake", actor=worker)
    db.session.commit()
    return page.goto(f"/verify/{format_code(certificate.code)}")


@recipe()
def issuer(page):
    return page.goto("/issuer")


@recipe()
def achievement(page):
    return page.goto("/achievements/graduation")


@recipe()
def my_badge_email(page):
    person, worker = a_journey()
    make_certificate(person, worker)
    log_in(page, person)
    return page.goto("/my-ending/badge-email")


@recipe(404)
def verify_unknown(page):
    return page.goto("/verify/ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_new_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
