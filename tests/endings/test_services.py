"""Ending rules, tested through the services that enforce them."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.factories import (
    make_admin,
    make_certificate,
    make_finance,
    make_user,
    make_worker,
    make_young_person,
)
from youthhub.accounts import services as accounts
from youthhub.accounts.models import Role
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.endings import codes, programme, services, status_list
from youthhub.endings.models import Certificate, Ending, ProgrammeSettings
from youthhub.extensions import db
from youthhub.notices.models import Notice

TODAY = london_today()


def joined(on: date) -> dict:
    """Fields for a person who joined on a London date (at noon, clear of any midnight)."""
    from datetime import datetime, time

    return {"created_at": datetime.combine(on, time(12), tzinfo=LONDON)}


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def notices_for(person) -> list[str]:
    return list(db.session.scalars(select(Notice.text).where(Notice.recipient_id == person.id)))


def set_programme(admin=None, *, months=12, ends_on=None, reminders=(90, 30, 7)):
    programme.update_settings(
        default_length_months=months,
        programme_ends_on=ends_on,
        reminder_days=list(reminders),
        actor=admin or make_admin(),
    )
    db.session.commit()


def plan(ending, actor, **answers):
    fields = dict.fromkeys(
        ("proud_of", "keep_doing", "carrying_on", "contacts_after", "message_for_members"), ""
    )
    fields.update(answers)
    services.update_plan(ending, actor=actor, **fields)


class TestDefaultEndingDates:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (date(2026, 1, 31), 1, date(2026, 2, 28)),
            (date(2027, 1, 31), 13, date(2028, 2, 29)),
            (date(2026, 3, 27), 12, date(2027, 3, 27)),
            (date(2026, 11, 30), 3, date(2027, 2, 28)),
        ],
    )
    def test_months_are_added_keeping_the_day_where_the_month_has_it(self, start, months, expected):
        assert programme.add_months(start, months) == expected

    def test_a_new_young_person_gets_the_default_length_from_the_day_they_join(self, app):
        person = make_young_person(**joined(TODAY))
        assert services.ending_for(person).planned_on == programme.add_months(TODAY, 12)

    def test_the_programme_end_wins_when_it_comes_first(self, app):
        ends = TODAY + timedelta(days=100)
        set_programme(ends_on=ends)
        assert make_young_person(**joined(TODAY)).id
        person = db.session.scalars(select(Ending)).one()
        assert person.planned_on == ends

    def test_the_default_length_wins_when_it_comes_first(self, app):
        set_programme(months=6, ends_on=TODAY + timedelta(days=400))
        ending = services.ending_for(make_young_person(**joined(TODAY)))
        assert ending.planned_on == programme.add_months(TODAY, 6)

    def test_a_new_default_applies_to_people_who_join_later_not_to_anyone_already_here(self, app):
        before = services.ending_for(make_young_person(**joined(TODAY)))
        set_programme(months=3)
        after = services.ending_for(make_young_person(**joined(TODAY)))
        assert before.planned_on == programme.add_months(TODAY, 12)
        assert after.planned_on == programme.add_months(TODAY, 3)

    def test_signing_up_gives_the_planned_ending_and_an_audit_entry(self, app):
        person = accounts.sign_up_young_person(
            preferred_name="Kai",
            email="kai@example.org",
            password="long enough one",
            date_of_birth=date(2006, 1, 1),
        )
        ending = db.session.scalars(select(Ending)).one()
        assert ending.person == person
        assert ending.planned_on == programme.add_months(TODAY, 12)
        assert audit("ending.planned")[0].details == {"planned_on": ending.planned_on.isoformat()}

    def test_becoming_a_young_person_by_a_role_change_starts_an_ending(self, app):
        person = make_finance()
        accounts.change_roles(person, [Role.FINANCE, Role.YOUNG_PERSON], actor=make_admin())
        assert services.ending_for(person).planned_on > TODAY

    def test_a_planned_ending_is_never_given_in_the_past(self, app):
        person = make_finance(**joined(TODAY - timedelta(days=800)))
        accounts.change_roles(person, [Role.YOUNG_PERSON], actor=make_admin())
        assert services.ending_for(person).planned_on == TODAY

    def test_starting_twice_keeps_the_first(self, app):
        person = make_young_person()
        first = services.start_ending(person)
        assert services.start_ending(person) is first
        assert len(audit("ending.planned")) == 1

    def test_staff_have_no_ending(self, app):
        with pytest.raises(DomainError, match="Only young people"):
            services.ending_for(make_worker())


class TestProgrammeSettings:
    def test_defaults_until_an_admin_saves(self, app):
        settings = programme.get_settings()
        assert (settings.default_length_months, settings.programme_ends_on) == (12, None)
        assert settings.reminder_days == [90, 30, 7]

    def test_an_admin_saves_them_with_an_audit_entry(self, app):
        set_programme(months=9, ends_on=TODAY + timedelta(days=200), reminders=[14, 60, 60])
        settings = db.session.get(ProgrammeSettings, 1)
        assert settings.default_length_months == 9
        assert settings.reminder_days == [60, 14]
        entry = audit("programme.settings_changed")[0]
        assert entry.details["before"]["default_length_months"] == 12
        assert entry.details["after"]["reminder_days"] == [60, 14]

    @pytest.mark.parametrize("maker", [make_worker, make_finance, make_young_person])
    def test_only_admins_can_change_them(self, app, maker):
        with pytest.raises(NotAllowed):
            set_programme(maker())

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"months": 0}, "1 to 60 months"),
            ({"months": 61}, "1 to 60 months"),
            ({"ends_on": TODAY - timedelta(days=1)}, "can't be in the past"),
            ({"reminders": []}, "up to 6 reminder days"),
            ({"reminders": [0]}, "up to 6 reminder days"),
            ({"reminders": [400]}, "up to 6 reminder days"),
            ({"reminders": [1, 2, 3, 4, 5, 6, 7]}, "up to 6 reminder days"),
        ],
    )
    def test_nonsense_is_refused_kindly(self, app, change, message):
        with pytest.raises(DomainError, match=message):
            set_programme(**change)

    def test_an_earlier_programme_end_brings_later_endings_in_and_tells_them(self, app):
        later = services.ending_for(make_young_person(**joined(TODAY)))
        graduated = services.ending_for(make_young_person(**joined(TODAY)))
        graduated.graduated_on = TODAY
        sooner = services.ending_for(make_young_person(**joined(TODAY)))
        sooner.planned_on = TODAY + timedelta(days=10)
        db.session.commit()
        ends = TODAY + timedelta(days=60)

        set_programme(ends_on=ends)

        assert later.planned_on == ends
        assert graduated.planned_on == programme.add_months(TODAY, 12)
        assert sooner.planned_on == TODAY + timedelta(days=10)
        [entry] = audit("ending.date_changed")
        assert entry.subject_id == later.id
        assert "programme's end date" in entry.details["reason"]
        assert len(notices_for(later.person)) == 1
        assert notices_for(sooner.person) == []


class TestChangingThePlannedDate:
    def test_a_worker_changes_it_with_a_reason_and_the_young_person_is_told(self, app):
        worker, person = make_worker(), make_young_person()
        ending = services.ending_for(person)
        before = ending.planned_on
        new = TODAY + timedelta(days=45)

        services.change_planned_ending(
            ending, planned_on=new, reason="  Starting college in June ", actor=worker
        )

        assert ending.planned_on == new
        [entry] = audit("ending.date_changed")
        assert entry.actor_id == worker.id
        assert entry.details == {
            "before": before.isoformat(),
            "after": new.isoformat(),
            "reason": "Starting college in June",
        }
        [notice] = notices_for(person)
        assert "Your planned ending date is now" in notice

    def test_today_is_allowed(self, app):
        ending = services.ending_for(make_young_person())
        services.change_planned_ending(ending, planned_on=TODAY, reason="x", actor=make_admin())
        assert ending.planned_on == TODAY

    @pytest.mark.parametrize(
        ("days", "reason", "message"),
        [
            (-1, "moving away", "can't be in the past"),
            (30, "   ", "Say why"),
        ],
    )
    def test_bad_dates_and_missing_reasons_are_refused(self, app, days, reason, message):
        ending = services.ending_for(make_young_person())
        with pytest.raises(DomainError, match=message):
            services.change_planned_ending(
                ending, planned_on=TODAY + timedelta(days=days), reason=reason, actor=make_worker()
            )
        assert audit("ending.date_changed") == []

    def test_not_after_the_programme_ends(self, app):
        set_programme(ends_on=TODAY + timedelta(days=100))
        ending = services.ending_for(make_young_person())
        with pytest.raises(DomainError, match="programme ends on"):
            services.change_planned_ending(
                ending, planned_on=TODAY + timedelta(days=101), reason="x", actor=make_worker()
            )

    def test_the_same_date_is_not_a_change(self, app):
        ending = services.ending_for(make_young_person())
        with pytest.raises(DomainError, match="already the planned"):
            services.change_planned_ending(
                ending, planned_on=ending.planned_on, reason="x", actor=make_worker()
            )

    def test_not_after_graduating(self, app):
        certificate = make_certificate()
        ending = services.ending_for(certificate.person)
        with pytest.raises(DomainError, match="already graduated"):
            services.change_planned_ending(
                ending, planned_on=TODAY + timedelta(days=5), reason="x", actor=make_worker()
            )

    @pytest.mark.parametrize("maker", [make_young_person, make_finance])
    def test_only_youth_workers_and_admins_can_change_it(self, app, maker):
        person = make_young_person()
        ending = services.ending_for(person)
        for actor in (maker(), person):
            with pytest.raises(NotAllowed):
                services.change_planned_ending(
                    ending, planned_on=TODAY + timedelta(days=5), reason="x", actor=actor
                )


class TestEndingPlan:
    def test_the_young_person_and_a_worker_both_edit_it(self, app):
        person, worker = make_young_person(), make_worker()
        ending = services.ending_for(person)
        plan(ending, person, proud_of="  Running Eat Club ")
        assert ending.proud_of == "Running Eat Club"
        assert ending.plan_updated_by_id == person.id
        plan(ending, worker, proud_of="Running Eat Club", contacts_after="Sam at the hub")
        assert ending.contacts_after == "Sam at the hub"
        assert ending.plan_updated_by_id == worker.id
        assert not ending.plan_is_empty
        assert len(audit("ending.plan_updated")) == 2

    @pytest.mark.parametrize("maker", [make_young_person, make_finance])
    def test_nobody_else_can(self, app, maker):
        ending = services.ending_for(make_young_person())
        with pytest.raises(NotAllowed):
            plan(ending, maker(), proud_of="not mine")

    def test_sharing_the_message_needs_a_message(self, app):
        person = make_young_person()
        ending = services.ending_for(person)
        services.update_plan(
            ending,
            actor=person,
            share_message=True,
            proud_of="",
            keep_doing="",
            carrying_on="",
            contacts_after="",
            message_for_members="",
        )
        assert ending.share_message is False
        services.update_plan(
            ending,
            actor=person,
            share_message=True,
            proud_of="",
            keep_doing="",
            carrying_on="",
            contacts_after="",
            message_for_members="Come along, it's worth it",
        )
        assert ending.share_message is True


class TestCertificateChoices:
    def test_the_young_person_chooses_their_printed_name_and_highlights(self, app):
        person = make_young_person(**joined(TODAY - timedelta(days=400)))
        ending = services.ending_for(person)
        services.choose_certificate_details(
            ending, printed_name=" Jordan Okafor ", highlight_keys=["months"], actor=person
        )
        assert ending.printed_name == "Jordan Okafor"
        assert ending.highlight_keys == ["months"]
        assert audit("ending.certificate_choices")[0].details == {"highlights": ["months"]}

    def test_a_worker_cannot_choose_for_them(self, app):
        ending = services.ending_for(make_young_person())
        with pytest.raises(NotAllowed):
            services.choose_certificate_details(
                ending, printed_name="X", highlight_keys=[], actor=make_worker()
            )

    @pytest.mark.parametrize(
        ("name", "keys", "message"),
        [(" ", [], "name to print"), ("Jo", ["goals_secret"], "Choose from the list")],
    )
    def test_nonsense_is_refused(self, app, name, keys, message):
        person = make_young_person()
        with pytest.raises(DomainError, match=message):
            services.choose_certificate_details(
                services.ending_for(person), printed_name=name, highlight_keys=keys, actor=person
            )

    def test_a_highlight_with_nothing_to_show_cannot_be_chosen(self, app):
        person = make_young_person(**joined(TODAY))  # no whole month yet
        with pytest.raises(DomainError, match="Choose from the list"):
            services.choose_certificate_details(
                services.ending_for(person),
                printed_name="Jo",
                highlight_keys=["months"],
                actor=person,
            )


class TestGraduation:
    def test_a_worker_records_it(self, app):
        worker, person = make_worker(), make_young_person(**joined(TODAY - timedelta(days=30)))
        ending = services.ending_for(person)
        services.record_graduation(ending, graduated_on=TODAY - timedelta(days=1), actor=worker)
        assert ending.graduated_on == TODAY - timedelta(days=1)
        assert audit("ending.graduation_recorded")[0].actor_id == worker.id

    def test_not_before_they_joined_or_after_the_programme(self, app):
        set_programme(ends_on=TODAY + timedelta(days=20))
        ending = services.ending_for(make_young_person(**joined(TODAY)))
        worker = make_worker()
        with pytest.raises(DomainError, match="before they joined"):
            services.record_graduation(ending, graduated_on=TODAY - timedelta(days=1), actor=worker)
        with pytest.raises(DomainError, match="programme ends on"):
            services.record_graduation(
                ending, graduated_on=TODAY + timedelta(days=21), actor=worker
            )

    @pytest.mark.parametrize("maker", [make_young_person, make_finance])
    def test_only_youth_workers_and_admins(self, app, maker):
        ending = services.ending_for(make_young_person())
        with pytest.raises(NotAllowed):
            services.record_graduation(ending, graduated_on=TODAY, actor=maker())

    def test_the_date_is_fixed_once_the_certificate_is_out(self, app):
        certificate = make_certificate()
        with pytest.raises(DomainError, match="already issued"):
            services.record_graduation(
                services.ending_for(certificate.person), graduated_on=TODAY, actor=make_worker()
            )


class TestIssuingCertificates:
    def test_the_certificate_says_what_the_young_person_chose(self, app):
        worker = make_worker(name="Sam")
        person = make_young_person(name="Jordan", locale="cy", **joined(TODAY - timedelta(days=70)))
        certificate = make_certificate(
            person, worker, printed_name="Jordan Okafor", highlight_keys=["months"]
        )
        assert certificate.printed_name == "Jordan Okafor"
        assert certificate.highlights == [{"key": "months", "count": 2}]
        assert (certificate.signer_name, certificate.signer_role) == ("Sam", "youth_worker")
        assert certificate.language == "cy"
        assert certificate.programme_name == "YouthHub"
        assert certificate.awarded_on == TODAY
        assert certificate.is_current
        assert audit("certificate.issued")[0].details == {"person_id": person.id}
        assert any("tystysgrif graddio yn barod" in text for text in notices_for(person))

    def test_nothing_is_printed_that_they_did_not_choose(self, app):
        person = make_young_person(**joined(TODAY - timedelta(days=400)))
        certificate = make_certificate(person)
        assert certificate.highlights == []
        assert certificate.printed_name == person.preferred_name

    def test_the_code_has_at_least_128_random_bits(self, app):
        certificate = make_certificate()
        assert codes.BITS >= 128
        assert len(certificate.code) == codes.LENGTH
        assert set(certificate.code) <= set(codes.ALPHABET)

    def test_not_before_graduation(self, app):
        ending = services.ending_for(make_young_person())
        with pytest.raises(DomainError, match="Record their graduation first"):
            services.issue_certificate(ending, actor=make_worker())

    def test_not_twice(self, app):
        certificate = make_certificate()
        with pytest.raises(DomainError, match="already have a current certificate"):
            services.issue_certificate(services.ending_for(certificate.person), actor=make_worker())
        assert db.session.query(Certificate).count() == 1

    def test_the_database_refuses_a_second_current_certificate_even_if_two_race(self, app):
        certificate = make_certificate()
        twin = Certificate(
            **{
                column: getattr(certificate, column)
                for column in ("person_id", "printed_name", "programme_name", "language")
            },
            code=codes.new_code(),
            awarded_on=TODAY,
            signer_name="x",
            signer_role="admin",
            status_index=(certificate.status_index + 1) % status_list.LIST_LENGTH,
        )
        db.session.add(twin)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()

    @pytest.mark.parametrize("maker", [make_young_person, make_finance])
    def test_only_youth_workers_and_admins(self, app, maker):
        ending = services.ending_for(make_young_person())
        ending.graduated_on = TODAY
        with pytest.raises(NotAllowed):
            services.issue_certificate(ending, actor=maker())


class TestRevokingAndReissuing:
    def test_revoking_needs_a_reason_and_is_audited(self, app):
        certificate, worker = make_certificate(), make_worker()
        with pytest.raises(DomainError, match="Say why"):
            services.revoke_certificate(certificate, reason=" ", actor=worker)
        services.revoke_certificate(certificate, reason="Issued by mistake", actor=worker)
        assert not certificate.is_current
        assert certificate.revoke_reason == "Issued by mistake"
        assert audit("certificate.revoked")[0].details == {"reason": "Issued by mistake"}

    def test_revoking_twice_is_refused(self, app):
        certificate, worker = make_certificate(), make_worker()
        services.revoke_certificate(certificate, reason="Mistake", actor=worker)
        revoked_at = certificate.revoked_at
        with pytest.raises(DomainError, match="already been revoked"):
            services.revoke_certificate(certificate, reason="Again", actor=worker)
        assert certificate.revoked_at == revoked_at

    @pytest.mark.parametrize("maker", [make_young_person, make_finance])
    def test_only_youth_workers_and_admins_revoke(self, app, maker):
        certificate = make_certificate()
        with pytest.raises(NotAllowed):
            services.revoke_certificate(certificate, reason="x", actor=maker())
        assert certificate.is_current

    def test_reissuing_replaces_it_with_a_new_code_and_todays_choices(self, app):
        person = make_young_person(**joined(TODAY - timedelta(days=400)))
        old, worker = make_certificate(person), make_admin()
        services.choose_certificate_details(
            services.ending_for(person),
            printed_name="J. Okafor",
            highlight_keys=["months"],
            actor=person,
        )

        new = services.reissue_certificate(old, actor=worker)

        assert not old.is_current and old.replaced_by_id == new.id
        assert new.is_current and new.code != old.code
        assert (new.printed_name, new.highlights) == ("J. Okafor", [{"key": "months", "count": 13}])
        assert new.signer_role == "admin"
        assert audit("certificate.reissued")[0].details == {"replaces": old.id}
        with pytest.raises(DomainError, match="already been replaced"):
            services.reissue_certificate(old, actor=worker)

    def test_a_revoked_certificate_can_be_reissued_once(self, app):
        old, worker = make_certificate(), make_worker()
        services.revoke_certificate(old, reason="Name spelt wrong", actor=worker)
        new = services.reissue_certificate(old, actor=worker)
        assert new.is_current and old.revoke_reason == "Name spelt wrong"

    def test_an_older_certificate_cannot_be_reissued_over_a_newer_one(self, app):
        old, worker = make_certificate(), make_worker()
        services.revoke_certificate(old, reason="Mistake", actor=worker)
        newer = services.issue_certificate(services.ending_for(old.person), actor=worker)
        with pytest.raises(DomainError, match="newer certificate"):
            services.reissue_certificate(old, actor=worker)
        assert newer.is_current


def test_a_young_person_without_an_ending_gets_one_when_it_is_first_needed(app):
    person = make_user(Role.YOUNG_PERSON, created_at=utcnow())
    assert db.session.scalar(select(Ending).where(Ending.person_id == person.id)) is None
    assert services.ending_for(person).planned_on == programme.add_months(TODAY, 12)
