"""Where each attendance falls in its young person's history: which of their held sessions it was
(`session_number`, 1 for their first) and how many whole months after their first one it started
(`months_since_first`, to the same time of day: 31 January and one month is the last day of
February). The activity table tells a new member from a movement member with these two numbers
and the programme's point (so many months or sessions), without reading anyone's history.

Kept with the register by `activities.visits`, which works out a young person's visits again
whenever anything that decides them changes; here only the rows whose numbers changed are
written (saving a register usually numbers just the new session). An attendance is marked on a
register that was taken, so its activity is held from then on.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, select, update

from youthhub.activities.models import Activity, Attendance
from youthhub.core.time import add_months

NOT_A_SESSION = (None, None)  # not a held session the person came to


def months_since(first: datetime, moment: datetime) -> int:
    """Whole months from `first` to `moment` (not before it): the most months that, added to
    `first`'s day at `first`'s time, do not pass `moment`."""
    months = (moment.year - first.year) * 12 + moment.month - first.month
    # Adding `months` lands in `moment`'s own month: at most a month too many.
    if datetime.combine(add_months(first.date(), months), first.timetz()) > moment:
        months -= 1
    return months


def _attendances(connection, visit, person_ids=None):
    """(id, person, start, whether it is a visit, numbers stored) of each attendance, in the
    order of each person's history."""
    query = (
        select(
            Attendance.id,
            Attendance.person_id,
            Activity.starts_at,
            visit.label("visit"),
            Attendance.session_number,
            Attendance.months_since_first,
        )
        .join(Activity, Activity.id == Attendance.activity_id)
        .order_by(Attendance.person_id, Activity.starts_at, Activity.id)
    )
    if person_ids is not None:
        query = query.where(Attendance.person_id.in_(person_ids))
    return connection.execute(query)


def changes(rows: Iterable) -> list[dict]:
    """The numbers to write for rows in `_attendances`' order: only those that differ."""
    changed = []
    person, number, first = None, 0, None
    for id_, person_id, starts_at, visit, *stored in rows:
        if person_id != person:
            person, number, first = person_id, 0, None
        numbers = NOT_A_SESSION
        if visit:
            number += 1
            first = first or starts_at
            numbers = (number, months_since(first, starts_at))
        if tuple(stored) != numbers:
            changed.append({"b_id": id_, "b_number": numbers[0], "b_months": numbers[1]})
    return changed


def renumber(connection, visit, person_ids: Iterable[int] | None = None) -> None:
    """Number these young people's attendances again (everyone's if None); `visit` is the
    condition for an attendance to count (`visits.came`)."""
    changed = changes(_attendances(connection, visit, person_ids))
    if changed:
        connection.execute(
            update(Attendance)
            .where(Attendance.id == bindparam("b_id"))
            .values(session_number=bindparam("b_number"), months_since_first=bindparam("b_months")),
            changed,
        )
