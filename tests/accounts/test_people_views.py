"""Young people without an account through the pages: added on the register after a search,
handed their record (QR code or email), taking it over, and two records merged."""

from sqlalchemy import select

from tests.activities.factories import make_attendance, make_booking, make_group, make_member
from tests.activities.test_views import today_activity
from tests.factories import log_in, make_worker, make_young_person
from youthhub.accounts import people
from youthhub.accounts.models import User
from youthhub.activities.models import Attendance
from youthhub.extensions import db


def text(response) -> str:
    return response.get_data(as_text=True)


def signed_in_worker(client):
    worker = make_worker(name="Sam")
    log_in(client, worker)
    return worker


def without_account(worker, name="Remi"):
    person = people.add_young_person(preferred_name=name, actor=worker, someone_new=True)
    db.session.commit()
    return person


class TestOnTheRegister:
    def test_after_a_search_a_worker_adds_someone_new_who_is_then_here(self, app, client):
        signed_in_worker(client)
        activity = today_activity()
        booked = make_young_person(name="Ade")
        make_booking(activity, booked)
        page = text(client.get(f"/activities/{activity.id}/register?q=Remi"))
        assert "Nobody found" in page
        assert 'value="Remi"' in page  # the name searched for is typed in already
        response = client.post(
            f"/activities/{activity.id}/register/new-person",
            data={"preferred_name": "Remi", "pronouns": "he/him", "birth_year": ""},
        )
        assert response.status_code == 302
        remi = db.session.scalar(select(User).where(User.preferred_name == "Remi"))
        assert not remi.has_account and remi.pronouns == "he/him"
        row = db.session.scalar(select(Attendance).where(Attendance.person_id == remi.id))
        assert row.attended and row.walk_in
        page = text(client.get(f"/activities/{activity.id}/register"))
        assert f'id="came-{remi.id}-yes" name="came-{remi.id}" value="yes" checked' in page
        assert f"/manage/young-people/{remi.id}/hand-over" in page

    def test_a_similar_name_is_offered_and_what_was_typed_is_kept(self, app, client):
        signed_in_worker(client)
        activity = today_activity()
        existing = make_young_person(name="Remi Okafor")
        response = client.post(
            f"/activities/{activity.id}/register/new-person",
            data={"preferred_name": "Remi", "pronouns": "they/them"},
        )
        page = text(response)
        assert response.status_code == 200
        assert "Is it one of these people?" in page
        assert f"/register/walk-in/{existing.id}" in page
        assert 'value="they/them"' in page and "it&#39;s someone new" in page
        assert db.session.scalar(select(Attendance.id)) is None
        client.post(
            f"/activities/{activity.id}/register/new-person",
            data={"preferred_name": "Remi", "someone_new": "y"},
        )
        assert db.session.scalar(select(Attendance.id)) is not None

    def test_a_half_typed_date_of_birth_is_explained(self, app, client):
        signed_in_worker(client)
        activity = today_activity()
        response = client.post(
            f"/activities/{activity.id}/register/new-person",
            data={"preferred_name": "Remi", "birth_day": "3", "birth_month": "", "birth_year": ""},
        )
        assert "or leave it empty" in text(response)

    def test_a_group_lead_takes_the_register_but_adds_nobody_new(self, app, client):
        lead = make_young_person()
        group = make_group()
        make_member(group, lead, lead=True)
        activity = today_activity(group=group)
        log_in(client, lead)
        page = text(client.get(f"/activities/{activity.id}/register?q=Remi"))
        assert "new-person" not in page
        url = f"/activities/{activity.id}/register/new-person"
        assert client.post(url, data={"preferred_name": "Remi"}).status_code == 403


class TestHandingOver:
    def test_the_qr_code_then_the_young_person_takes_over(self, app, client):
        worker = signed_in_worker(client)
        remi = without_account(worker)
        make_attendance(today_activity(), remi)
        assert "Show the QR code" in text(client.get(f"/manage/young-people/{remi.id}/hand-over"))
        page = text(client.post(f"/manage/young-people/{remi.id}/hand-over"))
        assert "<svg" in page
        link = page.split("<code>")[1].split("</code>")[0]
        client.post("/logout")
        path = link.split("localhost", 1)[-1]
        assert "Hi Remi!" in text(client.get(path))
        response = client.post(
            path, data={"email": "remi@example.org", "password": "a long one!", "agree": "y"}
        )
        assert response.status_code == 302
        assert "Remi" in text(client.get("/"))
        assert client.get(path).status_code == 410  # used once

    def test_a_taken_email_is_refused_kindly_and_the_rest_kept(self, app, client):
        remi = without_account(make_worker())
        make_young_person(email="taken@example.org")
        token = people.make_handover(remi, actor=make_worker())
        db.session.commit()
        response = client.post(
            f"/take-over/{token}",
            data={"email": "taken@example.org", "password": "a long one!", "agree": "y"},
        )
        page = text(response)
        assert response.status_code == 200
        assert "already an account with that email" in page and 'value="taken@example.org"' in page

    def test_emailing_the_link_to_an_address_with_an_account_is_refused(self, app, client):
        worker = signed_in_worker(client)
        remi = without_account(worker)
        make_young_person(email="taken@example.org")
        response = client.post(
            f"/manage/young-people/{remi.id}/hand-over/email", data={"email": "taken@example.org"}
        )
        assert "already an account with that email" in text(response)
        response = client.post(
            f"/manage/young-people/{remi.id}/hand-over/email", data={"email": "remi@example.org"}
        )
        assert response.status_code == 302


class TestMerging:
    def test_a_worker_finds_the_other_record_checks_and_merges(self, app, client):
        worker = signed_in_worker(client)
        remi = without_account(worker)
        make_attendance(today_activity(), remi)
        real = make_young_person(name="Remi Okafor")
        page = text(client.get(f"/manage/young-people/{remi.id}/merge"))
        assert f"/manage/young-people/{remi.id}/merge/{real.id}" in page
        page = text(client.get(f"/manage/young-people/{remi.id}/merge/{real.id}"))
        assert "Registers they&#39;re on: 1" in page
        response = client.post(f"/manage/young-people/{remi.id}/merge/{real.id}")
        assert response.status_code == 302
        assert db.session.scalar(select(Attendance.person_id)) == real.id
        db.session.refresh(remi)
        assert remi.merged_into_id == real.id
