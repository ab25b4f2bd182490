"""Account rules, tested through the services that enforce them."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import DATABASE_KIND
from tests.factories import PASSWORD, make_admin, make_finance, make_worker, make_young_person
from youthhub.accounts import services
from youthhub.accounts.models import Role, StaffInvite, User
from youthhub.core.audit import AuditEntry, AuditLogIsAppendOnly
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db


def sign_up(**overrides):
    details = {
        "preferred_name": "  Kai ",
        "email": " Kai@Example.org ",
        "password": "a long enough one",
        "date_of_birth": date(2005, 6, 1),
    }
    details.update(overrides)
    return services.sign_up_young_person(**details)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


class TestSignUp:
    def test_makes_a_young_person_with_a_tidy_name_and_email(self, app):
        user = sign_up(pronouns=" they/them ")
        assert user.preferred_name == "Kai"
        assert user.email == "kai@example.org"
        assert user.pronouns == "they/them"
        assert user.roles == {Role.YOUNG_PERSON}
        assert user.password_hash.startswith("$argon2id$")
        assert audit_actions() == ["account.signed_up", "ending.planned"]

    def test_an_invite_code_links_the_young_person_to_that_worker(self, app):
        worker = make_worker(invite_code="K7QHM2XP")
        user = sign_up(invite_code="k7qh-m2xp")
        assert user.key_worker == worker

    def test_an_unknown_invite_code_is_refused_kindly(self, app):
        with pytest.raises(DomainError, match="don't recognise that invite code"):
            sign_up(invite_code="NOPE1234")

    def test_a_code_of_a_switched_off_worker_no_longer_works(self, app):
        make_worker(invite_code="K7QHM2XP", disabled_at=utcnow())
        with pytest.raises(DomainError, match="don't recognise"):
            sign_up(invite_code="K7QHM2XP")

    def test_a_new_account_waits_for_its_email_to_be_confirmed(self, app):
        user = sign_up()
        assert user.email_confirmed_at is None
        with pytest.raises(DomainError, match="don't match"):
            services.authenticate("kai@example.org", "a long enough one")
        services.confirm_sign_up(services.make_sign_up_token(user))
        assert services.authenticate("kai@example.org", "a long enough one") == user

    def test_an_email_with_an_account_makes_no_second_one_and_says_nothing(self, app):
        owner = make_young_person(email="kai@example.org")
        assert sign_up(email="KAI@example.org") is None
        assert db.session.scalars(select(User)).all() == [owner]

    def test_signing_up_again_before_confirming_replaces_the_waiting_sign_up(self, app):
        first = sign_up()
        old_link = services.make_sign_up_token(first)
        again = sign_up(preferred_name="Kai R", password="another good one here")
        assert again == first
        assert again.preferred_name == "Kai R"
        assert services.sign_up_link_problem(old_link) is not None  # the old password's link
        services.confirm_sign_up(services.make_sign_up_token(again))
        assert services.authenticate("kai@example.org", "another good one here") == first

    @pytest.mark.parametrize(
        ("password", "problem"),
        [("seven77", "at least 10"), ("x" * 129, "up to 128")],
    )
    def test_password_length_rules(self, app, password, problem):
        with pytest.raises(DomainError, match=problem):
            sign_up(password=password)

    @pytest.mark.parametrize(
        "password",
        ["kettle moon orange bus", ("correct horse battery " * 6)[:128], "only lowercase words"],
    )
    def test_no_composition_rules_and_up_to_128_characters_allowed(self, app, password):
        assert sign_up(password=password).id

    def test_under_16s_are_told_kindly(self, app):
        today = london_today()
        fifteen = date(today.year - 15, today.month, min(today.day, 28))
        with pytest.raises(DomainError, match="16 and over"):
            sign_up(date_of_birth=fifteen)

    def test_a_birthday_in_the_future_is_refused(self, app):
        with pytest.raises(DomainError, match="future"):
            sign_up(date_of_birth=london_today() + timedelta(days=1))


class TestAuthenticate:
    def test_right_email_and_password(self, app):
        user = make_young_person(email="sam@example.org")
        assert services.authenticate(" SAM@example.org", PASSWORD) == user
        assert user.last_login_at is not None

    @pytest.mark.parametrize(
        ("email", "password"),
        [("sam@example.org", "wrong password"), ("who@example.org", PASSWORD)],
    )
    def test_wrong_details_get_the_same_message(self, app, email, password):
        make_young_person(email="sam@example.org")
        with pytest.raises(DomainError, match="don't match"):
            services.authenticate(email, password)

    def test_a_switched_off_account_cannot_log_in(self, app):
        user = make_young_person(disabled_at=utcnow())
        with pytest.raises(DomainError, match="switched off"):
            services.authenticate(user.email, PASSWORD)

    def test_an_old_weaker_hash_is_upgraded_at_login(self, app):
        user = make_young_person()
        app.config["ARGON2_TIME_COST"] = 2
        services.authenticate(user.email, PASSWORD)
        assert "t=2" in user.password_hash


class TestStaffInvites:
    def test_an_admin_invites_staff_with_roles(self, app):
        admin = make_admin()
        invite, token = services.invite_staff(
            "New@Example.org", [Role.YOUTH_WORKER, Role.FINANCE], actor=admin
        )
        assert invite.email == "new@example.org"
        assert invite.roles == ["finance", "youth_worker"]
        assert token not in invite.token_hash  # only a hash is stored
        assert services.find_open_invite(token) == invite

    @pytest.mark.parametrize("maker", [make_worker, make_finance, make_young_person])
    def test_only_admins_can_invite(self, app, maker):
        with pytest.raises(NotAllowed):
            services.invite_staff("x@example.org", [Role.FINANCE], actor=maker())

    @pytest.mark.parametrize("roles", [[], [Role.YOUNG_PERSON]])
    def test_an_invite_needs_staff_roles(self, app, roles):
        with pytest.raises(DomainError, match="staff role"):
            services.invite_staff("x@example.org", roles, actor=make_admin())

    def test_accepting_makes_the_account_and_the_link_works_only_once(self, app):
        invite, token = services.invite_staff(
            "w@example.org", [Role.YOUTH_WORKER], actor=make_admin()
        )
        user = services.accept_staff_invite(
            token, preferred_name="Wen", password="kettle moon orange bus"
        )
        assert user.roles == {Role.YOUTH_WORKER}
        assert len(user.invite_code) == 8
        assert invite.accepted_at is not None
        with pytest.raises(DomainError, match="already been used"):
            services.accept_staff_invite(
                token, preferred_name="Again", password="kettle moon orange bus"
            )

    def test_an_expired_invite_does_not_work(self, app):
        invite, token = services.invite_staff("w@example.org", [Role.FINANCE], actor=make_admin())
        invite.expires_at = utcnow() - timedelta(seconds=1)
        with pytest.raises(DomainError, match="expired"):
            services.find_open_invite(token)

    def test_a_cancelled_invite_does_not_work(self, app):
        admin = make_admin()
        invite, token = services.invite_staff("w@example.org", [Role.FINANCE], actor=admin)
        services.revoke_invite(invite, actor=admin)
        with pytest.raises(DomainError, match="doesn't work"):
            services.find_open_invite(token)

    def test_an_unknown_token_does_not_work(self, app):
        with pytest.raises(DomainError, match="doesn't work"):
            services.find_open_invite("made-up")

    def test_the_command_line_can_invite_the_first_admin(self, app):
        invite, _token = services.invite_staff("boss@example.org", [Role.ADMIN], actor=None)
        assert invite.invited_by is None
        assert db.session.scalar(select(StaffInvite.id)) == invite.id


class TestRoles:
    def test_an_admin_changes_roles(self, app):
        admin, person = make_admin(), make_finance()
        services.change_roles(person, [Role.FINANCE, Role.YOUTH_WORKER], actor=admin)
        assert person.roles == {Role.FINANCE, Role.YOUTH_WORKER}
        assert person.invite_code  # youth workers get a code for young people
        entry = db.session.scalars(select(AuditEntry)).all()[-1]
        assert entry.details == {"before": ["finance"], "after": ["finance", "youth_worker"]}

    def test_the_last_admin_cannot_stop_being_admin(self, app):
        admin = make_admin()
        with pytest.raises(DomainError, match="at least one admin"):
            services.change_roles(admin, [Role.FINANCE], actor=admin)

    def test_an_admin_can_step_down_when_another_admin_remains(self, app):
        admin = make_admin()
        make_admin()
        services.change_roles(admin, [Role.FINANCE], actor=admin)
        assert admin.roles == {Role.FINANCE}

    def test_non_admins_cannot_change_roles(self, app):
        worker = make_worker()
        with pytest.raises(NotAllowed):
            services.change_roles(worker, [Role.ADMIN], actor=worker)

    def test_disabling_ends_sessions_and_is_recorded(self, app):
        admin, person = make_admin(), make_worker()
        services.disable_account(person, actor=admin)
        assert not person.is_active
        assert person.session_version == 1
        services.enable_account(person, actor=admin)
        assert person.is_active
        assert audit_actions()[-2:] == ["account.disabled", "account.enabled"]

    def test_nobody_switches_off_their_own_account(self, app):
        admin = make_admin()
        make_admin()
        with pytest.raises(DomainError, match="your own account"):
            services.disable_account(admin, actor=admin)

    def test_a_worker_resets_their_own_code(self, app):
        worker = make_worker(invite_code="OLDCODE1")
        code = services.reset_worker_invite_code(worker, actor=worker)
        assert code != "OLDCODE1"
        with pytest.raises(NotAllowed):
            services.reset_worker_invite_code(worker, actor=make_worker())


class TestPasswords:
    def test_change_password_needs_the_current_one(self, app):
        user = make_young_person()
        with pytest.raises(DomainError, match="current password"):
            services.change_password(
                user, current_password="nope", new_password="new long one", actor=user
            )
        services.change_password(
            user, current_password=PASSWORD, new_password="new long one", actor=user
        )
        assert services.authenticate(user.email, "new long one") == user
        assert user.session_version == 1

    def test_a_reset_link_works_once(self, app):
        user = make_young_person()
        token = services.make_password_reset_token(user)
        services.reset_password(token, "brand new password")
        assert services.authenticate(user.email, "brand new password") == user
        with pytest.raises(DomainError, match="expired or was already used"):
            services.reset_password(token, "another new password")

    def test_a_reset_link_expires(self, app):
        user = make_young_person()
        token = services.make_password_reset_token(user)
        app.config["PASSWORD_RESET_MINUTES"] = -1
        with pytest.raises(DomainError, match="expired"):
            services.user_for_reset_token(token)

    def test_a_forged_reset_link_fails(self, app):
        with pytest.raises(DomainError):
            services.user_for_reset_token("eyJpZCI6MX0.forged.signature")

    def test_profile_changes_only_by_the_person(self, app):
        user, other = make_young_person(), make_young_person()
        services.update_profile(user, preferred_name="Jay", pronouns="", locale="cy", actor=user)
        assert (user.preferred_name, user.pronouns, user.locale) == ("Jay", None, "cy")
        with pytest.raises(NotAllowed):
            services.update_profile(user, preferred_name="X", pronouns="", locale="en", actor=other)


class TestAuditLog:
    def test_entries_cannot_be_changed_or_deleted(self, app):
        user = make_finance()
        services.change_password(
            user, current_password=PASSWORD, new_password="new long one", actor=user
        )
        db.session.commit()
        entry = db.session.scalars(select(AuditEntry)).one()
        entry.action = "something else"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditEntry)).one())
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()

    @pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="a PostgreSQL trigger")
    def test_the_database_refuses_changes_too_on_postgresql(self, app):
        services.sign_up_young_person(
            preferred_name="A",
            email="a@example.org",
            password="kettle moon orange bus",
            date_of_birth=date(2004, 1, 1),
        )
        db.session.commit()
        with pytest.raises(DBAPIError, match="cannot be changed"):
            db.session.execute(text("UPDATE audit_entries SET action = 'x'"))


def test_a_sign_up_racing_another_for_the_same_email_answers_like_any_other(app, monkeypatch):
    make_young_person(email="kai@example.org")
    # As if the other sign-up committed between our check and our insert.
    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)
    assert sign_up() is None
    assert db.session.scalar(select(User.email)) == "kai@example.org"  # session still usable
