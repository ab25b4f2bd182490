"""Who came when, kept small: each young person's first visit and next one (`FirstVisit`) and the
London months they came in (`MonthOfVisits`), so monitoring counts a year of reach from a few
hundred grouped rows instead of reading every attendance; and where each attendance falls in
their history (`session_numbers`), so the activity table knows each one's stage.

All are worked out again for a young person whenever anything that decides them changes, as
the transaction commits: an attendance marked, unmarked or moved to another record, or an
activity cancelled, moved or its register taken (noted at each ORM flush; the register's bulk
insert notes its people with `recount_soon`, and the merge recounts after its bulk statements),
so a save recounts once however many flushes it makes. A person's history is short, so
recounting it whole is cheaper than patching it, and cannot drift.
"""

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import and_, delete, event, insert, inspect, or_, select
from sqlalchemy.orm import Session

from youthhub.accounts.models import User
from youthhub.activities.models import Activity, Attendance, FirstVisit, MonthOfVisits
from youthhub.activities.session_numbers import renumber
from youthhub.core.time import LONDON, add_months, utcnow
from youthhub.extensions import db

# Someone who first came is counted as coming back if they came again within this many months
# (to the same time of day; 31 January and one month is the last day of February).
RETURN_WITHIN_MONTHS = 3
# People recounted per statement: well inside every database's limit on bound values.
CHUNK = 2_000
# The session's keys for the young people and activities whose visits to recount at commit.
PENDING, PENDING_ACTIVITIES = "visits_to_recount", "visits_of_activities_to_recount"
# What about an activity decides whether, and when, it counts as a visit.
ACTIVITY_FIELDS = ("starts_at", "cancelled_at", "register_taken_at")


def held():
    """An activity that counts as having happened: not cancelled, and started already or its
    register taken (the register opens on the day, before the activity starts)."""
    return (
        Activity.cancelled_at.is_(None),
        or_(Activity.starts_at <= utcnow(), Activity.register_taken_at.is_not(None)),
    )


def came():
    """An attendance that counts as a visit: the person came, to a held activity."""
    return and_(Attendance.attended.is_(True), *held())


def back_by(first: datetime) -> datetime:
    """When someone who first came at `first` must have come again to count as coming back."""
    return datetime.combine(add_months(first.date(), RETURN_WITHIN_MONTHS), first.timetz())


def _history(connection, person_ids=None):
    """(person id, start) of every held activity each person came to, in order."""
    query = (
        select(Attendance.person_id, Activity.starts_at)
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(came())
        .order_by(Attendance.person_id, Activity.starts_at, Activity.id)
    )
    if person_ids is not None:
        query = query.where(Attendance.person_id.in_(person_ids))
    return connection.execute(query)


def _month_row(person_id: int, day: date, before: dict | None) -> dict:
    return {
        "person_id": person_id,
        "month": day.replace(day=1),
        "previous_month": before["month"] if before else None,
        "previous_on": before["last_on"] if before else None,
        "first_on": day,
        "last_on": day,
        "attendances": 0,
    }


def summaries(history: Iterable[tuple[int, object]]) -> tuple[list[dict], list[dict]]:
    """The `first_visits` and `months_of_visits` rows for a history in order of person and
    start."""
    firsts, months = [], []
    person = None
    for person_id, starts_at in history:
        day = starts_at.astimezone(LONDON).date()
        if person_id != person:
            person = person_id
            first = {
                "person_id": person_id,
                "first_at": starts_at,
                "next_at": None,
                "back_by": back_by(starts_at),
            }
            firsts.append(first)
            months.append(_month_row(person_id, day, None))
        elif first["next_at"] is None and starts_at > first["first_at"]:
            first["next_at"] = starts_at
        if months[-1]["month"] != day.replace(day=1):
            months.append(_month_row(person_id, day, months[-1]))
        months[-1]["last_on"] = day
        months[-1]["attendances"] += 1
    return firsts, months


def _write(connection, firsts, months) -> None:
    if firsts:
        connection.execute(insert(FirstVisit), firsts)
    if months:
        connection.execute(insert(MonthOfVisits), months)


def recount(person_ids: Iterable[int], connection=None) -> None:
    """Work these young people's visits out again from the register."""
    connection = connection or db.session.connection()
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Two registers saved at once for one young person: the second waits for the first's
        # rows, in the same order everywhere, so it never stores counts beside the first's.
        connection.execute(
            select(User.id).where(User.id.in_(chunk)).order_by(User.id).with_for_update()
        )
        connection.execute(delete(FirstVisit).where(FirstVisit.person_id.in_(chunk)))
        connection.execute(delete(MonthOfVisits).where(MonthOfVisits.person_id.in_(chunk)))
        _write(connection, *summaries(_history(connection, chunk)))
        renumber(connection, came(), chunk)


def recount_everyone(connection=None) -> None:
    """Work everyone's visits out again (after loading history in bulk, e.g. the bench)."""
    connection = connection or db.session.connection()
    connection.execute(delete(FirstVisit))
    connection.execute(delete(MonthOfVisits))
    _write(connection, *summaries(_history(connection)))
    renumber(connection, came())


def _changed(state, name) -> bool:
    return state.attrs[name].history.has_changes()


def _touched(session) -> tuple[set[int], set[int]]:
    """(people, activities) whose visits this flush may change."""
    people, activities = set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Attendance):
            history = inspect(obj).attrs.person_id.history
            people.update(id_ for id_ in (*history.sum(), obj.person_id) if id_ is not None)
        elif isinstance(obj, Activity) and obj in session.dirty:
            state = inspect(obj)
            if any(_changed(state, name) for name in ACTIVITY_FIELDS):
                activities.add(obj.id)
    return people, activities


def recount_soon(person_ids: Iterable[int]) -> None:
    """Recount these young people when the transaction commits (rows added in bulk, which the
    ORM's flush does not see)."""
    db.session.info.setdefault(PENDING, set()).update(person_ids)


@event.listens_for(Session, "after_flush")
def _note_after_flush(session, _context) -> None:
    people, activities = _touched(session)
    session.info.setdefault(PENDING, set()).update(people)
    session.info.setdefault(PENDING_ACTIVITIES, set()).update(activities)


@event.listens_for(Session, "before_commit")
def _recount_before_commit(session) -> None:
    """Everyone the transaction changed, once, however many flushes and saves it made."""
    session.flush()  # the commit's own flush comes after this hook: its changes are noted now
    people = session.info.pop(PENDING, set())
    activities = session.info.pop(PENDING_ACTIVITIES, set())
    if not (people or activities):
        return
    connection = session.connection()
    if activities:
        people.update(
            connection.scalars(
                select(Attendance.person_id).where(Attendance.activity_id.in_(activities))
            )
        )
    recount(people, connection)


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(PENDING_ACTIVITIES, None)
