"""Power groups: who was a member during the period, who led one, and the sessions held.

Members and leads are counted from each membership's history (`groups.monitoring`): a young
person counts for the period if they were in (or leading) a group at any moment of it."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from youthhub.activities.models import Activity
from youthhub.core.small_numbers import count
from youthhub.extensions import db
from youthhub.groups.models import Group
from youthhub.groups.monitoring import membership_spans
from youthhub.reports.monitoring.buckets import slice_of
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period
from youthhub.reports.stages import held

THIS, BEFORE = 0, 1


def _sessions(edges) -> dict[tuple[int, int], int]:
    """(slice, group id) -> sessions held, in one grouped query."""
    each = (
        select(
            slice_of(Activity.starts_at, edges).label("slice"),
            Activity.group_id.label("group_id"),
        )
        .where(
            *held(),
            Activity.group_id.is_not(None),
            Activity.starts_at >= edges[BEFORE][0],
            Activity.starts_at < edges[THIS][1],
        )
        .subquery()
    )
    query = select(each.c.slice, each.c.group_id, func.count()).group_by(
        each.c.slice, each.c.group_id
    )
    return {
        (index, group_id): number
        for index, group_id, number in db.session.execute(query)
        if index is not None
    }


def _people(spans, low, high) -> dict:
    """group id (None: any group) -> (members, leads, who joined) between `low` and `high`,
    in one pass over the memberships."""
    found = {}
    for each in spans:
        if not each.member_between(low, high):
            continue  # a lead or someone who joined was a member then too
        led, joined = each.lead_between(low, high), each.joined_between(low, high)
        for key in (None, each.group_id):
            members, leads, joiners = found.setdefault(key, (set(), set(), set()))
            members.add(each.person_id)
            if led:
                leads.add(each.person_id)
            if joined:
                joiners.add(each.person_id)
    return found


def section(period: Period, limit: int) -> Section:
    previous = period.previous
    edges = [(period.low, period.high), (previous.low, previous.high)]
    sessions = _sessions(edges)
    spans = membership_spans()
    by_group = _people(spans, *edges[THIS])
    nobody = (set(), set(), set())
    now, then = by_group.get(None, nobody), _people(spans, *edges[BEFORE]).get(None, nobody)

    def held_in(index):
        return sum(
            number for (slice_index, _group), number in sessions.items() if slice_index == index
        )

    def meeting(index):
        return len({group for (slice_index, group) in sessions if slice_index == index})

    figures = (
        Figure(_("Power groups that met"), meeting(THIS), meeting(BEFORE)),
        Figure(_("Power group sessions held"), held_in(THIS), held_in(BEFORE)),
        Figure(
            _("Young people who were members"),
            count(len(now[0]), limit),
            count(len(then[0]), limit),
        ),
        Figure(
            _("Young people who led a group"), count(len(now[1]), limit), count(len(then[1]), limit)
        ),
        Figure(
            _("Young people who joined a group"),
            count(len(now[2]), limit),
            count(len(then[2]), limit),
        ),
    )
    rows = []
    for group_id, name in db.session.execute(
        select(Group.id, Group.name).order_by(func.lower(Group.name))
    ):
        members, leads, _joined = by_group.get(group_id, nobody)
        rows.append(
            (
                name,
                count(len(members), limit),
                count(len(leads), limit),
                sessions.get((THIS, group_id), 0),
                sessions.get((BEFORE, group_id), 0),
            )
        )
    return Section(
        key="groups",
        title=_("Power groups"),
        figures=figures,
        tables=(
            Table(
                key="power-groups",
                caption=_("Each power group in the period"),
                headings=(
                    _("Power group"),
                    _("Young people who were members"),
                    _("Young people who led it"),
                    _("Sessions held"),
                    _("Sessions held, the period before"),
                ),
                rows=tuple(rows),
                note=_(
                    "A young person counts if they were a member (or a lead) at any time in the "
                    "period; someone in two groups counts once in the totals above."
                ),
            ),
        ),
    )
