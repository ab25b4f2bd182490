"""Read-only questions about support given, each answered in a fixed number of queries."""

from dataclasses import dataclass

from sqlalchemy import func, select

from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.support import services
from youthhub.support.models import SupportGiven, SupportKind


def kinds() -> list[SupportKind]:
    """Every kind, retired ones too, in the admins' order."""
    return list(
        db.session.scalars(select(SupportKind).order_by(SupportKind.position, SupportKind.id))
    )


def offered() -> list[SupportKind]:
    """The kinds a worker can log now, in order."""
    return [kind for kind in kinds() if not kind.is_retired]


def kind(kind_id: int) -> SupportKind | None:
    return db.session.get(SupportKind, kind_id)


def given(given_id: int) -> SupportGiven | None:
    return db.session.get(SupportGiven, given_id)


@dataclass(frozen=True)
class Panel:
    """What the support buttons on a young person's page show a worker."""

    kinds: list[SupportKind]  # the buttons, one per kind offered
    times: dict[int, int]  # kind id -> times this young person was given it, ever
    history: list[tuple[SupportKind, int]]  # every kind they were given (retired too), times
    today: list[SupportGiven]  # logged today
    removable: set[int]  # ids of today's the viewer may take back


def panel(person, viewer) -> Panel:
    every = kinds()
    times = dict(
        db.session.execute(
            select(SupportGiven.kind_id, func.count())
            .where(SupportGiven.person_id == person.id)
            .group_by(SupportGiven.kind_id)
        ).all()
    )
    today = list(
        db.session.scalars(
            select(SupportGiven)
            .where(SupportGiven.person_id == person.id, SupportGiven.given_on == london_today())
            .order_by(SupportGiven.logged_at.desc(), SupportGiven.id.desc())
        )
    )
    return Panel(
        kinds=[each for each in every if not each.is_retired],
        times=times,
        history=[(each, times[each.id]) for each in every if each.id in times],
        today=today,
        removable={each.id for each in today if services.may_remove(each, viewer)},
    )
