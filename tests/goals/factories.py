"""Small factories for goals. Each commits, so the app's own requests can see the data."""

from datetime import timedelta

from sqlalchemy import select

from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_default_areas
from youthhub.goals.models import Area, Goal, GoalComment, GoalStatus, GoalStep, Rating


def default_areas() -> dict[str, Area]:
    """The eight seeded areas by slug (tests start from empty tables, so make them)."""
    areas = {area.slug: area for area in ensure_default_areas()}
    db.session.commit()
    return areas


def area(slug: str = "happy") -> Area:
    found = db.session.scalar(select(Area).where(Area.slug == slug))
    return found or default_areas()[slug]


def make_goal(
    owner,
    *,
    area_slug="training",
    title="Get my provisional licence",
    steps=(),
    status=GoalStatus.ACTIVE,
    shared_with=None,
    notes=None,
    **fields,
) -> Goal:
    goal = Goal(
        owner_id=owner.id,
        area=area(area_slug),
        title=title,
        notes=notes,
        status=status,
        steps=[GoalStep(text=text, position=number) for number, text in enumerate(steps, 1)],
        shared_with_id=shared_with.id if shared_with else None,
        shared_at=utcnow() if shared_with else None,
        **fields,
    )
    db.session.add(goal)
    db.session.commit()
    return goal


def make_rating(owner, score, *, area_slug="happy", note=None, days_ago=0) -> Rating:
    rating = Rating(
        owner_id=owner.id,
        area_id=area(area_slug).id,
        score=score,
        note=note,
        rated_at=utcnow() - timedelta(days=days_ago),
    )
    db.session.add(rating)
    db.session.commit()
    return rating


def make_comment(goal, author, body="Proud of you!") -> GoalComment:
    comment = GoalComment(goal_id=goal.id, author_id=author.id, body=body)
    db.session.add(comment)
    db.session.commit()
    return comment
