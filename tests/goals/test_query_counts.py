"""Goal pages run the same number of queries however many goals, steps, ratings, comments and
wins a person has."""

import itertools
from datetime import timedelta

import pytest

from tests.factories import log_in, make_admin
from tests.goals.factories import area, make_goal
from tests.support.queries import count_queries
from youthhub.accounts.models import User
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_default_help_contacts
from youthhub.goals.models import ContactRequest, Goal, GoalComment, GoalStep, Rating, Win, WinKind


def queries_for(client, url) -> int:
    with count_queries(db.engine) as statements:
        assert client.get(url).status_code == 200, url
    return len(statements)


_numbers = itertools.count(1)


def add_goals(young, worker, how_many: int) -> None:
    """Goals with steps (one ticked), comments, ratings in several areas, wins, and other young
    people of the same worker asking to get in touch. Built directly, committed once."""
    now = utcnow()
    for number in range(how_many):
        slug = ("happy", "job", "training")[number % 3]
        goal = Goal(
            owner_id=young.id,
            area=area(slug),
            title=f"Goal {number}",
            notes="Some notes",
            steps=[
                GoalStep(text=t, position=p, done_at=now if p == 1 else None)
                for p, t in enumerate(("One", "Two", "Three"), 1)
            ],
            shared_with_id=worker.id,
            shared_at=now,
        )
        goal.comments.append(GoalComment(author_id=worker.id, body="Well done"))
        db.session.add(goal)
        db.session.add(Win(owner_id=young.id, kind=WinKind.STEP_DONE, label="One", area=area(slug)))
        for score in (3, 5, 7):
            db.session.add(
                Rating(
                    owner_id=young.id,
                    area_id=area(slug).id,
                    score=score,
                    rated_at=now - timedelta(days=number, minutes=score),
                )
            )
        other = User(
            email=f"other{next(_numbers)}@example.org",
            preferred_name="Other",
            password_hash="x",
            key_worker_id=worker.id,
        )
        db.session.add(other)
        db.session.flush()
        db.session.add(ContactRequest(young_person_id=other.id, worker_id=worker.id))
        for days_ago, score in ((3, 4), (1, 8)):
            db.session.add(
                Rating(
                    owner_id=other.id,
                    area_id=area(slug).id,
                    score=score,
                    rated_at=now - timedelta(days=days_ago),
                )
            )
    db.session.commit()


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("young", "/goals/"),
        ("young", "/goals/areas/{area}"),
        ("young", "/goals/{goal}"),
        ("young", "/goals/{goal}/edit"),
        ("young", "/goals/new"),
        ("young", "/goals/wins"),
        ("young", "/goals/help"),
        ("worker", "/manage/"),
        ("worker", "/manage/goals/shared"),
        ("worker", "/manage/goals/shared/{goal}"),
        ("admin", "/manage/goals/areas"),
    ],
)
def test_goal_pages_stay_constant_as_goals_and_ratings_grow(client, young, worker, who, url):
    ensure_default_help_contacts()
    goal = make_goal(young, area_slug="happy", steps=["First"], shared_with=worker)
    url = url.format(goal=goal.id, area=area("happy").id)
    log_in(client, {"young": young, "worker": worker, "admin": make_admin()}[who])

    add_goals(young, worker, 2)
    few = queries_for(client, url)
    add_goals(young, worker, 25)
    many = queries_for(client, url)

    assert many == few, (few, many)
    assert few <= 8, few


@pytest.mark.parametrize("rated", [False, True])
def test_an_areas_page_reads_the_area_and_its_ratings_in_one_statement(client, young, rated):
    # Three: the person signed in, the area with their newest ratings, their goals in it.
    if rated:
        add_goals(young, make_admin(), 3)
    log_in(client, young)
    assert queries_for(client, f"/goals/areas/{area('job').id}") == 3
