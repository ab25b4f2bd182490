"""The visits kept beside the register (first visit, next visit, months came, and each
attendance's place in its young person's history) stay what the register says after every way
it changes: marking, unmarking, a walk-in, an activity cancelled or moved, two records merged,
and a person erased."""

from datetime import UTC, date, datetime

from sqlalchemy import delete, select

from tests.activities.factories import make_activity, make_attendance, make_booking
from tests.activities.test_views import today_activity
from tests.factories import make_admin, make_worker, make_young_person
from youthhub.activities import register, visits
from youthhub.activities.models import Attendance, FirstVisit, MonthOfVisits
from youthhub.activities.session_numbers import months_since
from youthhub.core.time import LONDON
from youthhub.extensions import db
from youthhub.rights import merging
from youthhub.rights.services import erase_person


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def kept(person) -> tuple:
    """(first visit, next visit, [(month, month before, attendances)]) as stored."""
    first = db.session.get(FirstVisit, person.id)
    months = db.session.execute(
        select(MonthOfVisits.month, MonthOfVisits.previous_month, MonthOfVisits.attendances)
        .where(MonthOfVisits.person_id == person.id)
        .order_by(MonthOfVisits.month)
    ).all()
    return (first.first_at, first.next_at) if first else None, [tuple(row) for row in months]


def recounted(person) -> tuple:
    """The same, worked out afresh from the whole register."""
    db.session.expire_all()
    visits.recount_everyone()
    return kept(person)


def numbered(person) -> list[tuple]:
    """(activity, which of their sessions, whole months after their first) of each attendance
    of theirs, as stored."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(Attendance.activity_id, Attendance.session_number, Attendance.months_since_first)
            .where(Attendance.person_id == person.id)
            .order_by(Attendance.activity_id)
        )
    ]


def renumbered(person) -> list[tuple]:
    """The same, worked out afresh from the whole register."""
    db.session.execute(Attendance.__table__.update().values(session_number=None))
    db.session.expire_all()
    visits.recount_everyone()
    return numbered(person)


def this_month(activity) -> date:
    return activity.starts_at.astimezone(LONDON).date().replace(day=1)


def save(activity, worker, marks):
    register.save_register(activity, actor=worker, marks=marks, professionals=0, guests=0)
    db.session.commit()


def test_marking_and_unmarking_the_register_keeps_visits_right(app):
    worker, person = make_worker(), make_young_person()
    before = make_activity(starts_at=at(2025, 3, 31, 23, 30))  # 1 April in London
    make_attendance(before, person)
    activity = today_activity()
    make_booking(activity, person)
    save(activity, worker, {person.id: True})
    assert kept(person) == (
        (before.starts_at, activity.starts_at),
        [(date(2025, 4, 1), None, 1), (this_month(activity), date(2025, 4, 1), 1)],
    )
    months = months_since(before.starts_at, activity.starts_at)
    assert numbered(person) == [(before.id, 1, 0), (activity.id, 2, months)]
    save(activity, worker, {person.id: False})
    assert kept(person) == ((before.starts_at, None), [(date(2025, 4, 1), None, 1)])
    assert numbered(person) == [(before.id, 1, 0), (activity.id, None, None)]
    assert kept(person) == recounted(person)
    assert numbered(person) == renumbered(person)


def test_a_walk_in_counts_and_a_first_visit_moves_earlier(app):
    worker, person = make_worker(), make_young_person()
    activity = today_activity()
    register.add_walk_in(activity, person, actor=worker)
    db.session.commit()
    assert kept(person) == ((activity.starts_at, None), [(this_month(activity), None, 1)])
    earlier = make_activity(starts_at=at(2025, 6, 1, 18))
    make_attendance(earlier, person)
    assert kept(person)[0] == (earlier.starts_at, activity.starts_at)
    months = months_since(earlier.starts_at, activity.starts_at)
    assert numbered(person) == [(activity.id, 2, months), (earlier.id, 1, 0)]
    assert kept(person) == recounted(person)
    assert numbered(person) == renumbered(person)


def test_a_cancelled_or_moved_activity_is_counted_again(app):
    person = make_young_person()
    first, second = (make_activity(starts_at=at(2025, 5, day, 18)) for day in (5, 12))
    for activity in (first, second):
        make_attendance(activity, person)
    assert kept(person) == ((first.starts_at, second.starts_at), [(date(2025, 5, 1), None, 2)])
    first.cancelled_at = at(2025, 5, 1)
    db.session.commit()
    assert kept(person) == ((second.starts_at, None), [(date(2025, 5, 1), None, 1)])
    assert numbered(person) == [(first.id, None, None), (second.id, 1, 0)]
    second.starts_at = at(2025, 7, 2, 18)
    first.cancelled_at = None
    db.session.commit()
    assert kept(person) == (
        (first.starts_at, at(2025, 7, 2, 18)),
        [(date(2025, 5, 1), None, 1), (date(2025, 7, 1), date(2025, 5, 1), 1)],
    )
    assert numbered(person) == [(first.id, 1, 0), (second.id, 2, 1)]  # 5 May to 2 July
    assert kept(person) == recounted(person)
    assert numbered(person) == renumbered(person)


def test_a_merged_record_s_visits_become_the_kept_one_s(app):
    one, other = make_young_person(), make_young_person()
    may, june = (
        make_activity(starts_at=at(2025, 5, 5, 18)),
        make_activity(starts_at=at(2025, 6, 5, 18)),
    )
    make_attendance(may, one)
    make_attendance(june, other)
    # Worked out from attendance, they are not records of their own on the merge page.
    summary = merging.moving_summary(one.id)
    db.session.execute(delete(FirstVisit).where(FirstVisit.person_id == one.id))
    db.session.execute(delete(MonthOfVisits).where(MonthOfVisits.person_id == one.id))
    assert merging.moving_summary(one.id) == summary
    db.session.rollback()
    merging.merge_people(one, into=other, actor=make_admin())
    db.session.commit()
    assert kept(one) == (None, [])
    assert kept(other) == (
        (may.starts_at, june.starts_at),
        [(date(2025, 5, 1), None, 1), (date(2025, 6, 1), date(2025, 5, 1), 1)],
    )
    assert numbered(other) == [(may.id, 1, 0), (june.id, 2, 1)]
    assert kept(other) == recounted(other)
    assert numbered(other) == renumbered(other)


def test_an_erased_person_s_visits_stay_counted_without_a_name(app):
    person = make_young_person()
    make_attendance(make_activity(starts_at=at(2025, 5, 5, 18)), person)
    before = kept(person), numbered(person)
    erase_person(person, actor=make_admin())
    db.session.commit()
    assert (kept(person), numbered(person)) == before
    assert kept(person) == recounted(person)
    assert numbered(person) == renumbered(person) == before[1]


def test_each_month_keeps_the_first_and_last_day_and_the_day_before(app):
    """In London days: the last session of 31 March at 23:30 UTC is on 1 April there."""
    person = make_young_person()
    for moment in (
        at(2025, 3, 3, 18),
        at(2025, 3, 31, 23, 30),
        at(2025, 4, 14, 18),
        at(2025, 4, 20, 18),
        at(2025, 6, 30, 23),  # 1 July in London
    ):
        make_attendance(make_activity(starts_at=moment), person)
    db.session.commit()
    rows = db.session.execute(
        select(
            MonthOfVisits.month,
            MonthOfVisits.first_on,
            MonthOfVisits.last_on,
            MonthOfVisits.previous_on,
        )
        .where(MonthOfVisits.person_id == person.id)
        .order_by(MonthOfVisits.month)
    ).all()
    assert [tuple(row) for row in rows] == [
        (date(2025, 3, 1), date(2025, 3, 3), date(2025, 3, 3), None),
        (date(2025, 4, 1), date(2025, 4, 1), date(2025, 4, 20), date(2025, 3, 3)),
        (date(2025, 7, 1), date(2025, 7, 1), date(2025, 7, 1), date(2025, 4, 20)),
    ]
