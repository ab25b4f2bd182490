"""Migration 0009 gives every young person from before their planned ending, so pages only
read it (a GET never writes)."""

import importlib.util
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_user, make_worker, make_young_person
from youthhub.accounts.models import Role
from youthhub.config import PROJECT_ROOT
from youthhub.core.audit import AuditEntry
from youthhub.core.time import london_today, utcnow
from youthhub.endings import programme
from youthhub.endings.models import Ending
from youthhub.extensions import db

MIGRATION = PROJECT_ROOT / "migrations" / "versions" / "0009_start_missing_endings.py"


# The migration runs on a connection of its own, as Alembic does: it must see real commits.
pytestmark = pytest.mark.committing


def _migration():
    spec = importlib.util.spec_from_file_location("migration_0009", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_migration() -> int:
    with db.engine.begin() as connection:
        return _migration().start_missing_endings(connection)


def _ending_of(person) -> Ending | None:
    db.session.expire_all()
    return db.session.scalar(select(Ending).where(Ending.person_id == person.id))


def test_young_people_without_an_ending_get_the_one_start_ending_would_give(app):
    newcomer = make_user(Role.YOUNG_PERSON, created_at=utcnow())
    old_timer = make_user(Role.YOUNG_PERSON, created_at=utcnow() - timedelta(days=800))
    settled = make_young_person()
    kept = _ending_of(settled).planned_on
    worker = make_worker()

    assert _run_migration() == 2

    assert _ending_of(newcomer).planned_on == programme.add_months(london_today(), 12)
    assert _ending_of(old_timer).planned_on == london_today()  # never a date in the past
    assert _ending_of(settled).planned_on == kept
    assert _ending_of(worker) is None
    planned = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "ending.planned"))
    assert {entry.subject_id for entry in planned} >= {
        _ending_of(newcomer).id,
        _ending_of(old_timer).id,
    }


def test_the_programme_settings_decide_the_date(app):
    ends = london_today() + timedelta(days=50)
    programme.update_settings(
        default_length_months=6,
        programme_ends_on=ends,
        reminder_days=[30],
        actor=make_user(Role.ADMIN),
    )
    db.session.commit()
    person = make_user(Role.YOUNG_PERSON, created_at=utcnow())
    assert _run_migration() == 1
    assert _ending_of(person).planned_on == ends


def test_running_it_again_changes_nothing(app):
    make_user(Role.YOUNG_PERSON, created_at=utcnow())
    assert _run_migration() == 1
    assert _run_migration() == 0
