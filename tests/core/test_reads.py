"""Reads of plain columns on the session's own connection (core/reads.py): the rows the session
itself would give, inside the session's transaction, without flushing what is pending."""

from sqlalchemy import func, select

from tests.factories import make_young_person
from youthhub.accounts.models import User
from youthhub.core import reads
from youthhub.extensions import db


def _name_of(person_id):
    return reads.scalar(select(User.preferred_name).where(User.id == person_id))


def test_rows_are_the_rows_the_session_gives(app):
    people = [make_young_person(name=f"Reader {n}") for n in range(3)]
    ids = [person.id for person in people]
    query = select(User.id, User.preferred_name).where(User.id.in_(ids)).order_by(User.id)
    assert reads.rows(query).all() == db.session.execute(query).all()
    assert [row.preferred_name for row in reads.rows(query)] == ["Reader 0", "Reader 1", "Reader 2"]
    counted = select(func.count()).select_from(User).where(User.id.in_(ids))
    assert reads.scalar(counted) == 3
    assert reads.scalar(select(User.id).where(User.id == -1)) is None


def test_a_read_sees_what_the_session_flushed_and_is_rolled_back_with_it(app):
    person = make_young_person(name="Before")
    person_id = person.id
    person.preferred_name = "After"
    db.session.flush()
    assert _name_of(person_id) == "After"
    db.session.rollback()
    assert _name_of(person_id) == "Before"


def test_nothing_pending_is_flushed_first(app):
    person = make_young_person(name="Before")
    person_id = person.id  # read first: loading an expired object would flush
    person.preferred_name = "Pending"
    assert _name_of(person_id) == "Before"
    db.session.flush()
    assert _name_of(person_id) == "Pending"
