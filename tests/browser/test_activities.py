"""Activities, groups, the register and the activity table in a real browser: the journey from
the issue, and every new page checked with axe-core (WCAG 2.2 A/AA) in English and Welsh, at a
small phone's width with thumb-sized targets."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.activities.factories import (
    make_activity,
    make_attendance,
    make_booking,
    make_group,
    make_member,
)
from tests.browser.helpers import LANGUAGES, log_in, new_context
from tests.browser.pages import PageRecipe, recipe_book, submit_main_form
from tests.factories import make_admin, make_worker, make_young_person
from youthhub.activities.models import Activity
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db
from youthhub.groups.models import MembershipStatus
from youthhub.notices.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_last_place_waiting_list_promotion_register_and_report(browser, live_server):
    """A young person books the last place, a second joins the waiting list, the first cancels,
    the second is promoted and sees it; a youth worker takes the register on a phone; the
    activity table then shows the attendance."""
    first, second = make_young_person(name="Amani"), make_young_person(name="Bilal")
    worker = make_worker(name="Sam")
    activity = make_activity(
        title="Ice skating at Queens",
        capacity=1,
        place="Queens Ice, Bayswater",
        audience_csv="new_members",
    )
    contexts = [new_context(browser, live_server) for _ in range(3)]
    try:
        amani, bilal, sam = (context.new_page() for context in contexts)
        log_in(amani, first)
        log_in(bilal, second)
        log_in(sam, worker)

        amani.goto("/whats-on")
        expect(amani.get_by_text("1 place left")).to_be_visible()
        amani.get_by_role("link", name="Ice skating at Queens").click()
        amani.get_by_role("button", name="Book my place").click()
        expect(amani.get_by_role("status")).to_contain_text("You're booked on Ice skating")

        bilal.goto(f"/activities/{activity.id}")
        expect(bilal.get_by_text("It's full right now.")).to_be_visible()
        bilal.get_by_role("button", name="Join the waiting list").click()
        expect(bilal.get_by_text("You're number 1 on the waiting list.")).to_be_visible()

        amani.get_by_role("button", name="Cancel my place").click()
        expect(amani.get_by_role("status")).to_contain_text("Your place at Ice skating")

        bilal.goto("/")
        news = bilal.get_by_role("region", name="News for you")
        expect(news).to_contain_text("A place came up at Ice skating at Queens")
        news.get_by_role("link", name="Good news!").click()
        expect(bilal.get_by_text("You're booked. See you there!")).to_be_visible()

        # The session happens: it started a few minutes ago.
        started = utcnow() - timedelta(minutes=5)
        db.session.get(Activity, activity.id).starts_at = started
        db.session.get(Activity, activity.id).ends_at = started + timedelta(hours=2)
        db.session.commit()

        sam.goto(f"/manage/activities/{activity.id}")
        sam.get_by_role("link", name="Take the register").click()
        line = sam.get_by_role("group", name="Bilal")
        line.get_by_text("Came", exact=True).click()
        sam.get_by_label("Professionals who came").fill("2")
        sam.get_by_role("button", name="Save the register").click()
        expect(sam.get_by_role("status")).to_contain_text("Register saved.")
        expect(sam.get_by_role("group", name="Bilal").get_by_label("Came")).to_be_checked()

        today = datetime.now(LONDON).date()
        month_start = (today - timedelta(days=1)).replace(day=1)  # just after midnight too
        sam.goto(f"/manage/reports/activities?start={month_start}&end={today}")
        expect(sam.locator(".report-totals")).to_contain_text("1")
        # A row per month; the month's own rows behind its link (a plain link: no script).
        month = started.astimezone(LONDON)
        sam.get_by_role("link", name=f"Show its activities ({month:%B %Y})").click()
        row = sam.get_by_role("row").filter(has_text="Ice skating at Queens")
        expect(row).to_contain_text("3")
        expect(row).to_contain_text("New members, Professionals & YP's")
        expect(row).to_contain_text("1 new member · 2 professionals")
    finally:
        for context in contexts:
            context.close()


# --- every new page, in English and Welsh ---

RECIPES: list[PageRecipe] = []
recipe = recipe_book(RECIPES)


def a_busy_programme():
    """A group with a lead, requests and sessions; activities full, open and past."""
    young = make_young_person(name="Oluwaseyifunmilayo")
    group = make_group("Vibes in the Kitchen", meets="Every Thursday", about="Cooking together")
    make_member(group, young, lead=True)
    make_member(group, make_young_person(name="Kai"))
    make_member(group, make_young_person(name="Asking Ash"), status=MembershipStatus.REQUESTED)
    full = make_activity(
        title="Theatre trip: Black Love",
        capacity=1,
        place="Kiln Theatre, 269 Kilburn High Road, London NW6 7JR",
        what_to_bring="Your Oyster card",
        contact="Sam on 07700 900123",
        audience_csv="movement_members,new_members",
        description="We'll meet outside.\nTickets are paid for.",
    )
    make_booking(full, make_young_person())
    booked = make_activity(title="Jollof night", group=group, starts_in=timedelta(hours=30))
    make_booking(booked, young)
    make_activity(
        title="Podcast training", capacity=8, kind="training", starts_in=timedelta(days=12)
    )
    past = make_activity(title="Bowling", starts_in=timedelta(days=-4), professionals_count=2)
    make_booking(past, young)
    make_attendance(past, young)
    missed = make_activity(title="Film screening", starts_in=timedelta(days=-9))
    make_booking(missed, young)
    make_attendance(missed, young, attended=False)
    now = datetime.now(LONDON).replace(hour=23, minute=0, second=0, microsecond=0)
    today = make_activity(
        title="Eat Club", starts_at=now.astimezone(UTC), hours=0.5, group=group, capacity=10
    )
    for name in ("Zara", "Yusuf"):
        make_booking(today, make_young_person(name=name))
    make_attendance(today, make_young_person(name="Walker Wren"), walk_in=True)
    db.session.add(
        Notice(
            recipient_id=young.id,
            text="Good news! A place came up at Theatre trip: Black Love, and it's yours.",
            link=f"/activities/{full.id}",
        )
    )
    db.session.commit()
    return {"young": young, "group": group, "full": full, "booked": booked, "today": today}


def as_young(page, programme):
    log_in(page, programme["young"])


def as_worker(page):
    log_in(page, make_worker(name="Sam"))


@recipe()
def whats_on(page):
    as_young(page, a_busy_programme())
    return page.goto("/whats-on")


@recipe()
def whats_on_a_later_fortnight(page):
    """The second fortnight, with links back and on (issue 19)."""
    programme = a_busy_programme()
    make_activity(title="Summer residential", kind="trip", starts_in=timedelta(days=16))
    make_activity(title="Awards night", kind="showcase", starts_in=timedelta(days=33))
    as_young(page, programme)
    return page.goto(f"/whats-on?start={london_today() + timedelta(days=14)}")


@recipe()
def activity_full(page):
    programme = a_busy_programme()
    as_young(page, programme)
    return page.goto(f"/activities/{programme['full'].id}")


@recipe()
def activity_booked(page):
    programme = a_busy_programme()
    as_young(page, programme)
    return page.goto(f"/activities/{programme['booked'].id}")


@recipe()
def my_activities(page):
    as_young(page, a_busy_programme())
    return page.goto("/my-activities")


@recipe()
def calendar_link(page):
    as_young(page, a_busy_programme())
    return page.goto("/my-activities/calendar")


@recipe()
def home_with_news(page):
    as_young(page, a_busy_programme())
    return page.goto("/")


@recipe()
def groups(page):
    as_young(page, a_busy_programme())
    return page.goto("/groups/")


@recipe()
def group_as_lead(page):
    programme = a_busy_programme()
    as_young(page, programme)
    return page.goto(f"/groups/{programme['group'].id}")


@recipe()
def group_session_form_as_lead(page):
    programme = a_busy_programme()
    as_young(page, programme)
    return page.goto(f"/groups/{programme['group'].id}/sessions/{programme['booked'].id}/edit")


@recipe()
def register_as_lead_with_search(page):
    programme = a_busy_programme()
    as_young(page, programme)
    return page.goto(f"/activities/{programme['today'].id}/register?q=a")


@recipe()
def group_as_staff(page):
    programme = a_busy_programme()
    as_worker(page)
    return page.goto(f"/groups/{programme['group'].id}")


@recipe()
def manage_activities(page):
    a_busy_programme()
    as_worker(page)
    return page.goto("/manage/activities/")


@recipe()
def publish_activity(page):
    a_busy_programme()
    as_worker(page)
    return page.goto("/manage/activities/new")


@recipe()
def publish_activity_with_errors(page):
    as_worker(page)
    page.goto("/manage/activities/new")
    page.locator("#capacity").fill("lots")
    return submit_main_form(page)


@recipe()
def manage_activity(page):
    programme = a_busy_programme()
    as_worker(page)
    return page.goto(f"/manage/activities/{programme['today'].id}")


@recipe()
def register_as_worker(page):
    programme = a_busy_programme()
    as_worker(page)
    return page.goto(f"/activities/{programme['today'].id}/register")


@recipe()
def manage_groups(page):
    a_busy_programme()
    as_worker(page)
    return page.goto("/manage/groups/")


@recipe()
def set_up_group(page):
    as_worker(page)
    return page.goto("/manage/groups/new")


@recipe()
def activity_table(page):
    a_busy_programme()
    as_worker(page)
    return page.goto("/manage/reports/activities")


@recipe()
def activity_table_one_month(page):
    a_busy_programme()
    make_activity(title="Fun Affair", starts_in=timedelta(days=-2), unnamed_young_people=137)
    as_worker(page)
    month = london_today() - timedelta(days=2)  # the Fun Affair's month
    return page.goto(f"/manage/reports/activities?month={month:%Y-%m}")


@recipe()
def activities_by_month(page):
    a_busy_programme()
    make_activity(title="Fun Affair", starts_in=timedelta(days=-2), unnamed_young_people=137)
    as_worker(page)
    return page.goto("/manage/reports/activities/summary")


@recipe()
def activities_by_month_one_month(page):
    a_busy_programme()
    make_activity(title="Fun Affair", starts_in=timedelta(days=-2), unnamed_young_people=137)
    as_worker(page)
    month = london_today() - timedelta(days=2)  # the Fun Affair's month
    return page.goto(f"/manage/reports/activities/summary?month={month:%Y-%m}")


@recipe()
def import_past_activities(page):
    log_in(page, make_admin())
    return page.goto("/manage/reports/import")


@recipe()
def import_preview_with_a_bad_row(page):
    log_in(page, make_admin())
    page.goto("/manage/reports/import")
    page.locator("#text").fill(
        "Date,Activity,Attended,Who attended,Professionals,Guests\n"
        "March 2022,Local Offer Re-design,8,Movement members,,\n"
        ",BCJ Fun Affair,137,New YP and professionals,12,3\n"
        "Someday,Bowling,lots,\n"
    )
    with page.expect_navigation() as navigation:
        page.locator("main form input[type=submit]").first.click()
    return navigation.value


@recipe()
def attendance_history(page):
    programme = a_busy_programme()
    as_worker(page)
    return page.goto(f"/manage/reports/people/{programme['young'].id}/attendance")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_new_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)


def test_the_register_works_without_javascript(browser, live_server):
    programme = a_busy_programme()
    context = new_context(browser, live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, programme["young"])  # the group's lead
        page.goto(f"/activities/{programme['today'].id}/register")
        page.get_by_role("group", name="Zara").get_by_text("Came", exact=True).click()
        page.get_by_role("button", name="Save the register").click()
        expect(page.get_by_role("status")).to_contain_text("Register saved.")
    finally:
        context.close()
