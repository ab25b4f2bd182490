"""A young person's goals and steps, sharing them with their key worker, and the worker's
comments. Ratings and "get in touch" requests are in `services_ratings.py`.

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
Nothing here commits: the request does, once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from youthhub.accounts.models import Role, User
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.goals.models import (
    Area,
    Goal,
    GoalComment,
    GoalStatus,
    GoalStep,
    Win,
    WinKind,
)

TITLE_MAX = 200
NOTES_MAX = 2000
STEP_MAX = 200
COMMENT_MAX = 1000
STEPS_PER_GOAL = 30


# Checks ------------------------------------------------------------------------------------


def require_young_person(actor: User) -> None:
    if not actor.has_role(Role.YOUNG_PERSON):
        raise NotAllowed(_l("Goals are for young people to set for themselves."))


def _require_owner(goal: Goal, actor: User) -> None:
    if goal.owner_id != actor.id:
        raise NotAllowed(_l("Only the person whose goal this is can change it."))


def _require_open(goal: Goal) -> None:
    if not goal.is_open:
        raise DomainError(_l("This goal is finished. Pick it back up to change its steps."))


def _require_room_for_a_step(goal: Goal) -> None:
    _require_open(goal)
    if len(goal.steps) >= STEPS_PER_GOAL:
        raise DomainError(_l("A goal can have up to 30 steps."))


# Where a goal may go from each status; the goal page offers exactly these. Moving to the
# status it already has changes nothing (a second tap of the same button).
MOVES = {
    GoalStatus.ACTIVE: (GoalStatus.ACHIEVED, GoalStatus.PAUSED, GoalStatus.LET_GO),
    GoalStatus.PAUSED: (GoalStatus.ACHIEVED, GoalStatus.ACTIVE, GoalStatus.LET_GO),
    GoalStatus.ACHIEVED: (GoalStatus.ACTIVE,),
    GoalStatus.LET_GO: (GoalStatus.ACTIVE,),
}


def _require_move(goal: Goal, new: GoalStatus) -> None:
    if new != goal.status and new not in MOVES[goal.status]:
        raise DomainError(_l("That choice isn't open for this goal right now."))


def clean_text(text: str | None, limit: int, too_long, empty=None) -> str | None:
    cleaned = (text or "").strip()
    if not cleaned:
        if empty is not None:
            raise DomainError(empty)
        return None
    if len(cleaned) > limit:
        raise DomainError(too_long)
    return cleaned


def _title(text: str | None) -> str:
    return clean_text(
        text,
        TITLE_MAX,
        _l("Keep your goal to 200 characters or fewer. You can add more in the notes."),
        empty=_l("Write your goal in a few words."),
    )


def _notes(text: str | None) -> str | None:
    return clean_text(text, NOTES_MAX, _l("Keep your notes to 2,000 characters or fewer."))


def _step_text(text: str | None) -> str:
    return clean_text(
        text,
        STEP_MAX,
        _l("Keep each step to 200 characters or fewer."),
        empty=_l("Write the step in a few words."),
    )


def _check_target_date(target_date: date | None) -> None:
    if target_date is not None and target_date < london_today():
        raise DomainError(_l("Pick a date from today onwards, or leave it empty."))


def active_key_worker(young: User) -> User:
    worker = young.key_worker
    if worker is None or not worker.is_active or not worker.has_role(Role.YOUTH_WORKER):
        raise DomainError(
            _l(
                "You're not linked to a worker yet. Ask a worker at your next session for "
                "their invite code."
            )
        )
    return worker


# Goals -------------------------------------------------------------------------------------


def create_goal(
    *, area: Area, title: str, notes=None, target_date=None, steps=(), actor: User
) -> Goal:
    """Start a goal in the young person's own words, with any first steps."""
    require_young_person(actor)
    title, notes = _title(title), _notes(notes)
    texts = [_step_text(step) for step in steps if (step or "").strip()]
    if len(texts) > STEPS_PER_GOAL:
        raise DomainError(_l("A goal can have up to 30 steps."))
    _check_target_date(target_date)
    goal = Goal(
        owner_id=actor.id,
        area=area,
        title=title,
        notes=notes,
        target_date=target_date,
        status=GoalStatus.ACTIVE,
        steps=[GoalStep(text=text, position=number) for number, text in enumerate(texts, 1)],
    )
    db.session.add(goal)
    db.session.flush()
    record("goal.created", actor=actor, subject=goal, area_id=area.id, steps=len(texts))
    return goal


def update_goal(goal: Goal, *, area: Area, title: str, notes, target_date, actor: User) -> None:
    """Change a goal's words, area or target date."""
    _require_owner(goal, actor)
    if target_date != goal.target_date:
        _check_target_date(target_date)
    goal.title = _title(title)
    goal.notes = _notes(notes)
    goal.area = area
    goal.target_date = target_date
    goal.updated_at = utcnow()
    record("goal.updated", actor=actor, subject=goal, area_id=area.id)


def change_goal_status(goal: Goal, status: str, *, actor: User) -> Win | None:
    """Pause, pick up again, mark achieved or let go (along `MOVES`); achieving it the first
    time is a win."""
    _require_owner(goal, actor)
    try:
        new = GoalStatus(status)
    except ValueError:
        raise DomainError(_l("Choose from the list.")) from None
    _require_move(goal, new)
    if new == goal.status:
        return None
    before, goal.status, goal.updated_at = goal.status, new, utcnow()
    record("goal.status_changed", actor=actor, subject=goal, before=before, after=new)
    if new != GoalStatus.ACHIEVED or goal.achieved_at is not None:
        return None
    goal.achieved_at = utcnow()
    return add_win(actor, WinKind.GOAL_ACHIEVED, goal=goal, label=goal.title)


def add_win(owner: User, kind: WinKind, *, goal=None, area=None, **fields) -> Win:
    win = Win(
        owner_id=owner.id,
        kind=kind,
        goal_id=goal.id if goal else None,
        area=area or (goal.area if goal else None),
        **fields,
    )
    db.session.add(win)
    return win


# Steps -------------------------------------------------------------------------------------


def add_step(goal: Goal, text: str, *, actor: User) -> GoalStep:
    """Add a small step to the end of a goal's checklist."""
    _require_owner(goal, actor)
    _require_room_for_a_step(goal)
    position = max((step.position for step in goal.steps), default=0) + 1
    step = GoalStep(text=_step_text(text), position=position)
    goal.steps.append(step)
    db.session.flush()
    record("goal.step_added", actor=actor, subject=goal, step_id=step.id)
    return step


def toggle_step(
    step: GoalStep, *, actor: User, done: bool | None = None, taken_at: datetime | None = None
) -> Win | None:
    """Tick a step (a win, the first time) or untick it; `done` says which was meant (a step
    already that way stays as it is), `taken_at` when (now, if not given)."""
    goal = step.goal
    _require_owner(goal, actor)
    _require_open(goal)
    if done is None:
        done = not step.is_done
    if done == step.is_done:
        return None
    if not done:
        step.done_at = None
        record("goal.step_unticked", actor=actor, subject=goal, step_id=step.id)
        return None
    step.done_at = taken_at or utcnow()
    record("goal.step_ticked", actor=actor, subject=goal, step_id=step.id)
    if step.celebrated:
        return None
    step.celebrated = True
    return add_win(actor, WinKind.STEP_DONE, goal=goal, label=step.text, created_at=step.done_at)


def remove_step(step: GoalStep, *, actor: User) -> None:
    """Take a step off a goal's checklist."""
    goal = step.goal
    _require_owner(goal, actor)
    _require_open(goal)
    goal.steps.remove(step)
    record("goal.step_removed", actor=actor, subject=goal, step_id=step.id)


# Sharing -----------------------------------------------------------------------------------


def share_goal(goal: Goal, *, actor: User) -> User:
    """Let the young person's key worker see this goal and its area's ratings."""
    _require_owner(goal, actor)
    worker = active_key_worker(actor)
    if not is_shared(goal, actor):
        goal.shared_with_id, goal.shared_at = worker.id, utcnow()
        record("goal.shared", actor=actor, subject=goal, worker_id=worker.id)
    return worker


def stop_sharing(goal: Goal, *, actor: User) -> None:
    """Make a goal private again; the worker no longer sees it."""
    _require_owner(goal, actor)
    if goal.shared_with_id is not None:
        record("goal.unshared", actor=actor, subject=goal, worker_id=goal.shared_with_id)
        goal.shared_with_id, goal.shared_at = None, None


def is_shared(goal: Goal, owner: User) -> bool:
    """Shared with the owner's key worker: the only worker who may see a goal."""
    return goal.shared_with_id is not None and goal.shared_with_id == owner.key_worker_id


def worker_can_see(goal: Goal, worker: User) -> bool:
    """Shared with this worker, who is still the young person's key worker."""
    return (
        worker.has_role(Role.YOUTH_WORKER)
        and goal.shared_with_id == worker.id
        and goal.owner.key_worker_id == worker.id
    )


def _require_can_see(goal: Goal, worker: User) -> None:
    if not worker_can_see(goal, worker):
        raise NotAllowed(_l("You can only comment on goals shared with you."))


def comment_on_goal(goal: Goal, body: str, *, actor: User) -> GoalComment:
    """Leave an encouraging comment on a goal shared with the worker."""
    _require_can_see(goal, actor)
    comment = GoalComment(
        goal=goal,
        author_id=actor.id,
        body=clean_text(
            body,
            COMMENT_MAX,
            _l("Keep your comment to 1,000 characters or fewer."),
            empty=_l("Write a comment first."),
        ),
    )
    db.session.add(comment)
    db.session.flush()
    record("goal.commented", actor=actor, subject=goal, comment_id=comment.id)
    return comment


# What the pages may offer ------------------------------------------------------------------


def allows(check: Callable, *args) -> bool:
    """Whether `check` (one of the functions the services raise from) lets this through."""
    try:
        check(*args)
    except DomainError:
        return False
    return True


@dataclass(frozen=True)
class GoalActions:
    """What the young person may do to their goal now; the goal page offers exactly these."""

    edit: bool = False
    change_steps: bool = False  # tick, untick or remove a step
    add_step: bool = False
    moves: tuple[GoalStatus, ...] = ()
    share: bool = False
    stop_sharing: bool = False


def goal_actions(goal: Goal, *, actor: User) -> GoalActions:
    """Asked by the goal page, answered by the very checks the services above raise from."""
    if not allows(_require_owner, goal, actor):
        return GoalActions()
    return GoalActions(
        edit=True,
        change_steps=allows(_require_open, goal),
        add_step=allows(_require_room_for_a_step, goal),
        moves=MOVES[goal.status],
        share=allows(active_key_worker, actor) and not is_shared(goal, actor),
        stop_sharing=is_shared(goal, actor),
    )


def may_comment(goal: Goal, *, actor: User) -> bool:
    """Whether the worker's page offers the comment box on this goal."""
    return allows(_require_can_see, goal, actor)
