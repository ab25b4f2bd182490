"""Goals in a real browser on a phone: the journey from a new goal to a worker's comment, and
every goals page (charts included) with no axe-core problems and nothing too small to tap, in
English and in Welsh."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.helpers import LANGUAGES, log_in, new_context
from tests.browser.pages import PageRecipe, submit_main_form
from tests.factories import make_admin, make_worker, make_young_person
from tests.goals.factories import area, default_areas, make_comment, make_goal, make_rating
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.goals import queries, services, services_ratings
from youthhub.goals.defaults import ensure_default_help_contacts
from youthhub.goals.models import Goal, GoalStatus

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_a_goal_from_first_words_to_the_workers_comment(browser, live_server):
    default_areas()
    worker = make_worker(name="Sam")
    young = make_young_person(name="Jordan", key_worker=worker)
    context = new_context(browser, live_server)
    page = context.new_page()
    log_in(page, young)

    # A goal in their own words, with two small steps.
    page.goto("/goals/")
    page.get_by_role("link", name="Add a goal").first.click()
    page.get_by_label("What's your goal?").fill("Pass my driving theory test")
    page.get_by_label("Training and learning").check()
    page.get_by_label("Step 1").fill("Download the practice app")
    page.get_by_label("Step 2").fill("Book the test")
    page.get_by_role("button", name="Save my goal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pass my driving theory test")
    expect(page.get_by_role("status")).to_contain_text("private unless you share it")
    expect(page.get_by_text("0 of 2 steps done")).to_be_visible()

    # "Where am I now?" three times in that area: the chart shows all three.
    page.get_by_role("link", name="Training and learning").click()
    chart = page.get_by_role("img", name="Your ratings for Training and learning")
    for saved, score in enumerate(("4", "6", "5"), start=1):
        page.get_by_label(score, exact=True).check()
        page.get_by_role("button", name="Save my rating").click()
        # The page after this save (the last one's message may still be showing until then).
        expect(chart.locator("circle")).to_have_count(saved)
        expect(page.get_by_role("status")).to_be_visible()
    page.get_by_text("See these ratings as a table").click()
    expect(page.locator("table tbody tr")).to_have_count(3)

    # Ticking a step is a win.
    page.get_by_role("link", name="Pass my driving theory test").click()
    page.get_by_role("button", name="Download the practice app", exact=True).click()
    win = page.locator(".notice--win")
    expect(win).to_contain_text("Nice one! You ticked off “Download the practice app”.")
    expect(
        page.get_by_role("button", name="Download the practice app", exact=True)
    ).to_have_attribute("aria-pressed", "true")

    # Shared with the key worker, who then sees it and leaves a comment.
    page.get_by_role("button", name="Share with Sam").click()
    expect(page.get_by_role("status")).to_contain_text("Shared with Sam")
    context.close()

    context = new_context(browser, live_server)
    page = context.new_page()
    log_in(page, worker)
    page.goto("/manage/")
    page.get_by_role("link", name="See shared goals").click()
    page.get_by_role("link", name="Pass my driving theory test").click()
    expect(
        page.get_by_role("img", name="Jordan's ratings for Training and learning")
    ).to_be_visible()
    page.get_by_label("Leave an encouraging comment").fill("Great start! Shout if you need help.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("status")).to_contain_text("Comment added")
    context.close()

    goal = db.session.scalars(select(Goal)).one()
    assert goal.shared_with_id == worker.id
    assert [comment.body for comment in goal.comments] == ["Great start! Shout if you need help."]


def test_a_very_low_rating_offers_help_and_only_the_button_tells_the_worker(page, live_server):
    default_areas()
    ensure_default_help_contacts()
    worker = make_worker(name="Sam")
    young = make_young_person(name="Jordan", key_worker=worker)
    log_in(page, young)
    page.goto(f"/goals/areas/{area('happy').id}")
    page.get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Save my rating").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You don't have to deal with it alone"
    )
    expect(page.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    assert queries.waiting_contact_requests(worker) == []
    page.get_by_role("button", name="Ask my worker to get in touch").click()
    expect(page.get_by_role("status")).to_contain_text("We've asked Sam to get in touch")
    assert len(queries.waiting_contact_requests(worker)) == 1


# Every goals page, set up with enough data to show everything it can ---------------------------


def _young_with_goals():
    default_areas()
    worker = make_worker(name="Sam")
    young = make_young_person(name="Oluwaseyifunmilayo", key_worker=worker)
    goal = make_goal(
        young,
        title="Pass my driving theory test so I can drive my little brother to school",
        notes="Because it matters to me.\nAnd to him.",
        steps=["Download the practice app", "Do ten questions a day", "Book the test"],
        shared_with=worker,
        target_date=london_today() + timedelta(days=60),
    )
    services.toggle_step(goal.steps[0], actor=young)
    make_comment(goal, worker, "Great start! Shout if you want a hand booking the test.")
    make_goal(young, title="Cook three new meals", area_slug="independence", steps=["Pick recipes"])
    make_goal(young, title="Open a bank account", area_slug="job", status=GoalStatus.ACHIEVED)
    for days_ago, score in ((40, 4), (30, 5), (20, 5), (10, 7)):
        make_rating(young, score, area_slug="training", days_ago=days_ago, note="Getting there")
    make_rating(young, 6, area_slug="happy")
    db.session.commit()
    return young, worker, goal


def goals_home(page):
    young, _worker, _goal = _young_with_goals()
    log_in(page, young)
    return page.goto("/goals/")


def goals_home_empty(page):
    default_areas()
    log_in(page, make_young_person())
    return page.goto("/goals/")


def area_with_chart(page):
    young, _worker, goal = _young_with_goals()
    log_in(page, young)
    response = page.goto(f"/goals/areas/{goal.area_id}")
    page.locator(".chart__details summary").click()
    return response


def area_with_errors(page):
    young, _worker, goal = _young_with_goals()
    log_in(page, young)
    page.goto(f"/goals/areas/{goal.area_id}")
    page.locator("#note").fill("x" * 300)
    return submit_main_form(page)


def goal_page(page):
    young, _worker, goal = _young_with_goals()
    log_in(page, young)
    return page.goto(f"/goals/{goal.id}")


def goal_achieved(page):
    young, _worker, _goal = _young_with_goals()
    achieved = db.session.scalar(select(Goal).where(Goal.status == GoalStatus.ACHIEVED))
    log_in(page, young)
    return page.goto(f"/goals/{achieved.id}")


def new_goal(page):
    default_areas()
    log_in(page, make_young_person())
    return page.goto(f"/goals/new?area={area('job').id}")


def new_goal_with_errors(page):
    default_areas()
    log_in(page, make_young_person())
    page.goto("/goals/new")
    page.locator("#step_1").fill("A step without a goal")
    return submit_main_form(page)


def edit_goal(page):
    young, _worker, goal = _young_with_goals()
    log_in(page, young)
    return page.goto(f"/goals/{goal.id}/edit")


def wins(page):
    young, _worker, _goal = _young_with_goals()
    log_in(page, young)
    return page.goto("/goals/wins")


def help_after_a_low_rating(page):
    young, _worker, _goal = _young_with_goals()
    ensure_default_help_contacts()
    db.session.commit()
    log_in(page, young)
    return page.goto(f"/goals/help?area={area('happy').id}")


def help_without_a_worker(page):
    default_areas()
    ensure_default_help_contacts()
    db.session.commit()
    log_in(page, make_young_person())
    return page.goto("/goals/help")


def shared_goals(page):
    young, worker, _goal = _young_with_goals()
    services_ratings.ask_worker_to_get_in_touch(actor=young)
    db.session.commit()
    log_in(page, worker)
    return page.goto("/manage/goals/shared")


def shared_goal(page):
    _young, worker, goal = _young_with_goals()
    log_in(page, worker)
    response = page.goto(f"/manage/goals/shared/{goal.id}")
    page.locator(".chart__details summary").click()
    return response


def goal_areas(page):
    default_areas()
    ensure_default_help_contacts()
    db.session.commit()
    log_in(page, make_admin())
    return page.goto("/manage/goals/areas")


def area_form(page):
    default_areas()
    log_in(page, make_admin())
    return page.goto(f"/manage/goals/areas/{area('happy').id}")


def help_contact_form(page):
    default_areas()
    log_in(page, make_admin())
    return page.goto("/manage/goals/help-contacts/new")


GOAL_PAGES = [
    PageRecipe(open_page.__name__.replace("_", "-"), open_page, 200, redirected)
    for open_page, redirected in (
        (goals_home, False),
        (goals_home_empty, False),
        (area_with_chart, False),
        (area_with_errors, False),
        (goal_page, False),
        (goal_achieved, False),
        (new_goal, False),
        (new_goal_with_errors, False),
        (edit_goal, False),
        (wins, False),
        (help_after_a_low_rating, False),
        (help_without_a_worker, False),
        (shared_goals, False),
        (shared_goal, False),
        (goal_areas, False),
        (area_form, False),
        (help_contact_form, False),
    )
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("recipe", GOAL_PAGES, ids=lambda recipe: recipe.name)
def test_goal_page_is_accessible_and_fits_a_small_phone(page_checks, recipe, lang):
    problems = page_checks(recipe, lang)
    assert not problems, f"{recipe.name} in {lang}:\n" + "\n".join(problems)
