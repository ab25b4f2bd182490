"""Registers taken on a phone without signal, applied when the phone sends them (issue 16).

A phone keeps each change a worker makes at the door (a mark, a walk-in by name, a headcount)
with an idempotency key and the time it was really taken, and sends them once it has signal.
Each is applied here once, through the register's own services (`register.py`), so every rule
they check and everything they do (claims for a paid role, the audit) still holds:

- The same key sent again is answered from `RegisterChange`, never applied twice.
- A change says what the worker saw before (`was`). If the register still says that, the change
  is applied; if it already says the new value (another worker marked the same), it is merged
  and nothing changes; if it says something else, someone else changed it meanwhile, and the two
  are kept as a `RegisterConflict` for a worker to decide. Nothing is overwritten silently.
- More people marked as came than the activity has places is applied (they did come) and kept
  as a conflict of its own, for a worker to check.
- A refusal (the register closed, this worker may not take it) is kept with its message and
  goes back to the phone, which shows it in the "waiting" list rather than dropping it.

Each change is applied in a savepoint of its own, so one refusal does not undo the others.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from youthhub.accounts.models import User
from youthhub.accounts.people import MaybeAlreadyHere
from youthhub.activities.models import (
    Activity,
    Attendance,
    ChangeOutcome,
    ConflictKind,
    RegisterChange,
    RegisterConflict,
)
from youthhub.activities.queries import register_lines
from youthhub.activities.register import register_refusal, save_register
from youthhub.activities.register_people import add_new_young_person
from youthhub.core.audit import record
from youthhub.core.errors import DomainError
from youthhub.core.time import utcnow
from youthhub.extensions import db

#: The headcounts a phone may send, by the name it sends and the activity's column.
COUNTS = {
    "professionals": "professionals_count",
    "guests": "guests_count",
    "unnamed": "unnamed_young_people",
}
KINDS = ("mark", "walk_in", "count")
MOST_CHANGES = 200  # at once; a phone sends its queue in smaller batches
# A phone whose clock runs ahead would otherwise say a mark was taken in the future.
CLOCK_SLACK = timedelta(minutes=5)
UNREADABLE = _l("This change couldn't be read, so it wasn't applied.")


@dataclass(frozen=True)
class Change:
    """One change from a phone; `was` is what the worker saw before (a mark or a count)."""

    key: str
    activity_id: int
    kind: str
    taken_at: datetime
    by: int
    person_id: int | None = None
    came: bool | None = None
    was: int | None = None
    count_name: str | None = None
    value: int | None = None
    name: str = ""
    pronouns: str = ""


@dataclass(frozen=True)
class Answer:
    key: str
    outcome: ChangeOutcome
    message: str
    decide: bool = False  # a worker has something to decide on the register

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "outcome": self.outcome.value,
            "message": self.message,
            "decide": self.decide,
        }


# Reading what a phone sent ---------------------------------------------------------------


def read_key(data) -> str | None:
    key = data.get("key") if isinstance(data, dict) else None
    if not isinstance(key, str) or len(key) != 36:
        return None
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return None


def _whole(value, least=0, most=10**9) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if least <= value <= most else None


def _text(value, most: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text if len(text) <= most else None


def _taken_at(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        taken = datetime.fromisoformat(value)
    except ValueError:
        return None
    if taken.tzinfo is None:
        return None
    return min(taken.astimezone(UTC), utcnow() + CLOCK_SLACK)


def read_change(data: dict, key: str) -> Change | None:
    """The change in `data` (from the phone's JSON), or None if it is not one."""
    base = {
        "key": key,
        "activity_id": _whole(data.get("activity"), 1),
        "kind": data.get("kind") if data.get("kind") in KINDS else None,
        "taken_at": _taken_at(data.get("taken_at")),
        "by": _whole(data.get("by"), 1),
    }
    if None in base.values():
        return None
    was = data.get("was")
    if base["kind"] == "mark":
        person, came = _whole(data.get("person"), 1), data.get("came")
        if person is None or not isinstance(came, bool) or not (was is None or was in (0, 1)):
            return None
        return Change(**base, person_id=person, came=came, was=None if was is None else int(was))
    if base["kind"] == "count":
        name, value = data.get("count"), _whole(data.get("value"), 0, 10**6)
        if name not in COUNTS or value is None or _whole(was, 0, 10**6) is None:
            return None
        return Change(**base, count_name=name, value=value, was=was)
    name, pronouns = _text(data.get("name"), 80), _text(data.get("pronouns") or "", 40)
    if not name or pronouns is None:
        return None
    return Change(**base, name=name, pronouns=pronouns)


# Applying ---------------------------------------------------------------------------------


def apply_changes(items: list, *, actor: User) -> list[Answer]:
    """Apply each change a phone sent (its JSON items, in the order taken), once per key."""
    if len(items) > MOST_CHANGES:
        raise DomainError(_l("Too many changes at once. Try again."))
    answers = []
    for data in items:
        key = read_key(data)
        if key is not None:  # without a key there is nothing to answer it by
            answers.append(apply_change(data, key, actor=actor))
    return answers


def apply_change(data: dict, key: str, *, actor: User) -> Answer:
    kept = db.session.get(RegisterChange, key)
    if kept is not None:
        return _answer_from(kept, actor)
    change = read_change(data, key)
    try:
        with db.session.begin_nested():
            kept = _claim_key(key, change, actor)
            if change is None:
                raise DomainError(UNREADABLE)
            outcome, decide = _apply(change, actor)
            kept.outcome = outcome
    except IntegrityError:
        # The same change arrived at the same time by another way (the page and the service
        # worker): that request applied it, and answers for it.
        return Answer(key, ChangeOutcome.MERGED, _("Already sent."))
    except DomainError as refusal:
        try:
            with db.session.begin_nested():
                kept = _claim_key(key, change, actor)
                kept.outcome, kept.message = ChangeOutcome.REFUSED, refusal.message
        except IntegrityError:
            return Answer(key, ChangeOutcome.MERGED, _("Already sent."))
        return _answer_from(kept, actor)
    return _answer_from(kept, actor, decide=decide)


def _claim_key(key: str, change: Change | None, actor: User) -> RegisterChange:
    """Write the key first, so a second request with it waits for (then fails on) this one."""
    kept = RegisterChange(
        key=key,
        activity_id=None,
        actor_id=actor.id,
        outcome=ChangeOutcome.APPLIED,
        taken_at=change.taken_at if change else utcnow(),
        received_at=utcnow(),
    )
    db.session.add(kept)
    db.session.flush()
    if change is not None and db.session.get(Activity, change.activity_id) is not None:
        kept.activity_id = change.activity_id
    return kept


ANSWERS = {
    ChangeOutcome.APPLIED: _l("Sent."),
    ChangeOutcome.MERGED: _l("Sent. Someone else had marked the same."),
    ChangeOutcome.CONFLICT: _l(
        "Another worker marked this differently. Decide which is right on the register."
    ),
}


def _answer_from(kept: RegisterChange, actor: User, decide: bool = False) -> Answer:
    if kept.actor_id != actor.id:  # a key is only ever its own sender's
        return Answer(kept.key, ChangeOutcome.REFUSED, str(UNREADABLE))
    message = kept.message or str(ANSWERS[kept.outcome])
    decide = decide or kept.outcome == ChangeOutcome.CONFLICT
    return Answer(kept.key, kept.outcome, message, decide)


def _apply(change: Change, actor: User) -> tuple[ChangeOutcome, bool]:
    """Apply one change (raising the register's refusals); answers its outcome and whether a
    worker now has something to decide."""
    if change.by != actor.id:
        # Taken by someone else signed in on this phone earlier: never sent as this person.
        raise DomainError(_l("Someone else took this change on this phone, so it wasn't sent."))
    activity = db.session.get(Activity, change.activity_id)
    if activity is None:
        raise DomainError(_l("This activity isn't on the register any more."))
    refusal = register_refusal(activity, actor)
    if refusal is not None:
        raise refusal
    apply = {"mark": _apply_mark, "count": _apply_count, "walk_in": _apply_walk_in}[change.kind]
    outcome = apply(activity, change, actor)
    over = outcome == ChangeOutcome.APPLIED and _check_places(activity, change, actor)
    return outcome, outcome == ChangeOutcome.CONFLICT or over


def _counts(activity: Activity, **changed) -> dict[str, int]:
    counts = {name: getattr(activity, column) for name, column in COUNTS.items()}
    return counts | changed


def _apply_mark(activity: Activity, change: Change, actor: User) -> ChangeOutcome:
    row = _attendance(activity, change.person_id)
    current = None if row is None else int(row.attended)
    if current == int(change.came):
        return ChangeOutcome.MERGED
    if current is not None and current != change.was:
        first = (current, row.recorded_by_id, row.recorded_at)
        return _conflict(activity, ConflictKind.MARK, change, actor, first, int(change.came))
    save_register(
        activity,
        actor=actor,
        marks={change.person_id: change.came},
        taken_at=change.taken_at,
        **_counts(activity),
    )
    return ChangeOutcome.APPLIED


def _apply_count(activity: Activity, change: Change, actor: User) -> ChangeOutcome:
    current = getattr(activity, COUNTS[change.count_name])
    if current == change.value:
        return ChangeOutcome.MERGED
    if current != change.was:
        first = (current, None, activity.register_taken_at)
        return _conflict(activity, ConflictKind.COUNT, change, actor, first, change.value)
    counts = _counts(activity, **{change.count_name: change.value})
    save_register(activity, actor=actor, marks={}, taken_at=change.taken_at, **counts)
    return ChangeOutcome.APPLIED


def _apply_walk_in(activity: Activity, change: Change, actor: User) -> ChangeOutcome:
    """Someone who walked in, by name: if someone of that name is on this register already
    (another worker added them too), they are the same person."""
    name = change.name.casefold()
    for line in register_lines(activity):
        if line.person.preferred_name.casefold() == name:
            if line.attended:
                return ChangeOutcome.MERGED
            marks = {line.person.id: True}
            save_register(
                activity, actor=actor, marks=marks, taken_at=change.taken_at, **_counts(activity)
            )
            return ChangeOutcome.APPLIED
    try:
        add_new_young_person(
            activity,
            actor=actor,
            preferred_name=change.name,
            pronouns=change.pronouns or None,
            taken_at=change.taken_at,
        )
    except MaybeAlreadyHere as maybe:
        raise DomainError(
            _l(
                "%(name)s may already be on %(programme)s. Search for them on the register "
                "and add them there.",
                name=change.name,
                programme=current_app.config["PROGRAMME_NAME"],
            )
        ) from maybe
    return ChangeOutcome.APPLIED


def _attendance(activity: Activity, person_id: int) -> Attendance | None:
    return db.session.scalar(
        select(Attendance).where(
            Attendance.activity_id == activity.id, Attendance.person_id == person_id
        )
    )


def _conflict(activity, kind, change: Change, actor, first, second_value) -> ChangeOutcome:
    """Keep the disagreement for a worker to decide (the same one sent twice, once)."""
    first_value, first_by_id, first_at = first
    same = select(RegisterConflict.id).where(
        RegisterConflict.activity_id == activity.id,
        RegisterConflict.kind == kind,
        RegisterConflict.person_id.is_(None)
        if change.person_id is None
        else RegisterConflict.person_id == change.person_id,
        RegisterConflict.count_name.is_(None)
        if change.count_name is None
        else RegisterConflict.count_name == change.count_name,
        RegisterConflict.second_value == second_value,
        RegisterConflict.decided_at.is_(None),
    )
    if db.session.scalar(same) is None:
        conflict = RegisterConflict(
            activity_id=activity.id,
            kind=kind,
            person_id=change.person_id,
            count_name=change.count_name,
            first_value=first_value,
            first_by_id=first_by_id,
            first_at=first_at,
            second_value=second_value,
            second_by_id=actor.id,
            second_at=change.taken_at,
        )
        db.session.add(conflict)
        db.session.flush()
        record("register.conflict", actor=actor, subject=activity, kind=kind.value)
    return ChangeOutcome.CONFLICT


def came_count(activity: Activity) -> int:
    """Young people marked as came, named and unnamed."""
    named = db.session.scalar(
        select(func.count(Attendance.id)).where(
            Attendance.activity_id == activity.id, Attendance.attended.is_(True)
        )
    )
    return named + activity.unnamed_young_people


def _check_places(activity: Activity, change: Change, actor: User) -> bool:
    """More came than there are places: applied (they came), and kept for a worker to check.
    Answers whether there is now such a conflict to decide."""
    adds = change.kind == "walk_in" or change.came or change.count_name == "unnamed"
    if activity.capacity is None or not adds:
        return False
    came = came_count(activity)
    if came <= activity.capacity:
        return False
    open_one = db.session.scalar(
        select(RegisterConflict).where(
            RegisterConflict.activity_id == activity.id,
            RegisterConflict.kind == ConflictKind.PLACES,
            RegisterConflict.decided_at.is_(None),
        )
    )
    if open_one is None:
        db.session.add(
            RegisterConflict(
                activity_id=activity.id,
                kind=ConflictKind.PLACES,
                first_value=activity.capacity,
                second_value=came,
                second_by_id=actor.id,
                second_at=change.taken_at,
            )
        )
        record("register.conflict", actor=actor, subject=activity, kind="places")
    else:
        open_one.second_value = came
        open_one.second_by_id, open_one.second_at = actor.id, change.taken_at
    return True


# Deciding ---------------------------------------------------------------------------------


def decide_conflict(conflict: RegisterConflict, *, actor: User, answer: int) -> None:
    """A worker decides which is right. A mark or count is saved through the register (as if
    taken now); "that many came" settles the places. Then nobody is asked again."""
    activity = db.session.get(Activity, conflict.activity_id)
    refusal = register_refusal(activity, actor)
    if refusal is not None:
        raise refusal
    if conflict.decided_at is not None:
        raise DomainError(_l("Someone has decided this already."))
    if answer not in (conflict.first_value, conflict.second_value):
        raise DomainError(_l("Choose one of the answers."))
    if conflict.kind == ConflictKind.MARK:
        marks = {conflict.person_id: bool(answer)}
        save_register(activity, actor=actor, marks=marks, **_counts(activity))
    elif conflict.kind == ConflictKind.COUNT:
        counts = _counts(activity, **{conflict.count_name: answer})
        save_register(activity, actor=actor, marks={}, **counts)
    elif answer != conflict.second_value:
        # Places: only "yes, that many came" settles it; fewer came is fixed in the marks.
        raise DomainError(_l("Change the marks below, then say that many came."))
    conflict.decided_by_id, conflict.decided_at = actor.id, utcnow()
    record(
        "register.conflict_decided",
        actor=actor,
        subject=activity,
        kind=conflict.kind.value,
        answer=answer,
    )


def open_conflicts(activity: Activity) -> list[RegisterConflict]:
    """What a worker has to decide on this register, oldest first."""
    return list(
        db.session.scalars(
            select(RegisterConflict)
            .options(
                joinedload(RegisterConflict.person),
                joinedload(RegisterConflict.first_by),
                joinedload(RegisterConflict.second_by),
            )
            .where(
                RegisterConflict.activity_id == activity.id,
                RegisterConflict.decided_at.is_(None),
            )
            .order_by(RegisterConflict.id)
        )
    )
