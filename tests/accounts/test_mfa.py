"""Second factors, service by service: who needs one, the authenticator app and its recovery
codes, replayed codes, passkey removal, and an admin resetting someone's factors."""

import pyotp
import pytest
from sqlalchemy import select

from tests.factories import (
    authenticator_code,
    give_authenticator,
    make_admin,
    make_finance,
    make_worker,
    make_young_person,
)
from youthhub.accounts import mfa, passkeys
from youthhub.accounts.models_mfa import AuthenticatorApp, Passkey, RecoveryCode
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.extensions import db


def add_passkey_row(user) -> Passkey:
    """A saved passkey (tests/browser/test_passkeys.py makes real ones in Chromium)."""
    passkey = Passkey(
        user_id=user.id, credential_id=b"cred-%d" % user.id, public_key=b"k", name="Phone"
    )
    db.session.add(passkey)
    db.session.commit()
    return passkey


def test_finance_and_admin_need_a_second_factor_and_others_do_not(app):
    assert mfa.factor_required(make_finance())
    assert mfa.factor_required(make_admin())
    assert not mfa.factor_required(make_worker())
    assert not mfa.factor_required(make_young_person())


def test_only_staff_may_use_an_authenticator_app(app):
    young = make_young_person()
    with pytest.raises(NotAllowed):
        mfa.set_up_authenticator(young, "JBSWY3DPEHPK3PXP", "123456", actor=young)


class TestSettingUpAnAuthenticator:
    def test_a_wrong_first_code_keeps_nothing(self, app):
        worker = make_worker()
        secret = pyotp.random_base32()
        with pytest.raises(DomainError, match="didn't work"):
            mfa.set_up_authenticator(worker, secret, "000000", actor=worker)
        assert not mfa.has_second_factor(worker)

    def test_the_right_code_keeps_the_secret_encrypted_and_gives_ten_recovery_codes(self, app):
        worker = make_worker()
        secret, codes = give_authenticator(worker)
        assert mfa.has_second_factor(worker)
        assert len(set(codes)) == 10
        stored = db.session.scalar(
            select(AuthenticatorApp).where(AuthenticatorApp.user_id == worker.id)
        )
        assert secret not in stored.secret_encrypted
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert not any(code in h or code.replace("-", "") in h for code in codes for h in hashes)

    def test_a_second_app_is_refused(self, app):
        worker = make_worker()
        give_authenticator(worker)
        secret = pyotp.random_base32()
        with pytest.raises(DomainError, match="already"):
            mfa.set_up_authenticator(worker, secret, pyotp.TOTP(secret).now(), actor=worker)

    def test_nobody_sets_up_someone_else(self, app):
        admin, worker = make_admin(), make_worker()
        secret = pyotp.random_base32()
        with pytest.raises(NotAllowed):
            mfa.set_up_authenticator(worker, secret, pyotp.TOTP(secret).now(), actor=admin)


class TestCodes:
    def test_a_code_works_once_and_never_again(self, app):
        finance = make_finance()
        secret, _ = give_authenticator(finance)
        code = authenticator_code(secret)
        assert mfa.check_code(finance, code) == "authenticator"
        with pytest.raises(DomainError):
            mfa.check_code(finance, code)

    def test_the_code_used_at_set_up_cannot_be_replayed(self, app):
        finance = make_finance()
        secret, _ = give_authenticator(finance)
        with pytest.raises(DomainError):
            mfa.check_code(finance, authenticator_code(secret, steps_ahead=0))

    def test_an_older_code_is_refused_after_a_newer_one(self, app):
        finance = make_finance()
        secret, _ = give_authenticator(finance)
        mfa.check_code(finance, authenticator_code(secret, steps_ahead=1))
        with pytest.raises(DomainError):
            mfa.check_code(finance, authenticator_code(secret, steps_ahead=0))

    def test_a_code_from_another_persons_app_is_refused(self, app):
        finance, admin = make_finance(), make_admin()
        give_authenticator(finance)
        other_secret, _ = give_authenticator(admin)
        with pytest.raises(DomainError):
            mfa.check_code(finance, authenticator_code(other_secret))

    def test_a_recovery_code_works_once_however_it_is_typed(self, app):
        admin = make_admin()
        _, codes = give_authenticator(admin)
        typed = " " + codes[3].lower().replace("-", " ") + " "
        assert mfa.check_code(admin, typed) == "recovery_code"
        with pytest.raises(DomainError):
            mfa.check_code(admin, codes[3])
        assert mfa.factors_of(admin).recovery_codes_left == 9

    def test_someone_elses_recovery_code_is_refused(self, app):
        admin, finance = make_admin(), make_finance()
        give_authenticator(admin)
        _, their_codes = give_authenticator(finance)
        with pytest.raises(DomainError):
            mfa.check_code(admin, their_codes[0])

    def test_new_recovery_codes_replace_the_old_ones(self, app):
        admin = make_admin()
        _, old = give_authenticator(admin)
        new = mfa.new_recovery_codes(admin, actor=admin)
        with pytest.raises(DomainError):
            mfa.check_code(admin, old[0])
        assert mfa.check_code(admin, new[0]) == "recovery_code"

    def test_codes_stop_working_when_secret_key_changes(self, app):
        finance = make_finance()
        secret, _ = give_authenticator(finance)
        app.config["SECRET_KEY"] = "another-secret-key-that-is-long-enough-to-pass"
        with pytest.raises(DomainError):
            mfa.check_code(finance, authenticator_code(secret))

    def test_each_check_is_in_the_audit_log(self, app):
        finance = make_finance()
        secret, codes = give_authenticator(finance)
        mfa.check_code(finance, authenticator_code(secret))
        mfa.check_code(finance, codes[0])
        db.session.flush()
        details = db.session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "account.factor_checked")
        ).all()
        assert [d["factor"] for d in details] == ["authenticator", "recovery_code"]


class TestRemoving:
    def test_finance_cannot_remove_their_only_factor(self, app):
        finance = make_finance()
        give_authenticator(finance)
        with pytest.raises(DomainError, match="needs a second factor"):
            mfa.remove_authenticator(finance, actor=finance)

    def test_finance_with_a_passkey_can_remove_the_app(self, app):
        finance = make_finance()
        give_authenticator(finance)
        add_passkey_row(finance)
        mfa.remove_authenticator(finance, actor=finance)
        assert mfa.factors_of(finance).authenticator is None
        assert mfa.factors_of(finance).recovery_codes_left == 0

    def test_a_youth_worker_may_go_back_to_a_password_only(self, app):
        worker = make_worker()
        give_authenticator(worker)
        mfa.remove_authenticator(worker, actor=worker)
        assert not mfa.has_second_factor(worker)

    def test_an_admins_last_passkey_stays(self, app):
        admin = make_admin()
        passkey = add_passkey_row(admin)
        with pytest.raises(DomainError):
            passkeys.remove_passkey(passkey, actor=admin)

    def test_a_young_person_removes_their_passkey(self, app):
        young = make_young_person()
        passkey = add_passkey_row(young)
        passkeys.remove_passkey(passkey, actor=young)
        assert not mfa.has_second_factor(young)

    def test_nobody_removes_someone_elses_passkey(self, app):
        young = make_young_person()
        passkey = add_passkey_row(young)
        with pytest.raises(NotAllowed):
            passkeys.remove_passkey(passkey, actor=make_admin())


class TestAdminReset:
    def test_an_admin_resets_someones_factors_and_signs_them_out(self, app):
        admin, finance = make_admin(), make_finance()
        give_authenticator(finance)
        add_passkey_row(finance)
        version = finance.session_version
        mfa.reset_factors(finance, actor=admin)
        db.session.flush()
        factors = mfa.factors_of(finance)
        assert not factors.any and factors.recovery_codes_left == 0
        assert finance.session_version == version + 1
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "account.factors_reset")
        )
        assert (entry.actor_id, entry.subject_id) == (admin.id, finance.id)

    def test_an_admin_cannot_reset_their_own(self, app):
        admin = make_admin()
        give_authenticator(admin)
        assert not mfa.can_reset_factors(admin, actor=admin)
        with pytest.raises(NotAllowed, match="Another admin"):
            mfa.reset_factors(admin, actor=admin)
        assert mfa.has_second_factor(admin)

    def test_only_admins_reset(self, app):
        finance, worker = make_finance(), make_worker()
        give_authenticator(worker)
        assert not mfa.can_reset_factors(worker, actor=finance)
        with pytest.raises(NotAllowed):
            mfa.reset_factors(worker, actor=finance)

    def test_the_server_command_line_resets_the_last_admin(self, app, runner):
        admin = make_admin()
        give_authenticator(admin)
        result = runner.invoke(args=["reset-factors", admin.email])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        assert not mfa.has_second_factor(admin)
