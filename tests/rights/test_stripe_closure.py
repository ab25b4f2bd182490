"""An erased young person's Stripe connected account is closed on Stripe (the fake, through the
real `stripe` library), only after the erasure has committed. If Stripe fails, the erasure
stands and the admin sees the account still to close, with a button to try again."""

import html

from sqlalchemy import select

from tests.factories import log_in, make_admin, make_stripe_ready, make_young_person
from youthhub.accounts.personal_data import is_erased
from youthhub.core.time import london_today
from youthhub.core.transaction import run_after_commit
from youthhub.extensions import db
from youthhub.payments.models import PaymentProfile, StripeClosure
from youthhub.rights import services as rights

ACCOUNT_PATH = "/v1/accounts/{}"


def asked(person):
    ask = rights.ask_to_be_erased(actor=person)
    db.session.commit()
    return ask


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def closure_of(account_id) -> StripeClosure | None:
    db.session.expire_all()
    return db.session.scalar(select(StripeClosure).where(StripeClosure.account_id == account_id))


def test_erasing_closes_their_stripe_account_after_the_commit(app, client, fake_stripe):
    person = make_young_person()
    account_id = make_stripe_ready(person, fake_stripe)
    ask = asked(person)
    log_in(client, make_admin())
    client.post(f"/manage/data/requests/{ask.id}/erase")
    assert account_id not in fake_stripe.state.accounts
    assert ("DELETE", ACCOUNT_PATH.format(account_id), None) in fake_stripe.requests
    assert closure_of(account_id).closed_at is not None
    page = text(client.get("/manage/data/"))
    assert "Stripe accounts still to close" not in page
    assert (
        db.session.scalar(select(PaymentProfile).where(PaymentProfile.user_id == person.id)) is None
    )


def test_an_erasure_rolled_back_never_calls_stripe(app, fake_stripe):
    person = make_young_person()
    account_id = make_stripe_ready(person, fake_stripe)
    fake_stripe.requests.clear()
    rights.erase_person(person, actor=None)
    db.session.rollback()
    db.session.commit()
    run_after_commit()
    assert fake_stripe.requests == [] and account_id in fake_stripe.state.accounts
    assert closure_of(account_id) is None


def test_when_stripe_fails_the_erasure_stands_and_the_admin_tries_again(app, client, fake_stripe):
    person = make_young_person()
    account_id = make_stripe_ready(person, fake_stripe)
    ask = asked(person)
    path = ACCOUNT_PATH.format(account_id)
    fake_stripe.inject("DELETE", path, status=500, times=3)  # the client's retries fail too
    log_in(client, make_admin())
    done = text(client.post(f"/manage/data/requests/{ask.id}/erase", follow_redirects=True))
    assert "Done: their data has been erased." in done
    assert is_erased(db.session.get(type(person), person.id))
    assert account_id in fake_stripe.state.accounts
    assert "Stripe accounts still to close" in done and account_id in done

    closure = closure_of(account_id)
    assert (closure.closed_at, closure.attempts) == (None, 1)
    admin_home = text(client.get("/manage/"))
    assert "Stripe accounts still to close" in admin_home

    again = client.post(f"/manage/data/stripe/{closure.id}/close", follow_redirects=True)
    assert "Stripe has closed the account." in text(again)
    assert account_id not in fake_stripe.state.accounts
    assert closure_of(account_id).closed_at is not None
    assert "Stripe accounts still to close" not in text(client.get("/manage/data/"))


def test_a_retry_that_fails_again_is_kept_and_said(app, client, fake_stripe):
    person = make_young_person()
    account_id = make_stripe_ready(person, fake_stripe)
    fake_stripe.inject("DELETE", ACCOUNT_PATH.format(account_id), status=500, times=6)
    rights.erase_person(person, actor=None)
    db.session.commit()
    closure = closure_of(account_id)
    log_in(client, make_admin())
    page = text(client.post(f"/manage/data/stripe/{closure.id}/close", follow_redirects=True))
    assert "Stripe could not close it yet" in page
    assert closure_of(account_id).attempts == 1 and closure_of(account_id).last_problem


def test_the_retention_command_closes_the_accounts_of_those_it_erases(app, runner, fake_stripe):
    from youthhub.endings import services as endings
    from youthhub.endings.programme import add_months

    person = make_young_person()
    account_id = make_stripe_ready(person, fake_stripe)
    endings.ending_for(person).planned_on = add_months(london_today(), -25)
    db.session.commit()
    dry = runner.invoke(args=["data", "retention", "--dry-run"])
    assert "Erased: 1." in dry.output and account_id in fake_stripe.state.accounts
    result = runner.invoke(args=["data", "retention"])
    assert "Erased: 1." in result.output
    assert account_id not in fake_stripe.state.accounts
    assert closure_of(account_id).closed_at is not None


def test_the_data_rights_page_costs_the_same_however_many_accounts_wait(app, client):
    from tests.support.queries import count_queries

    def add_closures(how_many):
        for _ in range(how_many):
            person = make_young_person()
            db.session.add(StripeClosure(account_id=f"acct_{person.id}", person_id=person.id))
        db.session.commit()

    def queries() -> int:
        with count_queries(db.engine) as statements:
            assert client.get("/manage/data/").status_code == 200
        return len(statements)

    log_in(client, make_admin())
    add_closures(2)
    few = queries()
    add_closures(20)
    assert queries() == few
