"""The stages as the activity table worked them out before each attendance kept its place in the
person's history (issue 19): every history read and put in order, each time. Kept as the
reference the kept numbers must agree with (`test_member_stages`).
"""

from bisect import bisect_left
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from youthhub.activities.models import Activity, Attendance
from youthhub.activities.visits import held
from youthhub.core.time import add_months
from youthhub.extensions import db
from youthhub.reports.stages import StageRule, Stages

SHORT_PERIOD_SHARE = 4  # a period with under a quarter of the activities held so far
HISTORY_BATCH = 10_000


def _histories(rank: dict[int, int], who_came=None) -> dict[int, list[int]]:
    """Each young person's sessions (as positions in `rank`'s order), in the order they came;
    only of the people `who_came` selects, if given."""
    histories = defaultdict(list)
    came = select(Attendance.person_id, Attendance.activity_id).where(Attendance.attended.is_(True))
    if who_came is not None:
        came = came.where(Attendance.person_id.in_(who_came))
    # The driver's own rows: two whole numbers need no conversion, and making a Row of each of
    # hundreds of thousands of attendances costs more than everything else here (it still
    # runs through the engine, so it is logged and counted like any query). Read a batch at a
    # time, so the rows are never all held at once: only each person's positions are kept.
    result = db.session.connection().execute(came)
    try:
        while batch := result.cursor.fetchmany(HISTORY_BATCH):
            for person_id, activity_id in batch:
                position = rank.get(activity_id)
                if position is not None:
                    histories[person_id].append(position)
    finally:
        result.close()
    for history in histories.values():
        history.sort()
    return histories


def _who_came(low: datetime, high: datetime):
    return (
        select(Attendance.person_id)
        .join(Activity, Activity.id == Attendance.activity_id)
        .where(Attendance.attended.is_(True), Activity.starts_at >= low, Activity.starts_at < high)
    )


def _new_until(rule: StageRule, first_session: datetime) -> datetime | None:
    if rule.months is None:
        return None
    return datetime.combine(add_months(first_session.date(), rule.months), first_session.timetz())


def attendance_by_stage(rule: StageRule, low: datetime, high: datetime) -> Stages:
    """The stages of everyone who came to an activity held from `low` until `high`. Two
    queries, whatever the period or the history."""
    in_order = db.session.execute(
        select(Activity.id, Activity.starts_at)
        .where(Activity.starts_at < high, *held())
        .order_by(Activity.starts_at, Activity.id)
    ).all()
    starts = [starts_at for _, starts_at in in_order]
    first_counted = bisect_left(starts, low)
    came, new, reach = [0] * len(starts), [0] * len(starts), 0
    # A short period (a month of years) needs only the histories of the people who came in it;
    # for a long one, asking who they are would cost more than it saves.
    short = (len(starts) - first_counted) * SHORT_PERIOD_SHARE < len(starts)
    rank = {row.id: n for n, row in enumerate(in_order)}
    for history in _histories(rank, _who_came(low, high) if short else None).values():
        earliest = bisect_left(history, first_counted)  # their first session in the period
        if earliest == len(history):
            continue
        reach += 1
        for position in history[earliest:]:
            came[position] += 1
        new_until = _new_until(rule, starts[history[0]])
        for position in history[earliest : rule.sessions]:
            if new_until is not None and starts[position] >= new_until:
                break
            new[position] += 1
    by_activity = {
        in_order[n].id: (new[n], came[n] - new[n])
        for n in range(first_counted, len(starts))
        if came[n]
    }
    return Stages(by_activity, reach)
