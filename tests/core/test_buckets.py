"""Counting rows into consecutive ranges in SQL: each range from its edge until the next, the
first edge in and the last out, each person once per range, empty ranges left out."""

from datetime import UTC, date, datetime

from tests.factories import make_young_person
from tests.support.queries import count_queries
from youthhub.core.buckets import Counting, counted_together
from youthhub.extensions import db
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.models import SupportGiven

EDGES = [date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)]


def bucket_counts(column, edges, *, person, by=None, where=()):
    """One counting on its own: {(range index, by value or None): (people, rows)}."""
    return counted_together([Counting(column, edges, person, by, tuple(where))])[0]


def test_ranges_by_their_edges(app):
    bag, links, _housing = ensure_default_kinds()
    a, b = make_young_person(), make_young_person()
    for person, kind, day in [
        (a, bag, date(2025, 2, 28)),  # before the first edge
        (a, bag, date(2025, 3, 1)),  # the first edge: in range 0
        (a, bag, date(2025, 3, 31)),  # the same person again: once, two rows
        (b, links, date(2025, 3, 31)),
        (b, bag, date(2025, 5, 31)),
        (a, bag, date(2025, 6, 1)),  # the last edge: out
    ]:
        db.session.add(SupportGiven(person_id=person.id, kind=kind, given_on=day))
    db.session.flush()
    column, person = SupportGiven.given_on, SupportGiven.person_id
    assert bucket_counts(column, EDGES, person=person) == {
        (0, None): (2, 3),
        (2, None): (1, 1),
    }
    assert bucket_counts(column, EDGES, person=person, by=SupportGiven.kind_id) == {
        (0, bag.id): (1, 2),
        (0, links.id): (1, 1),
        (2, bag.id): (1, 1),
    }
    assert bucket_counts(column, EDGES, person=person, where=(person == b.id,)) == {
        (0, None): (1, 1),
        (2, None): (1, 1),
    }


def test_instants_too(app):
    bag = ensure_default_kinds()[0]
    person = make_young_person()
    db.session.add(
        SupportGiven(
            person_id=person.id,
            kind=bag,
            given_on=date(2025, 6, 30),
            logged_at=datetime(2025, 6, 30, 23, 30, tzinfo=UTC),  # 1 July in London
        )
    )
    db.session.flush()
    starts = [datetime(2025, 6, 1, 0, tzinfo=UTC), datetime(2025, 6, 30, 23, tzinfo=UTC)]
    edges = [*starts, datetime(2025, 7, 31, 23, tzinfo=UTC)]
    found = bucket_counts(SupportGiven.logged_at, edges, person=SupportGiven.person_id)
    assert found == {(1, None): (1, 1)}


def test_several_countings_in_one_statement(app):
    """Each counting's answer is what it gets alone, with one round trip for them all."""
    bag, links, _housing = ensure_default_kinds()
    a, b = make_young_person(), make_young_person()
    for person, kind, day in [
        (a, bag, date(2025, 3, 1)),
        (a, links, date(2025, 4, 2)),
        (b, bag, date(2025, 4, 30)),
        (b, bag, date(2025, 5, 1)),
    ]:
        db.session.add(SupportGiven(person_id=person.id, kind=kind, given_on=day))
    db.session.flush()
    column, person = SupportGiven.given_on, SupportGiven.person_id
    countings = [
        Counting(column, EDGES, person),
        Counting(column, EDGES, person, SupportGiven.kind_id),
        Counting(column, [EDGES[0], EDGES[-1]], person, where=(person == a.id,)),
        Counting(column, [date(2020, 1, 1), date(2020, 2, 1)], person),  # nothing in range
    ]
    alone = [
        bucket_counts(c.column, c.edges, person=c.person, by=c.by, where=c.where) for c in countings
    ]
    with count_queries(db.engine) as asked:
        together = counted_together(countings)
    assert len(asked) == 1
    assert together == alone
    assert together == [
        {(0, None): (1, 1), (1, None): (2, 2), (2, None): (1, 1)},
        {(0, bag.id): (1, 1), (1, links.id): (1, 1), (1, bag.id): (1, 1), (2, bag.id): (1, 1)},
        {(0, None): (1, 2)},
        {},
    ]
