"""New members and movement members, worked out from who came when.

A young person is a *new member* at the sessions they come to in their first months (counted
from their first session, to the same time of day) or their first sessions, whichever ends
first — the programme's settings, e.g. three months or six sessions — and a *movement member* at
every session after that. Nothing is stored: each attendance's stage comes from the person's
history, so a changed setting re-tells the whole history, and a person is only ever one of the
two at one session.

The histories are put in order here rather than by the database: two narrow queries (the held
activities in order, and who came to which) and one pass over them cost a few times less than a
window function sorting every attendance with its activity's start, on SQLite and PostgreSQL
alike (bench/activity_table.py).
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from youthhub.activities.models import Activity, Attendance
from youthhub.activities.visits import held
from youthhub.endings.programme import add_months, get_settings
from youthhub.extensions import db

SHORT_PERIOD_SHARE = 4  # a period with under a quarter of the activities held so far
HISTORY_BATCH = 10_000


@dataclass(frozen=True)
class StageRule:
    """When a new member becomes a movement member (None: that limit is not used)."""

    months: int | None
    sessions: int | None

    @classmethod
    def of_programme(cls) -> "StageRule":
        settings = get_settings()
        return cls(settings.new_member_months, settings.new_member_sessions)

    def new_until(self, first_session: datetime) -> datetime | None:
        """When someone whose first session started at `first_session` stops being new by the
        months limit: the same time, that many months later (31 January and one month is the
        last day of February)."""
        if self.months is None:
            return None
        return datetime.combine(
            add_months(first_session.date(), self.months), first_session.timetz()
        )


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


@dataclass
class Stages:
    """Who came to the activities of a period: per activity, how many as new members and as
    movement members; and reach, how many different young people came to any of them."""

    by_activity: dict[int, tuple[int, int]]
    reach: int


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
        new_until = rule.new_until(starts[history[0]])
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
