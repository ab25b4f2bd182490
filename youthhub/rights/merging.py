"""Merging two records of one young person, e.g. the record a worker added on the register into
the account the young person later made themselves.

Everything that points at the merged record moves to the kept one: each domain's personal data
source says how for each of its columns (`merges`, see `core/personal_data.py`), so no table is
forgotten. Where a person may have one row only (a booking or attendance at an activity, a
group membership, an ending), the better one is kept. The merged record stays as a tombstone
with no name, email, password or roles, pointing at the kept one, so the append-only audit log
still points at something. Raises `DomainError` (or `NotAllowed`) with a message fit to show.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select, union_all, update

from youthhub.accounts.models import Role, User
from youthhub.accounts.personal_data import is_erased, leave_tombstone
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.personal_data import KEEP, merge_source
from youthhub.extensions import db
from youthhub.rights.registry import sources

MAY_MERGE = (Role.YOUTH_WORKER, Role.ADMIN)


def merge_rules() -> dict[str, object]:
    """Every "table.column" pointing at a user, with what merging does to it."""
    return {column: rule for source in sources() for column, rule in source.merges.items()}


def rows_pointing_at(person_id: int) -> dict[str, int]:
    """How many rows of each column point at this person (only columns with some), e.g. for
    the merge page's summary and the audit entry. One query, however many tables."""
    counts = []
    for column_key in merge_rules():
        table_name, column_name = column_key.split(".")
        table = db.metadata.tables[table_name]
        counts.append(
            select(literal(column_key).label("column_key"), func.count().label("found"))
            .select_from(table)
            .where(table.c[column_name] == person_id)
        )
    return {key: found for key, found in db.session.execute(union_all(*counts)) if found}


# What the merge page names; everything else pointing at the record moves too ("other records").
SUMMARY = {
    "attendances.person_id": _l("Registers they're on"),
    "bookings.person_id": _l("Bookings"),
    "memberships.person_id": _l("Power groups"),
    "goals.owner_id": _l("Goals"),
    "contributions.person_id": _l("Claims"),
    "payments.person_id": _l("Payments"),
    "certificates.person_id": _l("Certificates"),
    "endings.person_id": _l("Planned ending"),
}


def staff_never_see() -> set[str]:
    """Columns of what no staff member may know about one person, even whether there is any
    (equality answers): left out of the merge page's summary and of the merge's audit entry."""
    return {
        column
        for source in sources()
        if getattr(source, "staff_never_see", False)
        for column in source.merges
    }


def worked_out() -> set[str]:
    """Columns of rows worked out from others (who came when, from attendance): they follow
    what moves, so the merge page does not count them as records of their own."""
    return {column for source in sources() for column in getattr(source, "worked_out", ())}


def moving_summary(person_id: int) -> list[tuple[str, int]]:
    """(what, how many) of the record's things that will move, for the merge page."""
    counts = rows_pointing_at(person_id)
    rules, private = merge_rules(), staff_never_see() | worked_out()
    named = [(str(label), counts[key]) for key, label in SUMMARY.items() if key in counts]
    others = sum(
        count
        for key, count in counts.items()
        if key not in SUMMARY and rules[key] != KEEP and key not in private
    )
    return named + ([(str(_l("Other records")), others)] if others else [])


def kept_record(one: User, other: User) -> tuple[User, User]:
    """(merged, kept): the record with an account is kept; else `other`, the one chosen."""
    if one.has_account and not other.has_account:
        return other, one
    return one, other


def merge_refusal(merged: User, kept: User, *, actor: User) -> DomainError | None:
    """Why `actor` may not merge `merged` into `kept`, or None. The merge page asks this."""
    if not actor.has_any_role(MAY_MERGE):
        return NotAllowed(_l("Only a youth worker or an admin can do that."))
    if merged.id == kept.id:
        return DomainError(_l("Choose two different records."))
    for person in (merged, kept):
        if (
            not person.is_young_person
            or person.is_staff
            or person.merged_into_id is not None
            or is_erased(person)
        ):
            return DomainError(_l("Only two records of young people can be merged."))
    if merged.has_account and not kept.has_account:
        return DomainError(_l("Keep the record that has an account: merge the other way round."))
    if merged.has_account and not actor.has_role(Role.ADMIN):
        return NotAllowed(_l("Both records have an account: only an admin can merge them."))
    return None


def merge_people(merged: User, *, into: User, actor: User) -> dict[str, int]:
    """Move everything of `merged` onto `into` and leave a tombstone; returns what pointed at
    the merged record, by column. Raises DomainError as `merge_refusal` says."""
    kept = into
    refusal = merge_refusal(merged, kept, actor=actor)
    if refusal is not None:
        raise refusal
    db.session.flush()
    # Claim the merge first, so two workers merging at once cannot both go on.
    claimed = db.session.execute(
        update(User)
        .where(User.id == merged.id, User.merged_into_id.is_(None))
        .values(merged_into_id=kept.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise DomainError(_l("These records have just been merged."))
    moved = rows_pointing_at(merged.id)
    rules, private = merge_rules(), staff_never_see()
    for source in sources():
        merge_source(source, merged.id, kept.id)
    db.session.flush()
    db.session.expire_all()  # the rows moved under the objects the session holds
    leave_tombstone(merged, kept)
    db.session.flush()
    record(
        "young_person.merged",
        actor=actor,
        subject=kept,
        merged_id=merged.id,
        moved={
            key: count for key, count in moved.items() if rules[key] != KEEP and key not in private
        },
    )
    return moved
