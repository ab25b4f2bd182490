"""What the staff pages offer is exactly what the services accept: for every state of the
account or invite, the button is on the page if and only if pressing it works."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import log_in, make_admin, make_finance, make_worker, make_young_person
from youthhub.accounts import services
from youthhub.accounts.models import Role, StaffInvite, User
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError
from youthhub.core.time import utcnow
from youthhub.extensions import db


def _audit_count(action: str) -> int:
    return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def _account(state: str, admin: User) -> User:
    if state == "own account":
        return admin
    if state == "another admin":
        return make_admin()
    person = make_young_person() if state.startswith("young person") else make_worker()
    if state.endswith("switched off"):
        services.disable_account(person, actor=make_admin())
        db.session.commit()
    return person


ACCOUNT_STATES = [
    "young person",
    "young person switched off",
    "worker",
    "worker switched off",
    "another admin",
    "own account",
]
SWITCHES = [("disable", "account.disabled"), ("enable", "account.enabled")]


@pytest.mark.parametrize("state", ACCOUNT_STATES)
@pytest.mark.parametrize(("switch", "recorded"), SWITCHES)
def test_an_account_switch_is_offered_exactly_when_it_works(client, state, switch, recorded):
    admin = make_admin()
    make_admin()  # never the last admin, so only the rules under test decide
    person = _account(state, admin)
    log_in(client, admin)
    url = f"/manage/people/{person.id}/{switch}"

    offered = f'action="{url}"' in client.get(f"/manage/people/{person.id}").get_data(True)
    before = _audit_count(recorded)
    client.post(url, follow_redirects=True)

    assert (_audit_count(recorded) == before + 1) == offered


@pytest.mark.parametrize("state", ACCOUNT_STATES)
def test_the_predicate_matches_the_services(app, state):
    admin = make_admin()
    make_admin()
    person = _account(state, admin)
    actions = services.account_actions(person, actor=admin)
    for service, allowed in (
        (services.disable_account, actions.switch_off),
        (services.enable_account, actions.switch_on),
    ):
        attempt = db.session.begin_nested()  # each service tried on the same state
        try:
            service(person, actor=admin)
            accepted = True
        except DomainError:
            accepted = False
        finally:
            attempt.rollback()
        assert accepted == allowed, service.__name__


def test_a_person_who_cannot_be_switched_off_is_told_why(client):
    admin = make_admin()
    make_admin()
    log_in(client, admin)
    page = client.get(f"/manage/people/{admin.id}").get_data(True)
    assert "switch off your own account." in page


@pytest.mark.parametrize("make_actor", [make_worker, make_finance, make_young_person])
def test_only_admins_are_offered_a_switch(app, make_actor):
    actions = services.account_actions(make_worker(), actor=make_actor())
    assert not actions.switch_off and not actions.switch_on


def _invite(state: str, admin: User) -> StaffInvite:
    invite, token = services.invite_staff("new@example.org", [Role.FINANCE], actor=admin)
    if state == "accepted":
        services.accept_staff_invite(token, preferred_name="Nia", password="long enough one")
    elif state == "cancelled":
        services.revoke_invite(invite, actor=admin)
    elif state == "expired":
        invite.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    return invite


@pytest.mark.parametrize("state", ["waiting", "accepted", "cancelled", "expired"])
def test_cancelling_an_invite_is_offered_exactly_when_it_works(client, state):
    admin = make_admin()
    invite = _invite(state, admin)
    log_in(client, admin)
    url = f"/manage/invites/{invite.id}/revoke"

    offered = f'action="{url}"' in client.get("/manage/invites").get_data(True)
    before = _audit_count("staff.invite_revoked")
    client.post(url, follow_redirects=True)

    assert offered == (state == "waiting")
    assert (_audit_count("staff.invite_revoked") == before + 1) == offered
