"""`flask seed-demo` sets up the goal areas and help contacts, and demo goals with demo people."""

from sqlalchemy import func, select

from tests.factories import make_admin
from youthhub.extensions import db
from youthhub.goals.models import Area, Goal, HelpContact, Rating


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_loads_goals_for_the_demo_young_person(runner):
    result = runner.invoke(args=["seed-demo"])
    assert "Demo data loaded." in result.output
    assert count(Area) == 8
    assert count(HelpContact) == 2
    shared = db.session.scalars(select(Goal).where(Goal.shared_with_id.is_not(None))).all()
    assert len(shared) == 1
    assert shared[0].owner.key_worker_id == shared[0].shared_with_id
    assert count(Rating) > 0


def test_seed_demo_on_a_used_database_only_adds_missing_areas(runner):
    make_admin()
    db.session.execute(Area.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["seed-demo"])
    assert "demo data not loaded" in result.output
    assert count(Area) == 8
    assert count(Goal) == 0
    runner.invoke(args=["seed-demo"])
    assert count(Area) == 8
