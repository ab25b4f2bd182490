"""Goals through the web pages, as a young person, a worker and an admin would use them."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.endings.pdfs import pdf_text
from tests.factories import log_in, make_admin, make_finance, make_worker, make_young_person
from tests.goals.factories import area, make_comment, make_goal, make_rating
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_default_help_contacts
from youthhub.goals.models import ContactRequest, Goal, GoalStatus, Rating, Win


def text(response) -> str:
    return response.get_data(as_text=True)


def readable(response) -> str:
    """What a person could read in an answer: a PDF's text, a page's or a file's text; nothing
    in a picture."""
    if response.mimetype == "application/pdf":
        return pdf_text(response.data)
    if response.mimetype.startswith("image/"):
        return ""
    return text(response)


def field_value(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


def textarea(html: str, name: str) -> str | None:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)</textarea>', html, re.S)
    return match.group(1) if match else None


@pytest.fixture
def as_young(client, young):
    log_in(client, young)
    return client


@pytest.fixture
def as_worker(client, worker):
    log_in(client, worker)
    return client


class TestHome:
    def test_the_wheel_and_every_area_at_a_glance(self, as_young, young):
        make_rating(young, 7, area_slug="job")
        html = text(as_young.get("/goals/"))
        assert '<svg class="wheel" role="img" aria-labelledby="wheel-title wheel-desc"' in html
        assert '<title id="wheel-title">Where you are now in each area</title>' in html
        assert html.count('class="area-link"') == 8
        assert "Being in a job" in html
        assert "7 out of 10" in html
        assert html.count("Not rated yet") == 7

    def test_an_empty_start_is_friendly(self, as_young):
        assert "You haven't set any goals yet" in text(as_young.get("/goals/"))

    def test_goals_are_listed_with_progress_and_sharing(self, as_young, young, worker):
        goal = make_goal(young, title="Learn to swim", steps=["Find a pool", "Go once"])
        make_goal(young, title="Private plan")
        make_goal(young, title="Old plan", status=GoalStatus.LET_GO)
        goal.shared_with_id = worker.id
        db.session.commit()
        make_comment(goal, worker)
        html = text(as_young.get("/goals/"))
        assert "Learn to swim" in html and "Private plan" in html and "Old plan" in html
        assert "0 of 2 steps done" in html
        assert html.count("Shared with your worker") == 1
        assert "1 comment" in html

    def test_a_goal_shared_with_a_worker_who_is_no_longer_theirs_is_not_shown_shared(
        self, as_young, young, worker
    ):
        goal = make_goal(young, title="Learn to swim")
        goal.shared_with_id = worker.id
        young.key_worker_id = make_worker().id  # the same rule as who may see it
        db.session.commit()
        assert "Shared with your worker" not in text(as_young.get("/goals/"))

    def test_staff_cannot_open_goal_pages(self, client):
        for staff in (make_worker(), make_finance(), make_admin()):
            log_in(client, staff)
            assert client.get("/goals/").status_code == 403
            client.post("/logout")


class TestNewGoal:
    def test_a_goal_with_two_steps(self, as_young, young):
        response = as_young.post(
            "/goals/new",
            data={
                "area": area("job").id,
                "title": "Get a Saturday job",
                "step_1": "Write my CV",
                "step_2": "Ask at three shops",
                "target_date": (london_today() + timedelta(days=60)).isoformat(),
            },
        )
        goal = db.session.scalar(select(Goal))
        assert response.headers["Location"] == f"/goals/{goal.id}"
        html = text(as_young.get(response.headers["Location"]))
        assert "Your goal is saved. It&#39;s private unless you share it." in html
        assert "Write my CV" in html and "Ask at three shops" in html
        assert "0 of 2 steps done" in html
        assert goal.owner_id == young.id

    def test_an_area_can_be_chosen_from_its_page(self, as_young):
        html = text(as_young.get(f"/goals/new?area={area('happy').id}"))
        assert re.search(
            rf'value="{area("happy").id}"[^>]*checked|checked[^>]*value="{area("happy").id}"', html
        )

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"title": ""}, "Write your goal in a few words."),
            ({"title": "   "}, "Write your goal in a few words."),
            ({"title": "a" * 201}, "Keep your goal to 200 characters or fewer."),
            ({"area": ""}, "Choose an area from the list."),
            ({"area": "99999"}, "Choose an area from the list."),
            ({"area": "not-a-number"}, "Choose an area from the list."),
            ({"target_date": "2026-13-45"}, "Enter a real date"),
            ({"target_date": "2001-01-01"}, "Pick a date from today onwards"),
            ({"step_2": "s" * 201}, "Keep each step to 200 characters or fewer."),
            ({"notes": "n" * 2001}, "Keep your notes to 2,000 characters or fewer."),
        ],
    )
    def test_bad_input_says_why_and_keeps_what_was_typed(self, as_young, change, message):
        typed = {
            "area": str(area("job").id),
            "title": "Get a job",
            "notes": "Because I want my own money",
            "step_1": "Write my CV",
            "step_2": "Ask around",
            "target_date": (london_today() + timedelta(days=5)).isoformat(),
            **change,
        }
        response = as_young.post("/goals/new", data=typed)
        html = text(response)
        assert response.status_code == 200
        assert message in html
        assert (textarea(html, "title") or "") == typed["title"].strip()
        assert textarea(html, "notes") == typed["notes"]
        for name in ("step_1", "step_2", "target_date"):
            assert field_value(html, name) == typed[name], name
        assert db.session.scalar(select(func.count(Goal.id))) == 0


class TestEditAndStatus:
    def test_editing_keeps_typed_text_on_a_mistake(self, as_young, young):
        goal = make_goal(young, title="Before")
        html = text(as_young.get(f"/goals/{goal.id}/edit"))
        assert textarea(html, "title") == "Before"
        response = as_young.post(
            f"/goals/{goal.id}/edit", data={"area": goal.area_id, "title": "", "notes": "kept"}
        )
        assert "Write your goal in a few words." in text(response)
        assert textarea(text(response), "notes") == "kept"
        as_young.post(f"/goals/{goal.id}/edit", data={"area": area("happy").id, "title": "After"})
        assert (goal.title, goal.area_id) == ("After", area("happy").id)

    def test_achieving_a_goal_is_celebrated_and_kept_in_my_wins(self, as_young, young):
        goal = make_goal(young, title="Open a bank account")
        response = as_young.post(
            f"/goals/{goal.id}/status", data={"status": "achieved"}, follow_redirects=True
        )
        assert "You did it!" in text(response)
        assert goal.status == GoalStatus.ACHIEVED
        assert "You achieved your goal “Open a bank account”!" in text(as_young.get("/goals/wins"))

    def test_pausing_and_letting_go(self, as_young, young):
        goal = make_goal(young)
        html = text(
            as_young.post(
                f"/goals/{goal.id}/status", data={"status": "paused"}, follow_redirects=True
            )
        )
        assert "Goal paused." in html
        html = text(
            as_young.post(
                f"/goals/{goal.id}/status", data={"status": "let_go"}, follow_redirects=True
            )
        )
        assert "letting one go is fine" in html
        assert goal.status == GoalStatus.LET_GO

    @pytest.mark.parametrize("status", ["", "deleted", "x" * 5000])
    def test_an_unknown_status_changes_nothing(self, as_young, young, status):
        goal = make_goal(young)
        response = as_young.post(
            f"/goals/{goal.id}/status", data={"status": status}, follow_redirects=True
        )
        assert "Choose from the list." in text(response)
        assert goal.status == GoalStatus.ACTIVE


class TestSteps:
    def test_ticking_a_step_shows_the_win(self, as_young, young):
        goal = make_goal(young, steps=["Call the college"])
        response = as_young.post(
            f"/goals/{goal.id}/steps/{goal.steps[0].id}/toggle", follow_redirects=True
        )
        html = text(response)
        assert "Nice one! You ticked off “Call the college”." in html
        assert 'class="notice notice--win"' in html
        assert 'aria-pressed="true"' in html
        assert "You ticked off “Call the college”." in text(as_young.get("/goals/wins"))

    def test_adding_and_removing_steps(self, as_young, young):
        goal = make_goal(young)
        as_young.post(f"/goals/{goal.id}/steps", data={"text": "Buy a notebook"})
        assert [step.text for step in goal.steps] == ["Buy a notebook"]
        as_young.post(f"/goals/{goal.id}/steps/{goal.steps[0].id}/remove")
        db.session.expire_all()
        assert goal.steps == []

    @pytest.mark.parametrize(
        ("typed", "message"),
        [("", "Write the step in a few words."), ("x" * 201, "Keep each step to 200")],
    )
    def test_a_bad_step_keeps_what_was_typed(self, as_young, young, typed, message):
        goal = make_goal(young)
        html = text(as_young.post(f"/goals/{goal.id}/steps", data={"text": typed}))
        assert message in html
        assert (field_value(html, "text") or "") == typed

    def test_a_finished_goal_says_why_its_steps_cannot_change(self, as_young, young):
        goal = make_goal(young, steps=["One"], status=GoalStatus.ACHIEVED)
        response = as_young.post(
            f"/goals/{goal.id}/steps/{goal.steps[0].id}/toggle", follow_redirects=True
        )
        assert "Pick it back up to change its steps." in text(response)


class TestSomeoneElsesThings:
    def test_other_peoples_goals_and_steps_are_not_found(self, as_young, young, worker):
        mine = make_goal(young, steps=["Mine"])
        theirs = make_goal(make_young_person(key_worker=worker), steps=["Theirs"], notes="SECRET")
        theirs_step = theirs.steps[0].id
        for url in (f"/goals/{theirs.id}", f"/goals/{theirs.id}/edit"):
            assert as_young.get(url).status_code == 404, url
        for url in (
            f"/goals/{theirs.id}/edit",
            f"/goals/{theirs.id}/status",
            f"/goals/{theirs.id}/steps",
            f"/goals/{theirs.id}/steps/{theirs_step}/toggle",
            f"/goals/{theirs.id}/steps/{theirs_step}/remove",
            f"/goals/{mine.id}/steps/{theirs_step}/toggle",  # their step under my goal
            f"/goals/{mine.id}/steps/{theirs_step}/remove",
            f"/goals/{theirs.id}/share",
            f"/goals/{theirs.id}/unshare",
        ):
            response = as_young.post(url, data={"status": "achieved", "text": "x", "title": "x"})
            assert response.status_code == 404, url
        db.session.expire_all()
        assert theirs.status == GoalStatus.ACTIVE
        assert [s.text for s in theirs.steps] == ["Theirs"] and not theirs.steps[0].is_done

    def test_areas_that_do_not_exist_are_not_found(self, as_young):
        assert as_young.get("/goals/areas/99999").status_code == 404
        assert as_young.post("/goals/areas/99999/rate", data={"score": "5"}).status_code == 404


class TestRatings:
    def test_rating_three_times_draws_a_chart_with_a_table(self, as_young, young):
        job = area("job")
        for score in ("4", "6", "5"):
            response = as_young.post(f"/goals/areas/{job.id}/rate", data={"score": score})
            assert response.headers["Location"] == f"/goals/areas/{job.id}"
        html = text(as_young.get(f"/goals/areas/{job.id}"))
        assert 'class="chart__svg" role="img"' in html
        assert '<title id="history-chart-title">Your ratings for Being in a job</title>' in html
        assert "3 ratings from" in html and "The first was 4 out of 10 and the latest is 5" in html
        assert html.count('class="chart__dot"') == 3
        assert "<table>" in html and html.count("out of 10</td>") == 3

    def test_going_up_is_celebrated(self, as_young, young):
        make_rating(young, 3, area_slug="job", days_ago=2)
        response = as_young.post(
            f"/goals/areas/{area('job').id}/rate", data={"score": "6"}, follow_redirects=True
        )
        assert "Up from 3 to 6. That&#39;s a win!" in text(response)

    @pytest.mark.parametrize("score", ["0", "11", "-1", "5.5", "ten", "", "99999999999999999999"])
    def test_scores_outside_1_to_10_are_refused_and_the_note_kept(self, as_young, score):
        response = as_young.post(
            f"/goals/areas/{area('job').id}/rate", data={"score": score, "note": "a hard week"}
        )
        html = text(response)
        assert response.status_code == 200
        assert "Choose a number from 1 to 10." in html
        assert field_value(html, "note") == "a hard week"
        assert db.session.scalar(select(func.count(Rating.id))) == 0

    def test_a_long_note_is_refused_and_kept(self, as_young):
        response = as_young.post(
            f"/goals/areas/{area('job').id}/rate", data={"score": "5", "note": "n" * 281}
        )
        assert "Keep your note to 280 characters or fewer." in text(response)
        assert field_value(text(response), "note") == "n" * 281
        assert re.search(r'<input checked[^>]*value="5"', text(response))


class TestHelp:
    def test_a_very_low_happy_rating_gently_offers_help(self, as_young, worker):
        ensure_default_help_contacts()
        db.session.commit()
        happy = area("happy")
        response = as_young.post(f"/goals/areas/{happy.id}/rate", data={"score": "2"})
        assert response.headers["Location"] == f"/goals/help?area={happy.id}"
        html = text(as_young.get(response.headers["Location"]))
        assert "You don't have to deal with it alone" in html
        assert "Samaritans" in html and 'href="tel:116123"' in html
        assert "Ask my worker to get in touch" in html
        assert "Back to Feeling happy" in html
        # Nothing has been sent: only pressing the button tells the worker.
        assert db.session.scalar(select(func.count(ContactRequest.id))) == 0

    def test_a_low_rating_elsewhere_does_not_redirect(self, as_young):
        job = area("job")
        response = as_young.post(f"/goals/areas/{job.id}/rate", data={"score": "1"})
        assert response.headers["Location"] == f"/goals/areas/{job.id}"

    def test_pressing_the_button_tells_the_worker(self, client, young, worker):
        log_in(client, young)
        html = text(client.post("/goals/help/ask", follow_redirects=True))
        assert "We&#39;ve asked Sam to get in touch with you soon." in html
        assert "You've asked Sam to get in touch." in html
        client.post("/logout")
        log_in(client, worker)
        assert "1 young person has asked you to get in touch." in text(client.get("/manage/"))
        shared = text(client.get("/manage/goals/shared"))
        assert "Jordan asked on" in shared
        request_id = db.session.scalar(select(ContactRequest.id))
        client.post(f"/manage/goals/contact-requests/{request_id}/done")
        assert "Jordan asked on" not in text(client.get("/manage/goals/shared"))

    def test_another_workers_request_cannot_be_marked_done(self, client, young):
        log_in(client, young)
        client.post("/goals/help/ask")
        client.post("/logout")
        log_in(client, make_worker())
        request_id = db.session.scalar(select(ContactRequest.id))
        assert client.post(f"/manage/goals/contact-requests/{request_id}/done").status_code == 404

    def test_without_a_worker_the_page_says_how_to_get_one(self, client):
        log_in(client, make_young_person())
        html = text(client.get("/goals/help"))
        assert "You're not linked to a worker yet." in html
        assert "Ask my worker to get in touch" not in html


class TestSharing:
    def test_share_then_the_worker_sees_it_and_comments(self, client, young, worker):
        goal = make_goal(young, title="Pass my theory test", notes="Private reason")
        log_in(client, young)
        html = text(client.post(f"/goals/{goal.id}/share", follow_redirects=True))
        assert "Shared with Sam. You can stop sharing any time." in html
        client.post("/logout")

        log_in(client, worker)
        assert "Pass my theory test" in text(client.get("/manage/goals/shared"))
        page = text(client.get(f"/manage/goals/shared/{goal.id}"))
        assert "Private reason" in page
        response = client.post(
            f"/manage/goals/shared/{goal.id}/comments", data={"body": "You've got this!"}
        )
        assert response.status_code == 302
        client.post("/logout")

        log_in(client, young)
        assert "You&#39;ve got this!" in text(client.get(f"/goals/{goal.id}"))
        client.post(f"/goals/{goal.id}/unshare")
        client.post("/logout")

        log_in(client, worker)
        assert client.get(f"/manage/goals/shared/{goal.id}").status_code == 404
        assert "Pass my theory test" not in text(client.get("/manage/goals/shared"))

    def test_a_bad_comment_keeps_what_was_typed(self, as_worker, young, worker):
        goal = make_goal(young, shared_with=worker)
        html = text(as_worker.post(f"/manage/goals/shared/{goal.id}/comments", data={"body": " "}))
        assert "Write a comment first." in html
        long = "y" * 1001
        html = text(as_worker.post(f"/manage/goals/shared/{goal.id}/comments", data={"body": long}))
        assert "1,000 characters" in html
        assert textarea(html, "body") == long

    def test_workers_get_404_for_goals_not_shared_with_them(self, as_worker, young, worker):
        private = make_goal(young)
        others = make_goal(make_young_person(key_worker=make_worker()), shared_with=worker)
        for goal in (private, others):
            assert as_worker.get(f"/manage/goals/shared/{goal.id}").status_code == 404
            response = as_worker.post(
                f"/manage/goals/shared/{goal.id}/comments", data={"body": "Hi"}
            )
            assert response.status_code == 404

    def test_unshared_notes_never_reach_any_staff_page(self, app, client, young, worker):
        secret = make_goal(young, title="SECRET TITLE", notes="SECRET NOTE", steps=["SECRET STEP"])
        make_rating(young, 2, area_slug=secret.area.slug, note="SECRET RATING NOTE")
        make_goal(young, title="Shared one", area_slug="job", shared_with=worker)
        admin_worker = make_admin()
        for staff in (worker, make_finance(), make_admin(), admin_worker):
            log_in(client, staff)
            for rule in app.url_map.iter_rules():
                if "GET" not in rule.methods or rule.arguments - {"goal_id", "area_id"}:
                    continue
                url = re.sub(r"<[^>]*goal_id>", str(secret.id), rule.rule)
                url = re.sub(r"<[^>]*area_id>", str(secret.area_id), url)
                assert "SECRET" not in readable(client.get(url)), (staff, url)
            client.post("/logout")


class TestReport:
    """Distance travelled is the monitoring page's goals section now; the old addresses lead
    there, with the dates they asked for."""

    @pytest.fixture
    def as_admin(self, client):
        log_in(client, make_admin())
        return client

    def test_the_old_address_leads_to_the_goals_section(self, as_admin):
        response = as_admin.get("/manage/goals/report?start=2026-01-01&end=2026-06-30")
        assert response.status_code == 302
        assert response.headers["Location"] == (
            "/manage/monitoring?start=2026-01-01&end=2026-06-30#goals"
        )

    def test_numbers_without_names_and_small_numbers_hidden(self, as_admin):
        for number in range(12):
            person = make_young_person(name=f"Named Person {number}")
            make_rating(person, 3, area_slug="job", days_ago=10)
            make_rating(person, 6, area_slug="job", days_ago=5)
        html = text(as_admin.get("/manage/goals/report", follow_redirects=True))
        assert "Named Person" not in html
        assert "Distance travelled, by area" in html
        assert re.search(r"<td [^>]*>12</td>", html)
        assert "fewer than 10" in html
        assert re.search(r'data-label="Average change">3</td>', html)

    def test_the_csv_download(self, as_admin):
        response = as_admin.get(
            "/manage/goals/report.csv?start=2026-01-01&end=2026-12-31", follow_redirects=True
        )
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="distance-travelled-2026-01-01-to-2026-12-31.csv"'
        )
        assert text(response).splitlines()[1] == (
            "Looking after your family,fewer than 10,hidden,hidden,hidden,hidden"
        )

    def test_the_threshold_is_configurable(self, app, as_admin):
        app.config["REPORT_SMALL_NUMBER_THRESHOLD"] = 3
        html = text(as_admin.get("/manage/goals/report", follow_redirects=True))
        assert "fewer than 3" in html

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("start=2026-02-30&end=2026-03-01", "Enter dates like 2026-04-01"),
            ("start=2026-05-01&end=2026-01-01", "Choose a start before the end"),
        ],
    )
    def test_bad_dates_say_why(self, as_admin, query, message):
        response = as_admin.get(f"/manage/goals/report?{query}", follow_redirects=True)
        assert response.status_code == 200
        assert message in text(response)

    def test_workers_and_finance_cannot_see_the_report(self, client):
        for staff in (make_worker(), make_finance()):
            log_in(client, staff)
            assert client.get("/manage/goals/report").status_code == 403
            assert client.get("/manage/monitoring#goals").status_code == 403
            client.post("/logout")


class TestAdminAreas:
    @pytest.fixture
    def as_admin(self, client):
        log_in(client, make_admin())
        return client

    def test_renaming_an_area_in_welsh_shows_to_young_people(self, as_admin, client):
        happy = area("happy")
        form = {
            "name_en": "Feeling good",
            "name_cy": "Teimlo'n dda",
            "description_en": "How you feel.",
            "icon": "happy",
            "offers_help": "y",
        }
        assert as_admin.post(f"/manage/goals/areas/{happy.id}", data=form).status_code == 302
        client.post("/logout")
        log_in(client, make_young_person(locale="cy"))
        assert "Teimlo&#39;n dda" in text(client.get("/goals/"))

    def test_adding_an_area_puts_it_on_the_wheel(self, as_admin, client):
        as_admin.post(
            "/manage/goals/areas/new",
            data={"name_en": "Having fun", "icon": "star", "description_en": ""},
        )
        client.post("/logout")
        log_in(client, make_young_person())
        html = text(client.get("/goals/"))
        assert "Having fun" in html and html.count('class="wheel__slice"') == 9

    def test_a_missing_english_name_is_refused_and_the_welsh_kept(self, as_admin):
        html = text(
            as_admin.post("/manage/goals/areas/new", data={"name_cy": "Hwyl", "icon": "star"})
        )
        assert "Give the area a name in English." in html
        assert field_value(html, "name_cy") == "Hwyl"

    def test_moving_an_area(self, as_admin):
        second = area("training")
        as_admin.post(f"/manage/goals/areas/{second.id}/move", data={"direction": "up"})
        assert second.position == 1

    def test_help_contacts(self, as_admin):
        as_admin.post(
            "/manage/goals/help-contacts/new",
            data={"name": "Crisis line", "description_en": "Any time.", "phone": "0800 1"},
        )
        html = text(as_admin.get("/manage/goals/areas"))
        assert "Crisis line" in html
        html = text(
            as_admin.post(
                "/manage/goals/help-contacts/new",
                data={"name": "Bad", "description_en": "x", "website": "javascript:alert(1)"},
            )
        )
        assert "starting with https://" in html
        assert field_value(html, "website") == "javascript:alert(1)"


class TestWelsh:
    def test_goal_pages_in_welsh(self, client, young):
        young.locale = "cy"
        db.session.commit()
        log_in(client, young)
        html = text(client.get("/goals/"))
        assert '<html lang="cy"' in html
        assert "Teimlo&#39;n hapus" in html
        assert "My goals" not in html


def test_wins_need_nothing_to_start(as_young):
    assert "Your wins will show up here" in text(as_young.get("/goals/wins"))
    assert db.session.scalar(select(func.count(Win.id))) == 0
