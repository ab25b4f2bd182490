"""Every page of the foundation, each as a small recipe that sets up its data and opens it.

The accessibility and layout tests walk this list in English and in Welsh. A recipe gets the
Playwright page, leaves it showing the page to check, and returns the response that brought it,
so a test can tell it really reached that page (and not, say, the login page).
"""

from collections.abc import Callable
from dataclasses import dataclass

from tests.browser.helpers import log_in
from tests.factories import make_admin, make_finance, make_user, make_worker, make_young_person
from youthhub.accounts import services
from youthhub.accounts.demo import seed_demo_people
from youthhub.accounts.models import Role
from youthhub.core.time import utcnow
from youthhub.extensions import db


@dataclass(frozen=True)
class PageRecipe:
    name: str
    open: Callable  # (page) -> the Response that brought the page
    status: int
    redirected: bool  # reached by a redirect on purpose (after a form is sent)


PAGES: list[PageRecipe] = []


def recipe(status: int = 200, *, redirected: bool = False):
    def register(open_page):
        name = open_page.__name__.replace("_", "-")
        PAGES.append(PageRecipe(name, open_page, status, redirected))
        return open_page

    return register


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
