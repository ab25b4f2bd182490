"""A young person added by name on the register is here, counts like anyone, and a paid role
makes their claim."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.activities.test_views import today_activity
from tests.factories import make_worker
from youthhub.activities import register
from youthhub.activities.models import Attendance
from youthhub.activities.register_people import add_new_young_person
from youthhub.core.errors import DomainError
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.payments import rates
from youthhub.payments.models import ClaimStatus, Contribution
from youthhub.reports import activity_table


def add_remi(activity, worker):
    person = add_new_young_person(activity, actor=worker, preferred_name="Remi")
    db.session.commit()
    return person


def test_they_are_marked_as_here_and_count_in_the_activity_table(app):
    worker = make_worker()
    activity = today_activity()
    activity.starts_at = activity.starts_at - timedelta(hours=23)  # it has happened
    db.session.commit()
    remi = add_remi(activity, worker)
    row = db.session.scalar(select(Attendance))
    assert (row.person_id, row.attended, row.walk_in) == (remi.id, True, True)
    table = activity_table.build(london_today() - timedelta(days=2), london_today())
    assert (table.attendances, table.reach) == (1, 1)


def test_a_paid_role_makes_their_claim(app):
    rates.ensure_default_rate_card()
    worker = make_worker()
    activity = today_activity(is_paid_role=True, contribution_kind="Youth panel member")
    remi = add_remi(activity, worker)
    register.save_register(activity, actor=worker, marks={remi.id: True}, professionals=0, guests=0)
    db.session.commit()
    [claim] = db.session.scalars(select(Contribution))
    assert (claim.person_id, claim.status) == (remi.id, ClaimStatus.SUBMITTED)


def test_nobody_is_added_before_the_register_opens(app):
    from tests.activities.factories import make_activity

    with pytest.raises(DomainError, match="opens on the day"):
        add_new_young_person(make_activity(), actor=make_worker(), preferred_name="Remi")
