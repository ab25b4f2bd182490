"""Demo goals for `flask seed-demo`: the demo young person has a few goals, one shared with
their worker, and some ratings over the last couple of months."""

from datetime import timedelta

from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_default_areas
from youthhub.goals.models import Goal, GoalComment, GoalStatus, GoalStep, Rating, Win, WinKind

DEMO_RATINGS = {
    "training": (4, 5, 5, 7),
    "happy": (5, 4, 6, 6),
    "independence": (3, 4, 6),
    "job": (2, 3),
    "healthy": (6,),
}


def seed_demo_goals(young, worker) -> None:
    areas = {area.slug: area for area in ensure_default_areas()}
    now = utcnow()
    theory = Goal(
        owner_id=young.id,
        area=areas["training"],
        title="Pass my driving theory test",
        notes="So I can drive to college and help my little brother get about.",
        status=GoalStatus.ACTIVE,
        created_at=now - timedelta(days=40),
        steps=[
            GoalStep(text="Download the practice app", position=1, done_at=now, celebrated=True),
            GoalStep(text="Do 10 practice questions a day", position=2),
            GoalStep(text="Book the test", position=3),
        ],
        shared_with_id=worker.id,
        shared_at=now - timedelta(days=30),
    )
    theory.comments.append(
        GoalComment(
            author_id=worker.id,
            body="Great start with the app! Shout if you want a hand booking the test.",
            created_at=now - timedelta(days=20),
        )
    )
    cooking = Goal(
        owner_id=young.id,
        area=areas["independence"],
        title="Cook three new meals this month",
        status=GoalStatus.ACTIVE,
        created_at=now - timedelta(days=10),
        steps=[
            GoalStep(text="Pick recipes at Vibes in the Kitchen", position=1),
            GoalStep(text="Make a shopping list", position=2),
        ],
    )
    db.session.add_all([theory, cooking])
    for slug, scores in DEMO_RATINGS.items():
        for number, score in enumerate(scores):
            days_ago = 56 - number * 56 // len(scores)
            db.session.add(
                Rating(
                    owner_id=young.id,
                    area_id=areas[slug].id,
                    score=score,
                    rated_at=now - timedelta(days=days_ago),
                )
            )
    db.session.flush()
    db.session.add_all(
        [
            Win(
                owner_id=young.id,
                kind=WinKind.STEP_DONE,
                goal_id=theory.id,
                area=areas["training"],
                label="Download the practice app",
                created_at=now,
            ),
            Win(
                owner_id=young.id,
                kind=WinKind.RATING_UP,
                area=areas["training"],
                from_score=5,
                to_score=7,
                created_at=now - timedelta(days=14),
            ),
        ]
    )
