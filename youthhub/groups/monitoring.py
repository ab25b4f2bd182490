"""When each young person was in a power group and when they led it, for the monitoring page.

A membership keeps only its present state (a lead who stepped down is just a member now), so
the history comes from the membership's audit entries: accepted, made lead, stepped down,
left. A membership with no such entries (made before the audit log knew, or by an import) is
taken as it is now, since it was decided."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from youthhub.core.audit import AuditEntry
from youthhub.extensions import db
from youthhub.groups.models import Membership, MembershipStatus

ACCEPTED = "group.request_member"
MADE_LEAD = "group.lead_set"
STEPPED_DOWN = "group.lead_stepped_down"
LEFT = "group.left"
HISTORY = (ACCEPTED, MADE_LEAD, STEPPED_DOWN, LEFT)
EVER_IN = (MembershipStatus.MEMBER, MembershipStatus.LEFT)

Span = tuple[datetime, datetime | None]  # from, until (None: still)


@dataclass
class Spans:
    group_id: int
    person_id: int
    member: list[Span] = field(default_factory=list)
    lead: list[Span] = field(default_factory=list)

    def member_between(self, low: datetime, high: datetime) -> bool:
        return _overlaps(self.member, low, high)

    def lead_between(self, low: datetime, high: datetime) -> bool:
        return _overlaps(self.lead, low, high)

    def joined_between(self, low: datetime, high: datetime) -> bool:
        return any(low <= since < high for since, _until in self.member)


def _overlaps(spans: list[Span], low: datetime, high: datetime) -> bool:
    return any(since < high and (until is None or until > low) for since, until in spans)


def membership_spans() -> list[Spans]:
    """Every membership that was ever in, with its spans: two queries whatever the number."""
    memberships = db.session.execute(
        select(
            Membership.id,
            Membership.group_id,
            Membership.person_id,
            Membership.status,
            Membership.is_lead,
            Membership.decided_at,
            Membership.requested_at,
        ).where(Membership.status.in_(EVER_IN))
    ).all()
    events: dict[int, list] = {}
    for subject_id, action, at, details in db.session.execute(
        select(AuditEntry.subject_id, AuditEntry.action, AuditEntry.at, AuditEntry.details)
        .where(
            AuditEntry.subject_type == Membership.__name__,
            AuditEntry.action.in_(HISTORY),
            AuditEntry.subject_id.in_(select(Membership.id).where(Membership.status.in_(EVER_IN))),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ):
        events.setdefault(subject_id, []).append((action, at, details or {}))
    return [_replay(row, events.get(row.id)) for row in memberships]


def _replay(row, events) -> Spans:
    spans = Spans(row.group_id, row.person_id)
    if not events:
        if row.status == MembershipStatus.MEMBER:
            since = row.decided_at or row.requested_at
            spans.member.append((since, None))
            if row.is_lead:
                spans.lead.append((since, None))
        return spans
    member_since = lead_since = None
    for action, at, details in events:
        if action == ACCEPTED:
            member_since = member_since or at
        elif action == MADE_LEAD and details.get("is_lead"):
            lead_since = lead_since or at
        else:  # no longer leading (made not lead, stepped down, or left)
            if lead_since is not None:
                spans.lead.append((lead_since, at))
                lead_since = None
            if action == LEFT and member_since is not None:
                spans.member.append((member_since, at))
                member_since = None
    if member_since is not None:
        spans.member.append((member_since, None))
    if lead_since is not None:
        spans.lead.append((lead_since, None))
    return spans
