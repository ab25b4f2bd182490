"""Every page of the foundation, each as a small recipe that sets up its data and opens it.

The accessibility and layout tests walk this list in English and in Welsh. A recipe gets the
Playwright page, leaves it showing the page to check, and returns the response that brought it,
so a test can tell it really reached that page (and not, say, the login page).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tests.browser.helpers import log_in
from tests.factories import make_admin, make_finance, make_user, make_worker, make_young_person
from youthhub.accounts import services
from youthhub.accounts.demo import seed_demo_people
from youthhub.accounts.models import Role
from youthhub.core.time import utcnow
from youthhub.extensions import db


def page_request_context():
    """Services that use the app's settings, outside the browser's own requests."""
    from flask import current_app

    return current_app.test_request_context()


@dataclass(frozen=True)
class PageRecipe:
    name: str
    open: Callable  # (page) -> the Response that brought the page
    status: int
    redirected: bool  # reached by a redirect on purpose (after a form is sent)


def recipe_book(recipes: list[PageRecipe]) -> Callable:
    """The `@recipe(status, redirected=...)` decorator of a list of pages: each function it
    decorates joins `recipes`, named after the function."""

    def recipe(status: int = 200, *, redirected: bool = False):
        def register(open_page):
            name = open_page.__name__.replace("_", "-")
            recipes.append(PageRecipe(name, open_page, status, redirected))
            return open_page

        return register

    return recipe


PAGES: list[PageRecipe] = []
recipe = recipe_book(PAGES)


def submit_main_form(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").first.click()
    return navigation.value


@recipe()
def welcome(page):
    return page.goto("/")


@recipe()
def login_with_demo_logins(page):
    seed_demo_people()
    db.session.commit()
    return page.goto("/login")


@recipe()
def login_with_errors(page):
    seed_demo_people()
    db.session.commit()
    page.goto("/login")
    page.locator("#email").fill("not an email")
    return submit_main_form(page)


@recipe()
def signup(page):
    return page.goto("/signup")


@recipe()
def signup_with_errors(page):
    page.goto("/signup")
    page.locator("#preferred_name").fill("Kai")
    page.locator("#birth_day").fill("31")
    page.locator("#birth_month").fill("2")
    page.locator("#birth_year").fill("2007")
    return submit_main_form(page)


@recipe(redirected=True)
def signup_link_sent(page):
    page.goto("/signup")
    page.locator("#preferred_name").fill("Kai")
    page.locator("#email").fill("kai@example.org")
    page.locator("#password").fill("kettle moon orange bus")
    page.locator("#birth_day").fill("14")
    page.locator("#birth_month").fill("2")
    page.locator("#birth_year").fill("2006")
    page.locator("#agree").check()
    return submit_main_form(page)


@recipe()
def finish_signing_up(page):
    with page_request_context():
        person = services.sign_up_young_person(
            preferred_name="Kai",
            email="kai@example.org",
            password="kettle moon orange bus",
            date_of_birth=date(2006, 2, 14),
        )
    db.session.commit()
    return page.goto(f"/signup/finish/{services.make_sign_up_token(person)}")


@recipe()
def change_weak_password(page):
    person = make_young_person(password="qwertyuiop")
    log_in(page, person, password="qwertyuiop")
    return page.goto("/profile/password")


@recipe()
def change_weak_password_with_errors(page):
    person = make_finance(password="qwertyuiop")
    log_in(page, person, password="qwertyuiop")
    page.goto("/profile/password")
    page.locator("#current_password").fill("qwertyuiop")
    page.locator("#new_password").fill("password1234")
    return submit_main_form(page)


@recipe()
def forgot_password(page):
    return page.goto("/forgot-password")


@recipe()
def reset_password(page):
    token = services.make_password_reset_token(make_young_person())
    return page.goto(f"/reset-password/{token}")


@recipe(410)
def reset_link_used(page):
    token = services.make_password_reset_token(make_young_person())
    services.reset_password(token, "a brand new password")
    db.session.commit()
    return page.goto(f"/reset-password/{token}")


@recipe()
def accept_invite(page):
    _invite, token = services.invite_staff(
        "new.worker@youthhub.example", ["youth_worker"], actor=make_admin()
    )
    db.session.commit()
    return page.goto(f"/invite/{token}")


@recipe(410)
def invite_link_broken(page):
    return page.goto("/invite/this-link-is-not-real")


@recipe()
def privacy(page):
    return page.goto("/privacy")


@recipe()
def offline(page):
    return page.goto("/offline")


@recipe()
def offline_never_kept(page):
    # Shown for a page the app never keeps (Money), whoever is signed in.
    log_in(page, make_young_person())
    return page.goto("/offline?page=private")


@recipe(404)
def not_found(page):
    return page.goto("/no-such-page")


@recipe(403)
def forbidden(page):
    log_in(page, make_young_person())
    return page.goto("/manage/people")


@recipe()
def young_person_home(page):
    worker = make_worker(name="Sam")
    # A long name with nowhere to break must still fit the screen.
    young = make_young_person(name="Oluwaseyifunmilayo", pronouns="they/them", key_worker=worker)
    log_in(page, young)
    return page.goto("/")


@recipe()
def profile(page):
    # A young person who is also a youth worker gets a "Staff area" link in the top bar too.
    peer_worker = make_user(
        Role.YOUNG_PERSON, Role.YOUTH_WORKER, name="Jordan", invite_code="PEER0001"
    )
    log_in(page, peer_worker)
    response = page.goto("/profile")
    assert page.locator('.top-bar a[href="/manage/"]').count() == 1
    return response


@recipe()
def notifications_on_this_phone(page):
    # Notifications already on in two browsers, so the page offers to turn them off too.
    from youthhub.notices.push_models import PushSubscription

    young = make_young_person(name="Oluwaseyifunmilayo")
    for number in (1, 2):
        db.session.add(
            PushSubscription(
                person_id=young.id,
                endpoint=f"https://fcm.googleapis.com/fcm/send/page-{number}",
                p256dh="x",
                auth="y",
                user_agent="Chrome Android",
            )
        )
    db.session.commit()
    log_in(page, young)
    return page.goto("/notices/phone")


@recipe()
def devices(page):
    # Signed in here and on three other devices, one of which the app can't name.
    from youthhub.accounts.sessions import open_session

    young = make_young_person(name="Oluwaseyifunmilayo")
    for user_agent in (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S911B) SamsungBrowser/26.0 Chrome/122.0 Safari/537",
        "a-long-unknown-agent/1.0",
    ):
        open_session(young, remember=True, user_agent=user_agent)
    db.session.commit()
    log_in(page, young)
    return page.goto("/profile/devices/")


@recipe()
def staff_home_youth_worker(page):
    worker = make_worker(name="Sam")
    make_young_person(key_worker=worker)
    log_in(page, worker)
    return page.goto("/manage/")


@recipe()
def staff_home_finance(page):
    log_in(page, make_finance(name="Priya"))
    return page.goto("/manage/")


@recipe()
def staff_home_admin(page):
    make_young_person()
    log_in(page, make_admin(name="Alex"))
    return page.goto("/manage/")


@recipe()
def people(page):
    admin = make_admin(name="Alex")
    make_worker(name="Sam")
    make_young_person(name="Jordan", disabled_at=utcnow())
    log_in(page, admin)
    return page.goto("/manage/people")


@recipe()
def person(page):
    admin = make_admin(name="Alex")
    worker = make_worker(name="Sam")
    young = make_young_person(name="Jordan", pronouns="they/them", key_worker=worker)
    log_in(page, admin)
    return page.goto(f"/manage/people/{young.id}")


@recipe()
def invites(page):
    admin = make_admin(name="Alex")
    services.invite_staff("new.worker@youthhub.example", ["youth_worker", "finance"], actor=admin)
    db.session.commit()
    log_in(page, admin)
    return page.goto("/manage/invites")


@recipe(redirected=True)
def invite_sent(page):
    log_in(page, make_admin(name="Alex"))
    page.goto("/manage/invites")
    page.locator("#email").fill("new.finance.person@youthhub.example")
    page.locator("input[value=finance]").check()
    response = submit_main_form(page)
    # The notice with the invite link (long, and unbreakable without help) is on the page.
    assert page.locator(".notice--success").inner_text().count("/invite/") == 1
    return response


@recipe()
def my_young_people(page):
    worker = make_worker(name="Sam")
    make_young_person(name="Jordan", pronouns="they/them", key_worker=worker)
    log_in(page, worker)
    return page.goto("/manage/my-young-people")


# Money -------------------------------------------------------------------------------------


def _money_people():
    from youthhub.payments.rates import ensure_default_rate_card

    ensure_default_rate_card()
    db.session.commit()
    worker = make_worker(name="Sam")
    young = make_young_person(name="Jordan", key_worker=worker)
    return young, worker, make_finance(name="Priya")


def _paid_claim(young, worker, finance, **fields):
    from tests.factories import in_a_request, make_approved_claim
    from youthhub.core.time import london_today
    from youthhub.payments import services as payment_services
    from youthhub.payments.models import PaymentMethod

    claim = make_approved_claim(young, worker, **fields)
    with in_a_request():
        payment = payment_services.record_payment(
            claim,
            actor=finance,
            method=PaymentMethod.VOUCHER,
            paid_on=london_today(),
            reference="V-1042",
        )
        db.session.commit()
    return claim, payment


@recipe()
def young_person_home_with_news(page):
    # Four paid claims, four approvals and two other notices: three lines and "See all".
    young, worker, finance = _money_people()
    for _ in range(4):
        _paid_claim(young, worker, finance, minutes=150)
    from youthhub.notices.services import add_notice

    add_notice(young, "A place came up at Cooking on Thursday, and it's yours.", link="/whats-on")
    add_notice(young, "You're in! Welcome to Eat Club.", link="/groups")
    db.session.commit()
    log_in(page, young)
    response = page.goto("/")
    assert (
        page.get_by_text("See all your news").count()
        + page.get_by_text("Gweld eich holl newyddion").count()
        == 1
    )
    return response


@recipe()
def news(page):
    young, worker, finance = _money_people()
    for _ in range(3):
        _paid_claim(young, worker, finance, minutes=150)
    from youthhub.notices.services import add_notice

    add_notice(young, "You're in! Welcome to Eat Club.", link="/groups")
    db.session.commit()
    log_in(page, young)
    return page.goto("/notices/")


@recipe()
def money(page):
    from tests.factories import make_approved_claim, make_claim
    from youthhub.payments.models import PaymentChoice

    young, worker, finance = _money_people()
    _paid_claim(young, worker, finance, kind="training_delivery", minutes=135)
    make_approved_claim(young, worker, kind="interview_panel", choice=PaymentChoice.CASH)
    make_claim(young, kind="podcast", description="Recorded an episode about leaving care")
    log_in(page, young)
    return page.goto("/money")


@recipe()
def money_near_the_threshold_and_stripe_ready(page):
    from flask import current_app

    from tests.factories import make_approved_claim
    from youthhub.payments import services as payment_services
    from youthhub.payments.models import PaymentChoice, StripeStatus

    current_app.config["PAYMENTS_THRESHOLD_PENCE"] = 3000
    young, worker, finance = _money_people()
    profile = payment_services.profile_for(young)
    profile.stripe_account_id, profile.stripe_status = "acct_1Fakepage", StripeStatus.READY
    profile.payout_problem = True
    profile.default_choice = PaymentChoice.STRIPE
    db.session.commit()
    _paid_claim(young, worker, finance)
    make_approved_claim(young, worker, choice=PaymentChoice.STRIPE)
    log_in(page, young)
    return page.goto("/money")


@recipe()
def money_how_it_works(page):
    log_in(page, _money_people()[0])
    return page.goto("/money/how-it-works")


@recipe()
def log_a_contribution(page):
    log_in(page, _money_people()[0])
    return page.goto("/money/claims/new")


@recipe()
def log_a_contribution_with_errors(page):
    log_in(page, _money_people()[0])
    page.goto("/money/claims/new")
    page.locator("#hours").fill("24")  # more than a claim's 12 hours: its own, longer words
    return submit_main_form(page)


@recipe()
def claim(page):
    from tests.factories import in_a_request, make_approved_claim
    from youthhub.payments import choices

    young, worker, _finance = _money_people()
    approved = make_approved_claim(young, worker, kind="co_design", minutes=150)
    with in_a_request():
        choices.take_less(approved, 2000, actor=young)
        db.session.commit()
    log_in(page, young)
    return page.goto(f"/money/claims/{approved.id}")


@recipe()
def paid_claim(page):
    young, worker, finance = _money_people()
    claim, _payment = _paid_claim(young, worker, finance)  # "Paid how": how it was paid
    log_in(page, young)
    return page.goto(f"/money/claims/{claim.id}")


@recipe(redirected=True)
def default_choice_saved_for_waiting_claims(page):
    from tests.factories import make_approved_claim, make_claim

    young, worker, _finance = _money_people()
    make_claim(young)
    make_approved_claim(young, worker)
    log_in(page, young)
    page.goto("/money")
    page.locator("#how-paid input[value=bank_transfer]").check()
    with page.expect_navigation() as navigation:
        page.locator("#how-paid button[type=submit]").click()
    assert page.locator(".notice--success").count() == 1
    return navigation.value


@recipe()
def receipt(page):
    young, worker, finance = _money_people()
    _claim, payment = _paid_claim(young, worker, finance)
    log_in(page, young)
    return page.goto(f"/money/payments/{payment.id}/receipt")


@recipe()
def staff_claims_waiting(page):
    from tests.factories import make_claim

    young, worker, _finance = _money_people()
    make_claim(young)
    make_claim(young, kind="research", minutes=45)
    log_in(page, worker)
    return page.goto("/manage/claims")


@recipe()
def staff_claim_to_approve(page):
    from tests.factories import make_claim

    young, _worker, _finance = _money_people()
    waiting = make_claim(young, minutes=75)
    log_in(page, make_worker(name="Ali"))
    return page.goto(f"/manage/claims/{waiting.id}")


@recipe()
def staff_claim_to_pay(page):
    from tests.factories import make_approved_claim
    from youthhub.payments.models import PaymentChoice

    young, worker, finance = _money_people()
    approved = make_approved_claim(young, worker, choice=PaymentChoice.STRIPE)
    log_in(page, finance)
    return page.goto(f"/manage/claims/{approved.id}")


@recipe()
def staff_log_a_contribution(page):
    _young, worker, _finance = _money_people()
    log_in(page, worker)
    return page.goto("/manage/claims/new")


@recipe()
def finance_queue(page):
    from tests.factories import make_approved_claim
    from youthhub.payments.models import ClaimStatus, PaymentChoice

    young, worker, finance = _money_people()
    other = make_young_person(name="Oluwaseyifunmilayo", key_worker=worker)
    make_approved_claim(young, worker, choice=PaymentChoice.STRIPE)
    make_approved_claim(young, worker, choice=PaymentChoice.CASH, kind="training_delivery")
    make_approved_claim(other, worker)
    failed = make_approved_claim(other, worker, choice=PaymentChoice.STRIPE)
    failed.status, failed.last_problem = ClaimStatus.FAILED, "account_invalid"
    db.session.commit()
    _paid_claim(other, worker, finance)
    log_in(page, finance)
    return page.goto("/manage/finance")


@recipe()
def staff_claims_second_page(page):
    """A page of a long queue, with its links to the others (two claims a page here)."""
    from unittest import mock

    from tests.factories import make_claim
    from youthhub.core import paging

    young, worker, _finance = _money_people()
    for minutes in (60, 90, 120, 45, 75):
        make_claim(young, minutes=minutes)
    log_in(page, worker)
    with mock.patch.object(paging, "PAGE_SIZE", 2):
        return page.goto("/manage/claims?page=2")


@recipe()
def finance_queue_second_page(page):
    from unittest import mock

    from tests.factories import make_approved_claim
    from youthhub.core import paging
    from youthhub.payments.models import PaymentChoice

    young, worker, finance = _money_people()
    for choice in (PaymentChoice.STRIPE, PaymentChoice.CASH, None, PaymentChoice.STRIPE):
        make_approved_claim(young, worker, choice=choice)
    log_in(page, finance)
    with mock.patch.object(paging, "PAGE_SIZE", 2):
        return page.goto("/manage/finance?page=2")


@recipe()
def finance_export(page):
    log_in(page, _money_people()[2])
    return page.goto("/manage/finance/export")


@recipe()
def rate_card(page):
    from youthhub.payments import rates
    from youthhub.payments.models import ContributionKind

    _money_people()
    admin = make_admin(name="Alex")
    panel = db.session.query(ContributionKind).filter_by(code="panel").one()
    rates.set_rate(
        panel, actor=admin, hourly_pence=1650, minimum_pence=1650, effective_from=utcnow().date()
    )
    db.session.commit()
    log_in(page, admin)
    return page.goto("/manage/rates")
