"""Erasure: every planted text is gone from every table, money and the activity table's figures
are unchanged, the finance CSV keeps the pseudonymised rows, the certificate's page says it was
withdrawn, the person cannot log in, and their email is free for a new sign-up."""

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import log_in, make_young_person, post_login
from tests.rights.conftest import ask_and_hold, make_waiting_claim
from youthhub.accounts import services as accounts
from youthhub.accounts.models import User
from youthhub.accounts.models_mfa import Passkey
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today
from youthhub.endings.codes import format_code
from youthhub.extensions import db
from youthhub.payments.export import payments_csv
from youthhub.payments.models import Contribution, Payment
from youthhub.payments.queries import payments_between
from youthhub.reports import activity_table
from youthhub.rights import services as rights
from youthhub.rights.export import collect
from youthhub.rights.models import ErasureRequest, ErasureStatus


def database_dump() -> str:
    """Every value in every table, as text."""
    db.session.expire_all()
    lines = []
    connection = db.session.connection()
    for table in db.metadata.sorted_tables:
        for row in connection.execute(table.select()):
            lines.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(lines)


def money_totals() -> tuple:
    return (
        db.session.scalar(select(func.count(Contribution.id))),
        db.session.scalar(select(func.sum(Contribution.amount_pence))),
        db.session.scalar(select(func.count(Payment.id))),
        db.session.scalar(select(func.sum(Payment.amount_pence))),
    )


def figures(table) -> tuple:
    return (table.reach, table.attendances, table.activities, table.totals.attended)


def this_year() -> tuple[date, date]:
    today = london_today()
    return today - timedelta(days=30), today


def erase(planted, staff):
    ask = ask_and_hold(planted, staff)
    rights.carry_out_request(ask, actor=staff.admin)
    db.session.commit()
    return ask


def test_every_planted_text_is_gone_from_every_table(app, everywhere, someone_else, staff):
    before = database_dump()
    assert all(text in before for text in everywhere.texts)
    erase(everywhere, staff)
    after = database_dump()
    assert [text for text in everywhere.texts if text in after] == []
    assert [text for text in someone_else.texts if text not in after] == []


def test_money_and_the_activity_table_are_unchanged(app, everywhere, someone_else, staff):
    money, table = money_totals(), figures(activity_table.build(*this_year()))
    erase(everywhere, staff)
    assert money_totals() == money
    assert figures(activity_table.build(*this_year())) == table


def test_the_finance_csv_keeps_their_rows_under_a_pseudonym(app, everywhere, staff):
    erase(everywhere, staff)
    with app.test_request_context():  # the CSV is written as it is read, in a request
        read = lambda: payments_between(date(2000, 1, 1), date(2100, 1, 1))  # noqa: E731
        csv = payments_csv(read, "payments.csv").get_data(as_text=True)
    assert f"YP-{everywhere.person.id:06d}" in csv
    assert "Sam Worker" in csv  # who approved stays
    assert "Fin Ance" in csv  # who paid stays
    assert everywhere.person.preferred_name == f"YP-{everywhere.person.id:06d}"


def test_the_verification_page_says_withdrawn_without_a_name(app, client, everywhere, staff):
    code = format_code(everywhere.certificate.code)
    erase(everywhere, staff)
    page = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "withdrawn at the holder's request" in html.unescape(page)
    assert "Awarded to" not in page
    assert everywhere.texts[0] not in page


def test_they_can_never_log_in_and_their_email_is_free(app, client, everywhere, staff):
    email = "alex@youthhub.example"
    erase(everywhere, staff)
    response = post_login(client, everywhere.person)
    assert response.status_code == 200  # the login form again, not a redirect
    with pytest.raises(DomainError):
        accounts.authenticate(email, "correct horse battery")
    with app.test_request_context():
        again = accounts.sign_up_young_person(
            preferred_name="Alex again",
            email=email,
            password="a new password",
            date_of_birth=date(2006, 1, 1),
        )
    db.session.commit()
    assert again.id != everywhere.person.id


def test_their_session_ends(app, client, everywhere, staff):
    log_in(client, everywhere.person)
    erase(everywhere, staff)
    assert client.get("/my-data/").status_code == 302


def test_erasing_twice_is_refused(app, everywhere, staff):
    erase(everywhere, staff)
    with pytest.raises(DomainError):
        rights.erase_person(everywhere.person, actor=staff.admin)


def test_a_worker_cannot_carry_it_out(app, everywhere, staff):
    ask = rights.ask_to_be_erased(actor=everywhere.person)
    with pytest.raises(NotAllowed):
        rights.carry_out_request(ask, actor=staff.worker)


def test_a_waiting_claim_is_a_reason_to_hold(app, staff):
    person = make_young_person()
    assert rights.what_would_be_lost(person) == []
    make_waiting_claim(person)
    assert rights.what_would_be_lost(person) == ["A claim is still being approved or paid."]


def test_the_request_stays_as_the_record_without_the_hold_reason(app, everywhere, staff):
    ask = erase(everywhere, staff)
    db.session.refresh(ask)
    assert ask.status == ErasureStatus.DONE and ask.hold_reason is None
    assert ask.done_by_id == staff.admin.id


def test_erasing_a_staff_member_keeps_their_records_nameless(app, everywhere, staff):
    rights.erase_person(staff.worker, actor=staff.admin)
    db.session.commit()
    # A certificate keeps its signer's name: it is what the young person's certificate says.
    dump = "\n".join(
        line for line in database_dump().splitlines() if not line.startswith("certificates:")
    )
    assert "Sam Worker" not in dump
    assert db.session.get(User, everywhere.person.id).key_worker_id is None


# Asking, holding and changing your mind through the web ------------------------------------


def test_the_young_person_asks_the_admin_holds_then_erases(app, everywhere, staff):
    young = app.test_client()
    log_in(young, everywhere.person)
    page = young.get("/my-data/erase").get_data(as_text=True)
    assert "six years" in page and "Download my data" in page
    young.post("/my-data/erase")
    ask = db.session.scalar(select(ErasureRequest))
    assert ask.status == ErasureStatus.ASKED

    admin = app.test_client()
    log_in(admin, staff.admin)
    listing = admin.get("/manage/data/").get_data(as_text=True)
    assert everywhere.person.preferred_name in listing
    admin.post(f"/manage/data/requests/{ask.id}/hold", data={"reason": "Your claim is on its way"})
    mine = young.get("/my-data/").get_data(as_text=True)
    assert "Your claim is on its way" in mine

    admin.post(f"/manage/data/requests/{ask.id}/erase")
    db.session.expire_all()
    assert db.session.get(ErasureRequest, ask.id).status == ErasureStatus.DONE
    assert young.get("/my-data/").status_code == 302  # signed out for good


def test_a_hold_needs_a_reason(app, client, everywhere, staff):
    ask = rights.ask_to_be_erased(actor=everywhere.person)
    db.session.commit()
    log_in(client, staff.admin)
    response = client.post(f"/manage/data/requests/{ask.id}/hold", data={"reason": " "})
    assert response.status_code == 400
    assert "Say why" in response.get_data(as_text=True)


def test_they_can_change_their_mind(app, client, everywhere):
    log_in(client, everywhere.person)
    client.post("/my-data/erase")
    client.post("/my-data/erase/withdraw")
    ask = db.session.scalar(select(ErasureRequest))
    assert ask.status == ErasureStatus.WITHDRAWN
    again = client.post("/my-data/erase", follow_redirects=True)
    assert "We've got your request" in html.unescape(again.get_data(as_text=True))


def test_asking_twice_is_refused_kindly(app, client, everywhere):
    log_in(client, everywhere.person)
    client.post("/my-data/erase")
    response = client.post("/my-data/erase", follow_redirects=True)
    assert "You've already asked" in html.unescape(response.get_data(as_text=True))


def test_their_passkeys_are_in_the_download_and_gone_after_erasure(app, everywhere, staff):
    """Young people may add a passkey: its name is theirs to take with them, its key is not
    shown, and erasure deletes it."""
    person = everywhere.person
    db.session.add(
        Passkey(
            user_id=person.id,
            credential_id=b"credential-of-the-test",
            public_key=b"the passkey's public key",
            name="My blue phone",
        )
    )
    db.session.commit()
    with app.test_request_context():
        sign_in = collect(person)["account"]["sign_in"]
    assert [key["name"] for key in sign_in["passkeys"]] == ["My blue phone"]
    assert sign_in["authenticator_app_since"] is None
    assert "public key" not in repr(sign_in)
    erase(everywhere, staff)
    assert "My blue phone" not in database_dump()
    assert db.session.scalar(select(func.count(Passkey.id))) == 0
