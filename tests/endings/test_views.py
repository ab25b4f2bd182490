"""Ending pages through the web, as young people, workers, admins and the public use them."""

import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.endings.pdfs import pdf_text
from tests.factories import (
    log_in,
    make_admin,
    make_certificate,
    make_finance,
    make_worker,
    make_young_person,
)
from tests.support.queries import count_queries
from youthhub.accounts import services as accounts
from youthhub.accounts.models import User
from youthhub.core.errors import DomainError
from youthhub.core.time import london_today, utcnow
from youthhub.endings import programme, services
from youthhub.endings.codes import format_code
from youthhub.endings.models import Certificate, ProgrammeSettings
from youthhub.extensions import db
from youthhub.notices.models import Notice

TODAY = london_today()
SIGN_UP = {
    "preferred_name": "Kai",
    "email": "kai@example.org",
    "password": "a long enough one",
    "birth_day": "14",
    "birth_month": "2",
    "birth_year": "2006",
    "agree": "y",
}
PLAN = {
    "proud_of": "Leading Eat Club",
    "keep_doing": "Cooking",
    "carrying_on": "Eat Club carries on",
    "contacts_after": "Sam",
    "message_for_members": "Just come along",
    "share_message": "y",
}


def text(response) -> str:
    """The page as a person reads it (entities such as &#39; turned back into characters)."""
    return html.unescape(response.get_data(as_text=True))


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


class TestYoungPersonHome:
    def test_the_planned_ending_shows_kindly_from_day_one(self, client):
        client.post("/signup", data=SIGN_UP)
        person = db.session.scalar(select(User).where(User.email == "kai@example.org"))
        link = f"/signup/finish/{accounts.make_sign_up_token(person)}"
        response = client.post(link, follow_redirects=True)
        planned = programme.add_months(TODAY, 12)
        assert f"You're with us until {long_date(planned)}." in text(response)
        assert "Start my ending plan" in text(response)

    def test_once_graduated_it_says_congratulations(self, client):
        certificate = make_certificate()
        log_in(client, certificate.person)
        page = text(client.get("/"))
        assert f"You graduated on {long_date(TODAY)}" in page
        assert "Your certificate and your journey" in page

    def test_a_plan_begun_is_offered_to_carry_on(self, client):
        person = make_young_person()
        services.ending_for(person).proud_of = "Leading Eat Club"
        db.session.commit()
        log_in(client, person)
        page = text(client.get("/"))
        assert "See my ending plan" in page
        assert "Start my ending plan" not in page

    @pytest.mark.parametrize("settings_saved", [False, True])
    def test_someone_who_joined_before_endings_sees_the_date_they_will_get(
        self, client, settings_saved
    ):
        person = make_young_person()
        db.session.delete(services.ending_for(person))
        if settings_saved:
            ends = TODAY + timedelta(days=40)
            db.session.add(ProgrammeSettings(id=1, default_length_months=6, programme_ends_on=ends))
        db.session.commit()
        log_in(client, person)
        with count_queries(db.engine) as statements:
            page = text(client.get("/"))
        planned = TODAY + timedelta(days=40) if settings_saved else programme.add_months(TODAY, 12)
        assert f"You're with us until {long_date(planned)}." in page
        assert "Start my ending plan" in page
        # The card is one query, with or without an ending and saved settings.
        card = [s for s in statements if "endings" in s or "programme_settings" in s]
        assert len(card) == 1, card

    def test_notices_show_and_can_be_marked_read(self, client):
        person = make_young_person()
        services.change_planned_ending(
            services.ending_for(person),
            planned_on=TODAY + timedelta(days=50),
            reason="College",
            actor=make_worker(),
        )
        db.session.commit()
        log_in(client, person)
        page = text(client.get("/"))
        assert "Your planned ending date is now" in page
        notice = db.session.scalar(select(Notice))
        client.post(f"/notices/{notice.id}/read")
        assert "Your planned ending date is now" not in text(client.get("/"))


class TestMyEnding:
    def test_the_page_shows_the_date_the_plan_and_the_keepsake(self, client):
        person = make_young_person()
        log_in(client, person)
        page = text(client.get("/my-ending"))
        assert long_date(services.ending_for(person).planned_on) in page
        assert "Start my plan" in page
        assert f"/my-journey/{person.id}.pdf" in page
        assert "Download my certificate" not in page

    def test_the_young_person_fills_in_their_plan(self, client):
        person = make_young_person()
        log_in(client, person)
        assert "What I'm proud of" in text(client.get("/my-ending/plan"))
        response = client.post("/my-ending/plan", data=PLAN, follow_redirects=True)
        assert "Your ending plan is saved" in text(response)
        assert "Leading Eat Club" in text(response)
        assert "happy for your message to be shared" in text(response)
        ending = services.ending_for(person)
        assert (ending.carrying_on, ending.share_message) == ("Eat Club carries on", True)

    def test_a_too_long_answer_is_explained_and_kept(self, client):
        log_in(client, make_young_person())
        response = client.post("/my-ending/plan", data={**PLAN, "proud_of": "x" * 2001})
        assert response.status_code == 200
        assert "Keep this to 2000 characters or fewer." in text(response)
        assert "Just come along" in text(response)

    def test_they_choose_their_printed_name_and_highlights(self, client):
        person = make_young_person(name="Jo", created_at=utcnow() - timedelta(days=100))
        log_in(client, person)
        page = text(client.get("/my-ending/certificate"))
        assert 'value="Jo"' in page
        assert "3 months with us" in page
        response = client.post(
            "/my-ending/certificate",
            data={"printed_name": "Joanna Mensah", "highlights": ["months"]},
            follow_redirects=True,
        )
        assert "That's what your certificate will show" in text(response)
        assert "You've chosen: 3 months with us" in text(response)
        assert services.ending_for(person).printed_name == "Joanna Mensah"

    def test_a_highlight_that_is_not_offered_is_refused(self, client):
        log_in(client, make_young_person())
        response = client.post(
            "/my-ending/certificate", data={"printed_name": "Jo", "highlights": ["goals_private"]}
        )
        assert response.status_code == 200
        assert "Choose from the list." in text(response)

    def test_the_certificate_downloads_once_issued(self, client):
        person = make_young_person()
        log_in(client, person)
        assert client.get("/my-ending/certificate.pdf").status_code == 404
        certificate = make_certificate(person)
        page = text(client.get("/my-ending"))
        assert "Download my certificate (PDF)" in page
        assert f"/verify/{format_code(certificate.code)}" in page
        response = client.get("/my-ending/certificate.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == 'attachment; filename="certificate.pdf"'
        assert response.headers["Cache-Control"] == "private, no-store"
        assert format_code(certificate.code) in pdf_text(response.data)


class TestKeepsake:
    def test_a_refused_choice_of_goals_is_said_on_the_form(self, client, monkeypatch):
        def refuse(ending, *, goal_ids, actor):
            raise DomainError("Choose from the list.")

        monkeypatch.setattr(services, "choose_keepsake_goals", refuse)
        log_in(client, make_young_person())
        response = client.post("/my-ending/keepsake", data={})
        assert response.status_code == 200
        assert "Goals in my journey keepsake" in text(response)
        assert "Choose from the list." in text(response)

    def test_a_young_person_downloads_their_own_at_any_time(self, client):
        person = make_young_person(name="Kai")
        log_in(client, person)
        response = client.get(f"/my-journey/{person.id}.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert "Kai" in pdf_text(response.data)

    def test_it_is_still_theirs_after_graduating(self, client):
        certificate = make_certificate()
        log_in(client, certificate.person)
        response = client.get(f"/my-journey/{certificate.person_id}.pdf")
        assert format_code(certificate.code) in pdf_text(response.data)

    def test_someone_elses_keepsake_is_not_found(self, client):
        other = make_young_person(name="Someone Else")
        log_in(client, make_young_person())
        response = client.get(f"/my-journey/{other.id}.pdf")
        assert response.status_code == 404
        assert b"Someone Else" not in response.data

    @pytest.mark.parametrize("maker", [make_worker, make_admin, make_finance])
    def test_no_staff_can_download_it(self, client, maker):
        person = make_young_person()
        log_in(client, maker())
        assert client.get(f"/my-journey/{person.id}.pdf").status_code == 403


class TestStaffLists:
    def test_who_ends_in_30_and_90_days_and_whose_plan_is_empty(self, client):
        worker = make_worker(name="Sam")
        soon = services.ending_for(make_young_person(name="Soon", key_worker=worker))
        soon.planned_on = TODAY + timedelta(days=12)
        later = services.ending_for(make_young_person(name="Later"))
        later.planned_on = TODAY + timedelta(days=60)
        services.update_plan(
            later, actor=later.person, **{k: v for k, v in PLAN.items() if k != "share_message"}
        )
        far = services.ending_for(make_young_person(name="Faraway"))
        graduated = services.ending_for(make_young_person(name="Graduated"))
        graduated.planned_on, graduated.graduated_on = TODAY + timedelta(days=3), TODAY
        db.session.commit()
        log_in(client, worker)

        page = text(client.get("/manage/endings"))

        soon_part, rest = page.split("Ending in 31 to 90 days", 1)
        later_part, empty_part = rest.split("Ending plans not started yet", 1)
        assert "Soon" in soon_part and "Later" not in soon_part
        assert "Later" in later_part and "Soon" not in later_part
        assert "Soon" in empty_part and "Faraway" in empty_part and "Later" not in empty_part
        assert "Graduated" not in page
        assert "Worker: Sam" in soon_part
        assert far.person.preferred_name not in soon_part + later_part

    def test_messages_for_future_members_are_listed_only_with_consent(self, client):
        shared = services.ending_for(make_young_person(name="Sharer"))
        private = services.ending_for(make_young_person())
        for ending, share in ((shared, True), (private, False)):
            answers = {k: v for k, v in PLAN.items() if k != "share_message"}
            answers["message_for_members"] = f"Message shared={share}"
            services.update_plan(ending, actor=ending.person, share_message=share, **answers)
        db.session.commit()
        log_in(client, make_worker())
        page = text(client.get("/manage/endings"))
        messages = page.split("Messages for future members", 1)[1]
        assert "Message shared=True" in messages
        assert "Message shared=False" not in page
        assert "Sharer" not in messages

    def test_a_worker_can_show_only_their_own_young_people(self, client):
        worker = make_worker()
        make_young_person(name="Mine", key_worker=worker)
        make_young_person(name="Theirs", key_worker=make_worker())
        log_in(client, worker)
        page = text(client.get("/manage/endings?mine=1"))
        assert "Mine" in page and "Theirs" not in page
        assert "Show everyone" in page

    def test_the_lists_take_the_same_queries_however_many_people(self, client):
        worker = make_worker()
        log_in(client, worker)

        def add(how_many):
            for number in range(how_many):
                ending = services.ending_for(make_young_person(key_worker=worker))
                ending.planned_on = TODAY + timedelta(days=number % 90)
            db.session.commit()

        def queries_for(url):
            with count_queries(db.engine) as statements:
                assert client.get(url).status_code == 200
            return len(statements)

        add(3)
        few = [queries_for(url) for url in ("/manage/endings", "/manage/endings?mine=1")]
        add(30)
        many = [queries_for(url) for url in ("/manage/endings", "/manage/endings?mine=1")]
        assert few == many
        assert max(few) <= 6


class TestStaffPersonPage:
    def test_a_worker_changes_the_date_with_a_reason(self, client):
        person = make_young_person()
        log_in(client, make_worker())
        new = TODAY + timedelta(days=40)
        response = client.post(
            f"/manage/endings/{person.id}/date",
            data={"planned_on": new.isoformat(), "reason": "Moving to college"},
            follow_redirects=True,
        )
        assert "The planned ending date is changed" in text(response)
        assert services.ending_for(person).planned_on == new

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"planned_on": "2020-01-01", "reason": "x"}, "can't be in the past"),
            ({"planned_on": "31/02/2027", "reason": "x"}, "Enter a real date"),
            ({"planned_on": "", "reason": "x"}, "Enter the new date."),
            ({"planned_on": "2099-01-01", "reason": ""}, "Give a reason."),
        ],
    )
    def test_bad_dates_are_explained(self, client, data, message):
        person = make_young_person()
        before = services.ending_for(person).planned_on
        log_in(client, make_worker())
        response = client.post(f"/manage/endings/{person.id}/date", data=data)
        assert response.status_code == 200
        assert message in text(response)
        assert services.ending_for(person).planned_on == before

    def test_a_worker_fills_in_the_plan_too(self, client):
        person = make_young_person(name="Kai")
        log_in(client, make_worker())
        assert "Ending plan for Kai" in text(client.get(f"/manage/endings/{person.id}/plan"))
        response = client.post(
            f"/manage/endings/{person.id}/plan", data=PLAN, follow_redirects=True
        )
        assert "The ending plan is saved" in text(response)
        assert "Leading Eat Club" in text(response)

    def test_graduation_then_the_certificate_then_revoke_and_reissue(self, client):
        person = make_young_person(name="Kai")
        log_in(client, make_worker(name="Sam"))
        page = text(client.get(f"/manage/endings/{person.id}"))
        assert "Record the graduation first" in page

        response = client.post(
            f"/manage/endings/{person.id}/graduation",
            data={"graduated_on": TODAY.isoformat()},
            follow_redirects=True,
        )
        assert "Graduation recorded" in text(response)
        assert "Name: Kai" in text(response)

        response = client.post(f"/manage/endings/{person.id}/certificate", follow_redirects=True)
        assert "Certificate issued" in text(response)
        certificate = db.session.scalar(select(Certificate))
        assert format_code(certificate.code) in text(response)

        again = client.post(f"/manage/endings/{person.id}/certificate", follow_redirects=True)
        assert "already have a current certificate" in text(again)

        pdf = client.get(f"/manage/certificates/{certificate.id}.pdf")
        assert pdf.status_code == 200 and "Kai" in pdf_text(pdf.data)

        no_reason = client.post(f"/manage/certificates/{certificate.id}/revoke", data={})
        assert "Give a reason." in text(no_reason)
        response = client.post(
            f"/manage/certificates/{certificate.id}/revoke",
            data={"reason": "Spelling of the name"},
            follow_redirects=True,
        )
        assert "The certificate is revoked" in text(response)
        assert "Spelling of the name" in text(response)
        twice = client.post(
            f"/manage/certificates/{certificate.id}/revoke",
            data={"reason": "again"},
            follow_redirects=True,
        )
        assert "already been revoked" in text(twice)

        response = client.post(
            f"/manage/certificates/{certificate.id}/reissue", follow_redirects=True
        )
        assert "A new certificate is issued" in text(response)
        assert db.session.scalar(select(Certificate).where(Certificate.revoked_at.is_(None)))

    def test_a_graduation_after_the_programme_ends_is_refused(self, client):
        programme.update_settings(
            default_length_months=12,
            programme_ends_on=TODAY + timedelta(days=5),
            reminder_days=[7],
            actor=make_admin(),
        )
        db.session.commit()
        person = make_young_person()
        log_in(client, make_worker())
        response = client.post(
            f"/manage/endings/{person.id}/graduation",
            data={"graduated_on": (TODAY + timedelta(days=6)).isoformat()},
        )
        assert "so the graduation can't be later than that" in text(response)

    def test_a_revoked_certificate_is_not_printed_again(self, client):
        certificate = make_certificate()
        services.revoke_certificate(certificate, reason="Mistake", actor=make_worker())
        db.session.commit()
        log_in(client, make_worker())
        response = client.get(f"/manage/certificates/{certificate.id}.pdf", follow_redirects=True)
        assert response.mimetype == "text/html"
        assert "This certificate has been revoked, so it can't be downloaded." in text(response)
        assert f"Ending for {certificate.person.preferred_name}" in text(response)

    def test_once_issued_the_graduation_date_is_changed_only_by_revoking(self, client):
        certificate = make_certificate()
        log_in(client, make_worker())
        page = text(client.get(f"/manage/endings/{certificate.person_id}"))
        assert "Change the graduation date" not in page
        assert "Revoke it first to change the date" in page

    def test_staff_and_unknown_people_have_no_ending_page(self, client):
        log_in(client, make_worker())
        assert client.get(f"/manage/endings/{make_finance().id}").status_code == 404
        assert client.get("/manage/endings/999999").status_code == 404
        assert client.get("/manage/certificates/999999.pdf").status_code == 404


class TestProgrammeSettingsPage:
    def test_an_admin_sets_the_length_end_and_reminders(self, client):
        log_in(client, make_admin())
        page = text(client.get("/manage/programme-settings"))
        assert 'value="12"' in page and 'value="90, 30, 7"' in page
        ends = TODAY + timedelta(days=300)
        response = client.post(
            "/manage/programme-settings",
            data={
                "default_length_months": "9",
                "programme_ends_on": ends.isoformat(),
                "reminder_days": "60; 14",
                "new_member_months": "3",
                "new_member_sessions": "6",
            },
            follow_redirects=True,
        )
        assert "Programme settings saved" in text(response)
        settings = db.session.get(ProgrammeSettings, 1)
        assert (settings.default_length_months, settings.programme_ends_on) == (9, ends)
        assert settings.reminder_days == [60, 14]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"default_length_months": "twelve"}, "Enter a whole number"),
            ({"default_length_months": "0"}, "1 to 60 months"),
            ({"reminder_days": "soon"}, "Write whole numbers of days"),
            ({"reminder_days": "0, 400"}, "up to 6 reminder days"),
            ({"programme_ends_on": "2001-01-01"}, "can't be in the past"),
        ],
    )
    def test_nonsense_is_explained(self, client, data, message):
        log_in(client, make_admin())
        form = {"default_length_months": "12", "programme_ends_on": "", "reminder_days": "90"}
        response = client.post("/manage/programme-settings", data={**form, **data})
        assert response.status_code == 200
        assert message in text(response)
        assert db.session.get(ProgrammeSettings, 1) is None


class TestVerification:
    def test_a_real_certificate_shows_only_what_is_printed(self, client):
        person = make_young_person(name="Jordan", pronouns="they/them")
        certificate = make_certificate(person, make_worker(name="Sam Signer"), printed_name="J Ok")
        response = client.get(f"/verify/{format_code(certificate.code)}")
        page = text(response)
        assert response.status_code == 200
        assert "This certificate is real" in page
        assert "J Ok" in page and "YouthHub" in page and long_date(TODAY) in page
        for private in (person.email, "they/them", "Sam Signer", "Jordan"):
            assert private not in page
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert response.headers["Cache-Control"] == "no-store"

    @pytest.mark.parametrize("transform", [str.lower, lambda c: c.replace("-", ""), str])
    def test_the_code_can_be_typed_loosely(self, client, transform):
        certificate = make_certificate()
        response = client.get(f"/verify/{transform(format_code(certificate.code))}")
        assert response.status_code == 200

    def test_a_revoked_certificate_says_so_with_the_date(self, client):
        certificate = make_certificate()
        services.revoke_certificate(certificate, reason="Private reason", actor=make_worker())
        db.session.commit()
        page = text(client.get(f"/verify/{certificate.code}"))
        assert "This certificate has been revoked" in page
        assert f"revoked on {long_date(TODAY)}" in page
        assert "Private reason" not in page
        assert "This certificate is real" not in page

    @pytest.mark.parametrize(
        "code", ["ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345", "not-a-code", "x" * 300, "%3Cscript%3E"]
    )
    def test_an_unknown_or_malformed_code_is_told_kindly(self, client, code):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404
        assert "We couldn't find that certificate" in text(response)

    def test_the_form_takes_a_typed_code_to_its_page(self, client):
        certificate = make_certificate()
        assert "Check a certificate" in text(client.get("/verify"))
        response = client.get("/verify", query_string={"code": certificate.code.lower()})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/verify/{format_code(certificate.code)}"
        wrong = client.get("/verify", query_string={"code": "nope"})
        assert "doesn't look like a certificate code" in text(wrong)


class TestVerificationLimit:
    @pytest.fixture
    def app_config(self):
        return {"VERIFY_LIMIT": "3 per minute"}

    def test_lookups_are_rate_limited_kindly(self, client):
        statuses = [client.get(f"/verify/{'A' * 28}").status_code for _ in range(4)]
        assert statuses == [404, 404, 404, 429]
        response = client.get("/verify", query_string={"code": "A" * 28})
        assert response.status_code == 429
        assert "Please wait a minute" in text(response)


class TestWelsh:
    def test_a_welsh_speaker_sees_their_ending_in_welsh(self, client):
        person = make_young_person(locale="cy")
        planned = services.ending_for(person).planned_on
        log_in(client, person)
        home = text(client.get("/"))
        assert "Rydych chi gyda ni tan" in home
        page = text(client.get("/my-ending"))
        assert "Fy nghynllun diwedd" in page
        months = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf"]
        months += ["Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"]
        assert months[planned.month - 1] in page

    def test_the_verification_page_speaks_welsh(self, client):
        # In the certificate's language (tests/endings/test_open_badges.py), or as asked.
        certificate = make_certificate()
        page = text(client.get(f"/verify/{certificate.code}?lang=cy"))
        assert "Mae'r dystysgrif hon yn ddilys" in page


def test_a_young_persons_pages_take_the_same_queries_however_long_their_journey(client):
    from tests.activities.factories import make_activity, make_attendance, make_group, make_member

    person = make_young_person()
    worker = make_worker()

    def grow(how_many):
        for _ in range(how_many):
            make_attendance(make_activity(starts_in=timedelta(days=-3)), person)
            make_member(make_group(), person).decided_at = utcnow()
        db.session.commit()

    def queries_for(url):
        with count_queries(db.engine) as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    pages = ["/", "/my-ending", "/my-ending/certificate"]
    log_in(client, person)
    grow(2)
    few = [queries_for(url) for url in pages]
    grow(20)
    assert [queries_for(url) for url in pages] == few
    client.post("/logout")
    log_in(client, worker)
    staff_few = queries_for(f"/manage/endings/{person.id}")
    grow(5)
    assert queries_for(f"/manage/endings/{person.id}") == staff_few


def test_the_length_box_opens_the_number_keypad_and_keeps_what_was_typed(client):
    log_in(client, make_admin())
    page = text(client.get("/manage/programme-settings"))
    assert 'inputmode="numeric"' in page and 'type="number"' not in page
    form = {"default_length_months": "12 months", "programme_ends_on": "", "reminder_days": "90"}
    response = text(client.post("/manage/programme-settings", data=form))
    assert "Enter a whole number, like 12." in response
    assert 'value="12 months"' in response
