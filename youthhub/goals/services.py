"""A young person's goals, steps and ratings, sharing with their key worker, and the worker's
side: comments and "get in touch" requests.

Every function raises `DomainError` (or `NotAllowed`) with a message fit to show the person.
Nothing here commits: the request does, once.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from youthhub.accounts.models import Role, User
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import london_today, utcnow
from youthhub.extensions import db
from youthhub.goals.models import (
    SCORES,
    Area,
    ContactRequest,
    Goal,
    GoalComment,
    GoalStatus,
    GoalStep,
    Rating,
    Win,
    WinKind,
)

TITLE_MAX = 200
NOTES_MAX = 2000
STEP_MAX = 200
RATING_NOTE_MAX = 280
COMMENT_MAX = 1000
STEPS_PER_GOAL = 30


@dataclass(frozen=True)
class RatingOutcome:
    rating: Rating
    win: Win | None
    offer_help: bool


# Checks ------------------------------------------------------------------------------------


def _require_young_person(actor: User) -> None:
    if not actor.has_role(Role.YOUNG_PERSON):
        raise NotAllowed(_l("Goals are for young people to set for themselves."))


def _require_owner(goal: Goal, actor: User) -> None:
    if goal.owner_id != actor.id:
        raise NotAllowed(_l("Only the person whose goal this is can change it."))


def _require_open(goal: Goal) -> None:
    if not goal.is_open:
        raise DomainError(_l("This goal is finished. Pick it back up to change its steps."))


def _clean(text: str | None, limit: int, too_long, empty=None) -> str | None:
    cleaned = (text or "").strip()
    if not cleaned:
        if empty is not None:
            raise DomainError(empty)
        return None
    if len(cleaned) > limit:
        raise DomainError(too_long)
    return cleaned


def _title(text: str | None) -> str:
    return _clean(
        text,
        TITLE_MAX,
        _l("Keep your goal to 200 characters or fewer. You can add more in the notes."),
        empty=_l("Write your goal in a few words."),
    )


def _notes(text: str | None) -> str | None:
    return _clean(text, NOTES_MAX, _l("Keep your notes to 2,000 characters or fewer."))


def _step_text(text: str | None) -> str:
    return _clean(
        text,
        STEP_MAX,
        _l("Keep each step to 200 characters or fewer."),
        empty=_l("Write the step in a few words."),
    )


def _check_target_date(target_date: date | None) -> None:
    if target_date is not None and target_date < london_today():
        raise DomainError(_l("Pick a date from today onwards, or leave it empty."))


def _active_key_worker(young: User) -> User:
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
    _require_young_person(actor)
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
    """Pause, pick up again, mark achieved or let go; achieving it the first time is a win."""
    _require_owner(goal, actor)
    try:
        new = GoalStatus(status)
    except ValueError:
        raise DomainError(_l("Choose from the list.")) from None
    if new == goal.status:
        return None
    before, goal.status, goal.updated_at = goal.status, new, utcnow()
    record("goal.status_changed", actor=actor, subject=goal, before=before, after=new)
    if new != GoalStatus.ACHIEVED or goal.achieved_at is not None:
        return None
    goal.achieved_at = utcnow()
    return _win(actor, WinKind.GOAL_ACHIEVED, goal=goal, label=goal.title)


def _win(owner: User, kind: WinKind, *, goal=None, area=None, **fields) -> Win:
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
    _require_open(goal)
    if len(goal.steps) >= STEPS_PER_GOAL:
        raise DomainError(_l("A goal can have up to 30 steps."))
    position = max((step.position for step in goal.steps), default=0) + 1
    step = GoalStep(text=_step_text(text), position=position)
    goal.steps.append(step)
    db.session.flush()
    record("goal.step_added", actor=actor, subject=goal, step_id=step.id)
    return step


def toggle_step(step: GoalStep, *, actor: User) -> Win | None:
    """Tick a step (a win, the first time) or untick it."""
    goal = step.goal
    _require_owner(goal, actor)
    _require_open(goal)
    if step.is_done:
        step.done_at = None
        record("goal.step_unticked", actor=actor, subject=goal, step_id=step.id)
        return None
    step.done_at = utcnow()
    record("goal.step_ticked", actor=actor, subject=goal, step_id=step.id)
    if step.celebrated:
        return None
    step.celebrated = True
    return _win(actor, WinKind.STEP_DONE, goal=goal, label=step.text)


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
    worker = _active_key_worker(actor)
    if goal.shared_with_id != worker.id:
        goal.shared_with_id, goal.shared_at = worker.id, utcnow()
        record("goal.shared", actor=actor, subject=goal, worker_id=worker.id)
    return worker


def stop_sharing(goal: Goal, *, actor: User) -> None:
    """Make a goal private again; the worker no longer sees it."""
    _require_owner(goal, actor)
    if goal.shared_with_id is not None:
        record("goal.unshared", actor=actor, subject=goal, worker_id=goal.shared_with_id)
        goal.shared_with_id, goal.shared_at = None, None


def worker_can_see(goal: Goal, worker: User) -> bool:
    """Shared with this worker, who is still the young person's key worker."""
    return (
        worker.has_role(Role.YOUTH_WORKER)
        and goal.shared_with_id == worker.id
        and goal.owner.key_worker_id == worker.id
    )


def comment_on_goal(goal: Goal, body: str, *, actor: User) -> GoalComment:
    """Leave an encouraging comment on a goal shared with the worker."""
    if not worker_can_see(goal, actor):
        raise NotAllowed(_l("You can only comment on goals shared with you."))
    comment = GoalComment(
        goal=goal,
        author_id=actor.id,
        body=_clean(
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


# Ratings -----------------------------------------------------------------------------------


def _latest_score(owner: User, area: Area) -> int | None:
    return db.session.scalar(
        select(Rating.score)
        .where(Rating.owner_id == owner.id, Rating.area_id == area.id)
        .order_by(Rating.rated_at.desc(), Rating.id.desc())
        .limit(1)
    )


def is_very_low(area: Area, score: int) -> bool:
    return area.offers_help and score <= current_app.config["GOALS_LOW_RATING"]


def record_rating(area: Area, score, note=None, *, actor: User) -> RatingOutcome:
    """Record "where am I now" (1 to 10) in an area; going up is a win, very low offers help."""
    _require_young_person(actor)
    if not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
        raise DomainError(_l("Choose a number from 1 to 10."))
    note = _clean(note, RATING_NOTE_MAX, _l("Keep your note to 280 characters or fewer."))
    previous = _latest_score(actor, area)
    rating = Rating(owner_id=actor.id, area_id=area.id, score=score, note=note, rated_at=utcnow())
    db.session.add(rating)
    db.session.flush()
    # The score stays out of the audit log: it is the young person's private business.
    record("rating.recorded", actor=actor, subject=rating, area_id=area.id)
    win = None
    if previous is not None and score > previous:
        win = _win(actor, WinKind.RATING_UP, area=area, from_score=previous, to_score=score)
    return RatingOutcome(rating, win, is_very_low(area, score))


# Asking for a chat ---------------------------------------------------------------------------


def ask_worker_to_get_in_touch(*, actor: User) -> ContactRequest:
    """Tell the young person's key worker they'd like a chat (nothing else is passed on)."""
    _require_young_person(actor)
    worker = _active_key_worker(actor)
    waiting = db.session.scalar(
        select(ContactRequest).where(
            ContactRequest.young_person_id == actor.id,
            ContactRequest.worker_id == worker.id,
            ContactRequest.handled_at.is_(None),
        )
    )
    if waiting is not None:
        return waiting
    request = ContactRequest(young_person_id=actor.id, worker_id=worker.id, created_at=utcnow())
    db.session.add(request)
    db.session.flush()
    record("contact.requested", actor=actor, subject=request, worker_id=worker.id)
    return request


def mark_contact_handled(request: ContactRequest, *, actor: User) -> None:
    """The worker has been in touch: the request leaves their list."""
    if request.worker_id != actor.id:
        raise NotAllowed(_l("This request was sent to another worker."))
    if request.handled_at is None:
        request.handled_at = utcnow()
        record("contact.handled", actor=actor, subject=request)
