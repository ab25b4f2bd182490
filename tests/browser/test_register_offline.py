"""The register at the door with no signal, on a 360 px phone with Chromium's offline switch: a
worker opens today online, takes the whole register offline (someone booked, a walk-in, the
headcounts), reloads, closes the page and opens it again, and when the signal is back the server
has one copy of each, with the times they were taken. Two workers offline who disagree see it
afterwards and decide (the first one's mark sent by Background Sync, with no page open). The
register with a conflict is checked with axe-core at 320 px."""

import time
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.activities.factories import make_activity, make_booking
from tests.browser.helpers import LANGUAGES, log_in, new_context
from tests.browser.pages import PageRecipe, recipe_book
from tests.browser.test_pwa import wait_until_controlled
from tests.factories import make_worker, make_young_person
from youthhub.accounts.models import User
from youthhub.activities import register_sync
from youthhub.activities.models import Activity, Attendance, RegisterChange, RegisterConflict
from youthhub.core.time import LONDON
from youthhub.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.committing, pytest.mark.service_worker]

KEPT = """async (url) => {
  const cache = await caches.open("pages-v1");
  return !!(await cache.match(url, { ignoreVary: true }));
}"""


def eat_club_today():
    now = datetime.now(LONDON)
    start = now.replace(hour=0, minute=1) if now.hour > 0 else now
    activity = make_activity(title="Eat Club", starts_at=start.astimezone(UTC), capacity=10)
    zara = make_young_person(name="Zara", pronouns="she/her")
    make_booking(activity, zara)
    return activity, zara


def open_today_online(context, worker, activity):
    """Log in and open the staff home: today's registers are kept on the phone."""
    # The service worker installs and copies pages first: slower than a page on a busy machine.
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/")
    wait_until_controlled(page)
    log_in(page, worker)
    page.goto("/manage/")
    wait_until_kept(page, f"/activities/{activity.id}/register")
    return page


def wait_until_kept(page, url: str, tries: int = 150) -> None:
    """The service worker has a copy of the page (it fetches it after the home has loaded)."""
    for _ in range(tries):
        if page.evaluate(KEPT, url):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{url} was never kept on the phone")


def test_a_whole_register_taken_offline_arrives_once_with_its_times(browser, live_server):
    activity, zara = eat_club_today()
    sam = make_worker(name="Sam")
    register = f"/activities/{activity.id}/register"
    context = new_context(browser, live_server)
    try:
        page = open_today_online(context, sam, activity)
        context.set_offline(True)
        page.goto(register)
        expect(page.get_by_role("heading", name="Register")).to_be_visible()

        page.get_by_role("group", name="Zara").get_by_label("Came").check()
        page.get_by_label("Name of the person who walked in").fill("Remi")
        page.get_by_role("button", name="Add them to the register").click()
        page.get_by_label("Professionals who came").fill("2")
        page.get_by_label("Young people we didn't take names for").fill("5")
        page.get_by_role("button", name="Save the register").click()
        status = page.get_by_role("status")
        expect(status).to_contain_text("4 changes waiting to send")
        taken_before = datetime.now(UTC)

        page.reload()
        expect(status).to_have_text("4 changes waiting to send")
        expect(page.get_by_role("group", name="Zara").get_by_label("Came")).to_be_checked()
        expect(page.locator("[data-register-list]")).to_contain_text("Remi")
        expect(page.get_by_label("Young people we didn't take names for")).to_have_value("5")
        page.close()

        page = context.new_page()
        page.goto(register)
        expect(page.get_by_role("status")).to_have_text("4 changes waiting to send")
        assert db.session.scalars(select(Attendance)).all() == []
        # Logging out would delete them from the phone: the worker is told first, and stays.
        page.locator("[data-outbox-logout] button").click()
        expect(page.locator("[data-outbox-leave-text]")).to_contain_text("Changes not sent yet: 4.")
        page.get_by_role("button", name="Stay logged in").click()

        context.set_offline(False)
        expect(page.get_by_role("status")).to_have_text("All changes sent.")
    finally:
        context.close()

    db.session.expire_all()
    rows = db.session.scalars(select(Attendance).order_by(Attendance.id)).all()
    remi = db.session.scalar(select(User).where(User.preferred_name == "Remi"))
    assert [(row.person_id, row.attended, row.walk_in) for row in rows] == [
        (zara.id, True, False),
        (remi.id, True, True),
    ]
    assert all(row.recorded_at <= taken_before for row in rows)
    activity = db.session.get(Activity, activity.id)
    assert (activity.professionals_count, activity.unnamed_young_people) == (2, 5)
    assert len(db.session.scalars(select(RegisterChange)).all()) == 4


@pytest.mark.full_chromium
def test_two_workers_offline_who_disagree_see_it_afterwards(browser, live_server):
    activity, zara = eat_club_today()
    alex, jo = make_worker(name="Alex"), make_worker(name="Jo")
    register = f"/activities/{activity.id}/register"
    contexts = [new_context(browser, live_server) for _ in range(2)]
    try:
        pages = [
            open_today_online(c, w, activity) for c, w in zip(contexts, (alex, jo), strict=True)
        ]
        for context, page, answer in zip(contexts, pages, ("Came", "Didn't come"), strict=True):
            context.set_offline(True)
            page.goto(register)
            page.get_by_role("group", name="Zara").get_by_label(answer).check()
            expect(page.get_by_role("status")).to_have_text("1 change waiting to send")

        # Alex's page is gone when the signal comes back: the service worker's Background Sync
        # sends the mark by itself.
        pages[0].goto("about:blank")
        contexts[0].set_offline(False)
        wait_for(lambda: marks_of(activity) == {zara.id: True})
        contexts[1].set_offline(False)
        jo_page = pages[1]
        expect(jo_page.get_by_role("status")).to_contain_text("marked some of this register")
        jo_page.get_by_role("link", name="Open the register to decide which is right").click()

        conflict = jo_page.get_by_role("region", name="Which is right?")
        expect(conflict).to_contain_text("Alex marked Zara as came at")
        expect(conflict).to_contain_text("Jo marked Zara as didn't come at")
        conflict.get_by_role("button", name="Zara didn't come").click()
        expect(jo_page.get_by_text("The register now says what you decided.")).to_be_visible()
        expect(jo_page.get_by_role("region", name="Which is right?")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()

    db.session.expire_all()
    [row] = db.session.scalars(select(Attendance)).all()
    assert (row.person_id, row.attended, row.recorded_by_id) == (zara.id, False, jo.id)
    [decided] = db.session.scalars(select(RegisterConflict)).all()
    assert decided.decided_by_id == jo.id


def marks_of(activity) -> dict[int, bool]:
    db.session.expire_all()
    rows = select(Attendance.person_id, Attendance.attended)
    return dict(db.session.execute(rows.where(Attendance.activity_id == activity.id)).all())


def wait_for(condition, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the server never had the change")


# --- the changed register page, in English and Welsh ---

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


@recipe()
def register_with_conflicts(page):
    """Every kind of conflict on one register, and a walk-in without an account."""
    activity, zara = eat_club_today()
    activity.capacity = 1
    db.session.commit()
    alex, jo = make_worker(name="Alex"), make_worker(name="Jo")
    kit = make_young_person(name="Kit")
    make_booking(activity, kit)
    sent = [
        (alex, {"kind": "mark", "person": zara.id, "came": True, "was": None}),
        (jo, {"kind": "mark", "person": zara.id, "came": False, "was": None}),
        (alex, {"kind": "mark", "person": kit.id, "came": True, "was": None}),
        (alex, {"kind": "count", "count": "guests", "value": 3, "was": 0}),
        (jo, {"kind": "count", "count": "guests", "value": 4, "was": 0}),
    ]
    for number, (worker, change) in enumerate(sent):
        item = {
            "key": f"00000000-0000-4000-8000-{number:012d}",
            "activity": activity.id,
            "by": worker.id,
            "taken_at": datetime.now(UTC).isoformat(),
            **change,
        }
        register_sync.apply_changes([item], actor=worker)
    db.session.commit()
    log_in(page, alex)
    return page.goto(f"/activities/{activity.id}/register")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_changed_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
