"""What the ending pages offer is exactly what the services accept.

For every state of an ending and its certificates, and every role, the pages that person can
see are rendered and the buttons, forms and links on them read; then each action is tried
(the service with that person as actor, or the download address) and must succeed exactly when
it was offered."""

import html
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import (
    log_in,
    make_admin,
    make_certificate,
    make_finance,
    make_worker,
    make_young_person,
)
from youthhub.accounts.models import User
from youthhub.core.errors import DomainError
from youthhub.core.time import london_today
from youthhub.endings import certificates, services
from youthhub.endings.models import PLAN_FIELDS, Certificate, Ending
from youthhub.extensions import db

TODAY = london_today()
ANSWERS = dict.fromkeys(PLAN_FIELDS, "")


# The states an ending and its certificates can be in ----------------------------------------


def no_plan(person):
    pass


def planned(person):
    services.update_plan(
        services.ending_for(person), actor=person, **{**ANSWERS, "proud_of": "Eat Club"}
    )


def graduated(person):
    services.record_graduation(services.ending_for(person), graduated_on=TODAY, actor=make_worker())


def issued(person):
    make_certificate(person)


def revoked(person):
    services.revoke_certificate(make_certificate(person), reason="Mistake", actor=make_worker())


def replaced(person):
    services.reissue_certificate(make_certificate(person), actor=make_worker())


STATES = [no_plan, planned, graduated, issued, revoked, replaced]
ROLES = {
    "the young person": None,
    "another young person": make_young_person,
    "youth worker": make_worker,
    "admin": make_admin,
    "finance": make_finance,
}


# What the pages offer ----------------------------------------------------------------------


def staff_markers(person: User, history: list[Certificate]) -> dict[str, str]:
    markers = {
        "change date": f'action="/manage/endings/{person.id}/date"',
        "edit plan": f'href="/manage/endings/{person.id}/plan"',
        "record graduation": f'action="/manage/endings/{person.id}/graduation"',
        "issue certificate": f'action="/manage/endings/{person.id}/certificate"',
    }
    for certificate in history:
        address = f"/manage/certificates/{certificate.id}"
        markers[f"revoke {certificate.id}"] = f'action="{address}/revoke"'
        markers[f"reissue {certificate.id}"] = f'action="{address}/reissue"'
        markers[f"download {certificate.id}"] = f'href="{address}.pdf"'
    return markers


def own_markers(person: User) -> dict[str, str]:
    return {
        "edit plan": 'href="/my-ending/plan"',
        "choose certificate details": 'href="/my-ending/certificate"',
        "choose keepsake goals": 'href="/my-ending/keepsake"',
        "download my certificate": 'href="/my-ending/certificate.pdf"',
        "download my badge": 'href="/my-ending/open-badge.jwt"',
        "download keepsake": f'href="/my-journey/{person.id}.pdf"',
    }


def offered(client, url: str, markers: dict[str, str]) -> set[str]:
    response = client.get(url)
    assert response.status_code in (200, 403)
    page = html.unescape(response.get_data(as_text=True)) if response.status_code == 200 else ""
    return {action for action, marker in markers.items() if marker in page}


# What the services accept ------------------------------------------------------------------


def service_attempts(ending: Ending, history: list[Certificate], actor: User) -> dict:
    attempts = {
        "change date": lambda: services.change_planned_ending(
            ending, planned_on=ending.planned_on + timedelta(days=1), reason="College", actor=actor
        ),
        "edit plan": lambda: services.update_plan(ending, actor=actor, **ANSWERS),
        "record graduation": lambda: services.record_graduation(
            ending, graduated_on=TODAY, actor=actor
        ),
        "issue certificate": lambda: services.issue_certificate(ending, actor=actor),
        "choose certificate details": lambda: services.choose_certificate_details(
            ending, printed_name="Jo", highlight_keys=[], actor=actor
        ),
        "choose keepsake goals": lambda: services.choose_keepsake_goals(
            ending, goal_ids=[], actor=actor
        ),
    }
    for certificate in history:
        attempts[f"revoke {certificate.id}"] = lambda c=certificate: services.revoke_certificate(
            c, reason="Mistake", actor=actor
        )
        attempts[f"reissue {certificate.id}"] = lambda c=certificate: services.reissue_certificate(
            c, actor=actor
        )
    return attempts


def accepted_by_service(attempt: Callable) -> bool:
    # Every attempt starts from the same committed state. The attempt runs inside a savepoint
    # so that on SQLite a service's own savepoint (issuing a certificate) is not the outermost
    # one: pysqlite would commit it when it is released, and the rollback would keep it.
    db.session.begin_nested()
    try:
        attempt()
        db.session.flush()
    except DomainError:
        return False
    finally:
        db.session.rollback()
    return True


def download_addresses(person: User, history: list[Certificate], *, own: bool) -> dict:
    addresses = {f"download {c.id}": f"/manage/certificates/{c.id}.pdf" for c in history}
    addresses["download keepsake"] = f"/my-journey/{person.id}.pdf"
    if own:  # these addresses always mean the signed-in young person's own certificate
        addresses["download my certificate"] = "/my-ending/certificate.pdf"
        addresses["download my badge"] = "/my-ending/open-badge.jwt"
    return addresses


@pytest.fixture
def quick_pdfs(monkeypatch):
    """Whether a download is allowed is the question here, not how the PDF looks."""
    monkeypatch.setattr(certificates, "certificate_pdf", lambda *args, **kwargs: b"%PDF-")
    monkeypatch.setattr(certificates, "keepsake_pdf", lambda *args, **kwargs: b"%PDF-")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES, ids=lambda state: state.__name__)
def test_the_pages_offer_exactly_what_is_accepted(client, quick_pdfs, state, role):
    person = make_young_person(name="Kai")
    state(person)
    db.session.commit()
    actor = person if ROLES[role] is None else ROLES[role]()
    own = actor.id == person.id
    ending = services.ending_for(person)
    history = list(db.session.scalars(select(Certificate).where(Certificate.person == person)))
    log_in(client, actor)

    shown = offered(client, f"/manage/endings/{person.id}", staff_markers(person, history))
    if own:
        shown |= offered(client, "/my-ending", own_markers(person))

    accepted = {
        action
        for action, url in download_addresses(person, history, own=own).items()
        if client.get(url).status_code == 200
    }
    accepted |= {
        action
        for action, attempt in service_attempts(ending, history, actor).items()
        if accepted_by_service(attempt)
    }
    assert shown == accepted


def test_each_state_offers_what_a_worker_expects(client, quick_pdfs):
    """The matrix above could pass with pages that offer nothing: pin the main offers."""
    worker = make_worker()
    person = make_young_person()
    log_in(client, worker)
    staff = staff_markers(person, [])

    assert offered(client, f"/manage/endings/{person.id}", staff) == {
        "change date",
        "edit plan",
        "record graduation",
    }
    graduated(person)
    db.session.commit()
    assert offered(client, f"/manage/endings/{person.id}", staff) == {
        "edit plan",
        "record graduation",
        "issue certificate",
    }
    certificate = make_certificate(person)
    staff = staff_markers(person, [certificate])
    assert offered(client, f"/manage/endings/{person.id}", staff) == {
        "edit plan",
        f"revoke {certificate.id}",
        f"reissue {certificate.id}",
        f"download {certificate.id}",
    }
    services.revoke_certificate(certificate, reason="Mistake", actor=worker)
    db.session.commit()
    assert offered(client, f"/manage/endings/{person.id}", staff) == {
        "edit plan",
        "record graduation",
        "issue certificate",
        f"reissue {certificate.id}",
    }
