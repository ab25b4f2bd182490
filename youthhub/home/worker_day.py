"""A youth worker's day on the staff home: today's and tomorrow's sessions (their own first),
each with the register one tap away when it is open, and what is waiting for them.

Each domain decides what its part means (`activities.queries.sessions_by_day`, the register's
own `register_refusal`, `payments.rules.approvable_by`, the endings page's "next 30 days");
this only gathers them, in a fixed number of queries however busy the programme is.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from youthhub.accounts.models import Role, User
from youthhub.activities.organisers import is_staff_organiser
from youthhub.activities.queries import DaySessions, Listing, sessions_by_day
from youthhub.activities.register import register_refusal
from youthhub.endings.queries import count_ending_soon
from youthhub.extensions import db
from youthhub.payments.queries import waiting_for_approval_by


@dataclass(frozen=True)
class Session:
    listing: Listing
    is_own: bool
    register_open: bool  # the register would take a save from this person now

    @property
    def activity(self):
        return self.listing.activity


@dataclass(frozen=True)
class Day:
    day: date
    sessions: list[Session]


def takes_registers(user: User) -> bool:
    """Whoever runs sessions at the venue (youth workers and admins) gets the day's plan."""
    return is_staff_organiser(user)


def _day(plan: DaySessions, user: User) -> Day:
    def session(listing: Listing, own: bool) -> Session:
        open_now = register_refusal(listing.activity, user) is None
        return Session(listing, own, open_now)

    return Day(
        plan.day,
        [session(each, True) for each in plan.own] + [session(each, False) for each in plan.others],
    )


def sessions_today_and_tomorrow(user: User) -> list[Day]:
    return [_day(plan, user) for plan in sessions_by_day(user, days=2)]


def waiting_counts(user: User) -> dict[str, int]:
    """Claims this person could approve, and young people ending in the next 30 days (a youth
    worker's own young people; everyone's for an admin), counted in one statement."""
    if user.has_role(Role.YOUTH_WORKER):
        counts = {
            "claims": waiting_for_approval_by(user),
            "own_endings": count_ending_soon(worker=user),
        }
    else:
        counts = {"endings": count_ending_soon()}
    row = db.session.execute(select(*(count.label(name) for name, count in counts.items())))
    return dict(row.one()._mapping)
