"""What a claim page offers is exactly what the services accept.

For every claim status (and the choices that matter to it) and every person around a claim, the
claim pages and the finance queue show a button exactly when pressing it succeeds, and
`claim_actions` answers exactly what each service accepts. Four eyes is written once, in
`payments/rules.py`; these tests keep the pages and the services from drifting apart from it.
"""

import contextvars
from dataclasses import dataclass

import pytest

from tests.factories import log_in, make_approved_claim, make_claim, make_stripe_ready, make_user
from tests.support.harness import undone
from youthhub.accounts.models import Role, User
from youthhub.core.errors import DomainError
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import choices, paying, services
from youthhub.payments.models import ClaimStatus, Contribution, PaymentChoice, PaymentMethod
from youthhub.payments.rules import ClaimAction, claim_actions

S, A = ClaimStatus, ClaimAction


@dataclass(frozen=True)
class Situation:
    status: ClaimStatus
    choice: PaymentChoice | None = None
    wanted_pence: int | None = None  # asked to be paid less


SITUATIONS = {
    "submitted": Situation(S.SUBMITTED),
    "submitted, asked for less": Situation(S.SUBMITTED, PaymentChoice.CASH, 1000),
    "approved, Stripe": Situation(S.APPROVED, PaymentChoice.STRIPE),
    "approved, cash, asked for less": Situation(S.APPROVED, PaymentChoice.CASH, 1000),
    "approved, not chosen yet": Situation(S.APPROVED),
    "paying": Situation(S.PAYING, PaymentChoice.STRIPE),
    "paid": Situation(S.PAID, PaymentChoice.CASH),
    "failed": Situation(S.FAILED, PaymentChoice.STRIPE),
    "rejected": Situation(S.REJECTED),
    "reversed": Situation(S.REVERSED, PaymentChoice.STRIPE),
    "cancelled": Situation(S.CANCELLED, PaymentChoice.DECLINE),
}
ROLES = (
    "young person whose claim it is",
    "another young person",
    "worker who logged it",
    "another worker",
    "finance who approved it",
    "another finance",
    "admin",
)


@pytest.fixture
def people(cast, fake_stripe) -> dict[str, User]:
    fake_stripe.state.balance = 10_000_000
    make_stripe_ready(cast.young, fake_stripe)
    return dict(
        zip(
            ROLES,
            (
                cast.young,
                cast.teen,
                cast.worker,
                cast.other_worker,
                make_user(Role.YOUTH_WORKER, Role.FINANCE, name="Robin", invite_code="BOTH7"),
                cast.finance,
                cast.admin,
            ),
            strict=True,
        )
    )


def claim_in(situation: Situation, people) -> Contribution:
    """A claim for the young person, logged by their worker and (once past `submitted`)
    approved by the worker who is in finance too, then put in the situation."""
    claim = make_claim(people[ROLES[0]], actor=people["worker who logged it"])
    if situation.status in (S.APPROVED, S.PAYING, S.PAID, S.FAILED, S.REVERSED):
        services.approve_contribution(claim, actor=people["finance who approved it"])
    claim.status = situation.status
    claim.payment_choice = situation.choice
    claim.wanted_pence = situation.wanted_pence
    db.session.commit()
    return claim


# The services ------------------------------------------------------------------------------

SERVICES = {
    A.CHOOSE: lambda claim, p: choices.choose_payment(claim, PaymentChoice.CASH, actor=p),
    A.TAKE_LESS: lambda claim, p: choices.take_less(claim, 500, actor=p),
    A.FULL_AMOUNT: lambda claim, p: choices.take_less(claim, None, actor=p),
    A.WITHDRAW: lambda claim, p: services.withdraw_contribution(claim, actor=p),
    A.APPROVE: lambda claim, p: services.approve_contribution(
        claim, actor=p, amount_pence=1200, reason="Left early"
    ),
    A.REJECT: lambda claim, p: services.reject_contribution(claim, actor=p, reason="Duplicate"),
    A.PAY: lambda claim, p: paying.pay_with_stripe(claim, actor=p),
    A.RECORD: lambda claim, p: services.record_payment(
        claim, actor=p, method=PaymentMethod.CASH, paid_on=london_today(), reference="Env 4"
    ),
    A.RECONCILE: lambda claim, p: paying.reconcile_claim(claim, actor=p),
    A.RETRY: lambda claim, p: services.retry_failed(claim, actor=p),
    A.GIVE_UP: lambda claim, p: services.give_up_failed(claim, actor=p),
}


def test_every_action_has_a_service():
    assert set(SERVICES) == set(ClaimAction)


def accepts(action: ClaimAction, claim: Contribution, person: User) -> bool:
    """Whether the service does `action`; whatever it does is undone afterwards, so the next
    action finds the claim as it was (one claim per situation, not one per action: making
    claims was two thirds of these tests' time)."""
    db.session.commit()  # nothing is pending: this ends the session SAVEPOINT around the block
    with undone():
        try:
            SERVICES[action](claim, person)
        except DomainError:
            db.session.rollback()
            return False
        db.session.commit()
        return True


@pytest.mark.parametrize("role", ROLES)
def test_claim_actions_are_exactly_what_the_services_accept(people, role):
    person, wrong = people[role], []
    for name, situation in SITUATIONS.items():
        claim = claim_in(situation, people)
        offered = claim_actions(claim, person).allowed
        for action in ClaimAction:
            if accepts(action, claim, person) != (action in offered):
                wrong.append((name, action.value, "offered" if action in offered else "hidden"))
    assert wrong == []


# The pages ---------------------------------------------------------------------------------

# Each button on a claim page: the action it stands for, where it posts, and what a person
# would fill in. Approving at the priced amount and adjusting it are the same action.
BUTTONS = {
    "choose": (A.CHOOSE, "/money/claims/{id}/choice", {"choice": "cash"}),
    "take less": (A.TAKE_LESS, "/money/claims/{id}/less", {"amount": "5"}),
    "full amount": (A.FULL_AMOUNT, "/money/claims/{id}/full", {}),
    "withdraw": (A.WITHDRAW, "/money/claims/{id}/withdraw", {}),
    "approve": (A.APPROVE, "/manage/claims/{id}/approve", {"approve-amount": ""}),
    "adjust": (
        A.APPROVE,
        "/manage/claims/{id}/approve",
        {"approve-amount": "12", "approve-reason": "Left early"},
    ),
    "reject": (A.REJECT, "/manage/claims/{id}/reject", {"reject-reason": "Duplicate"}),
    "pay": (A.PAY, "/manage/claims/{id}/pay", {}),
    "record": (
        A.RECORD,
        "/manage/claims/{id}/record",
        {"method": "cash", "paid_on": "{today}", "reference": "Env 4"},
    ),
    "reconcile": (A.RECONCILE, "/manage/claims/{id}/reconcile", {}),
    "retry": (A.RETRY, "/manage/claims/{id}/retry", {}),
    "give up": (A.GIVE_UP, "/manage/claims/{id}/give-up", {}),
}
CLAIM_PAGES = ("/money/claims/{id}", "/manage/claims/{id}")


def test_every_action_has_a_button():
    assert {action for action, _, _ in BUTTONS.values()} == set(ClaimAction)


def page(client, url: str) -> str:
    response = client.get(url)
    return response.get_data(as_text=True) if response.status_code == 200 else ""


def offered_on_claim_pages(client, claim) -> set[ClaimAction]:
    html = "".join(page(client, url.format(id=claim.id)) for url in CLAIM_PAGES)
    return {
        action
        for action, url, _ in BUTTONS.values()
        if f'action="{url.format(id=claim.id)}"' in html
    }


def offered_in_finance_queue(client, claim) -> bool:
    return f'name="claims" value="{claim.id}"' in page(client, "/manage/finance")


def flashed(client) -> list[str]:
    """The categories of the messages waiting to be shown, taken off the session."""

    def take():
        with client.session_transaction() as session:
            return [category for category, _ in session.pop("_flashes", [])]

    return contextvars.Context().run(take)


def press(client, claim, url: str, data: dict) -> bool:
    """Post the button's form; True if it was done (back to a page saying so). Whatever it did
    is undone afterwards, so the next button finds the claim as it was."""
    today = london_today().isoformat()
    filled = {key: value.format(today=today) for key, value in data.items()}
    address = url.format(id=claim.id)
    with undone():
        response = client.post(address, data=filled)
    return response.status_code == 302 and "success" in flashed(client)


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_offer_exactly_what_is_accepted(client, people, role):
    person, wrong = people[role], []
    log_in(client, person)
    for name, situation in SITUATIONS.items():
        claim = claim_in(situation, people)
        offered = offered_on_claim_pages(client, claim)
        expected = claim_actions(claim, person).allowed
        if offered != expected:
            wrong.append((name, "page", sorted(offered ^ expected)))
        if offered_in_finance_queue(client, claim) != (A.PAY in expected):
            wrong.append((name, "finance queue", A.PAY.value))
        for button, (action, url, data) in BUTTONS.items():
            done = press(client, claim, url, data)
            if done != (action in offered):
                wrong.append((name, button, "offered" if action in offered else "hidden"))
    assert wrong == []


def test_four_eyes_says_why_on_the_page(client, people):
    """The person stopped only by four eyes is told why, in the rule's own words."""
    submitted = claim_in(SITUATIONS["submitted"], people)
    approved = claim_in(SITUATIONS["approved, Stripe"], people)
    log_in(client, people["worker who logged it"])
    assert "another worker needs to approve it" in page(client, f"/manage/claims/{submitted.id}")
    assert "another worker needs" not in page(client, f"/manage/claims/{approved.id}")
    client.post("/logout")
    log_in(client, people["finance who approved it"])
    html = page(client, f"/manage/claims/{approved.id}")
    assert "someone else in finance needs to pay it" in html
    assert "someone else in finance" not in page(client, f"/manage/claims/{submitted.id}")


def test_asking_what_someone_may_do_raises_and_translates_nothing(cast, monkeypatch):
    """The finance queue asks this of every claim it lists: the answer is built from the same
    rules without making an error for each refusal, and the four-eyes reason is put into words
    only when a page reads it."""
    both = make_user(Role.YOUTH_WORKER, Role.FINANCE, name="Robin", invite_code="BOTH7")
    claim = make_approved_claim(cast.young, both, choice=PaymentChoice.CASH)
    made = []
    monkeypatch.setattr(DomainError, "__init__", lambda error, message: made.append(message))
    theirs, others = claim_actions(claim, both), claim_actions(claim, cast.finance)
    assert made == []
    assert A.RECORD not in theirs and A.RECORD in others
    assert theirs.four_eyes.startswith("You approved this claim, so someone else in finance")
    assert others.four_eyes is None
