"""The claim state table: every move in it works, every move outside it is refused, and a
claim that has already moved on cannot be moved again from where it was."""

import itertools

import pytest

from tests.factories import make_claim
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError
from youthhub.extensions import db
from youthhub.payments.models import ClaimStatus
from youthhub.payments.states import TRANSITIONS, ClaimMoved, can_move, move

S = ClaimStatus
EXPECTED = {
    (S.SUBMITTED, S.APPROVED),
    (S.SUBMITTED, S.REJECTED),
    (S.SUBMITTED, S.CANCELLED),
    (S.APPROVED, S.PAYING),
    (S.APPROVED, S.PAID),
    (S.APPROVED, S.CANCELLED),
    (S.PAYING, S.PAID),
    (S.PAYING, S.APPROVED),
    (S.PAYING, S.FAILED),
    (S.PAID, S.REVERSED),
    (S.FAILED, S.APPROVED),
    (S.FAILED, S.CANCELLED),
}
ALL_PAIRS = list(itertools.product(ClaimStatus, ClaimStatus))


def test_the_table_is_exactly_the_documented_one():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == EXPECTED
    assert set(TRANSITIONS) == set(ClaimStatus)


def test_final_states_go_nowhere():
    for final in (S.REJECTED, S.REVERSED, S.CANCELLED):
        assert not TRANSITIONS[final]


def force_status(claim, status):
    claim.status = status
    db.session.commit()


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS, ids=lambda s: s.value)
def test_every_move_is_allowed_only_if_the_table_says_so(cast, from_status, to_status):
    claim = make_claim(cast.young)
    force_status(claim, from_status)
    if can_move(from_status, to_status):
        move(claim, to_status, actor=cast.admin)
        db.session.commit()
        assert claim.status == to_status
        entry = db.session.query(AuditEntry).filter_by(action="claim.status").one()
        assert entry.details == {"from_status": from_status, "to_status": to_status}
    else:
        with pytest.raises(DomainError):
            move(claim, to_status, actor=cast.admin)
        db.session.rollback()
        assert claim.status == from_status


def test_a_claim_that_already_moved_on_is_not_moved_again(cast):
    claim = make_claim(cast.young)
    stale_view = S.SUBMITTED
    move(claim, S.APPROVED, actor=cast.other_worker)
    db.session.commit()
    with pytest.raises(ClaimMoved):
        move(claim, S.REJECTED, actor=cast.worker, expected=stale_view)
    db.session.rollback()
    assert claim.status == S.APPROVED
