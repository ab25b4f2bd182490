"""What power groups add to a young person's journey: the groups they were in and led
(highlights they may choose for their certificate), and when they joined each one."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from youthhub.core.journey import Highlight, HighlightKind, TimelineEntry
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus

BELONGED = (MembershipStatus.MEMBER, MembershipStatus.LEFT)


def _memberships(person):
    return select(Membership).where(
        Membership.person_id == person.id,
        Membership.status.in_(BELONGED),
        Membership.decided_at.is_not(None),
    )


class GroupsJourney:
    kinds = (
        HighlightKind(
            "groups",
            lambda n: ngettext(
                "Member of %(num)d power group", "Member of %(num)d power groups", n
            ),
        ),
        HighlightKind(
            "groups_led",
            lambda n: ngettext("Led %(num)d power group", "Led %(num)d power groups", n),
        ),
    )

    def highlights(self, person, ending) -> list[Highlight]:
        belonged = _memberships(person).subquery()
        member_of, led = db.session.execute(
            select(func.count(), func.count().filter(belonged.c.is_lead.is_(True))).select_from(
                belonged
            )
        ).one()
        return [Highlight("groups", member_of or 0), Highlight("groups_led", led or 0)]

    def timeline(self, person, ending) -> list[TimelineEntry]:
        rows = db.session.execute(
            _memberships(person)
            .with_only_columns(Membership.decided_at, Group.name)
            .join(Group, Group.id == Membership.group_id)
            .order_by(Membership.decided_at)
        )
        return [
            TimelineEntry.at_moment(
                joined_at, _("Joined the power group %(group)s", group=name), "group_joined"
            )
            for joined_at, name in rows
        ]
