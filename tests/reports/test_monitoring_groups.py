"""Monitoring: power groups' members, leads and sessions, counted by hand from memberships'
histories at London's period edges; small numbers hidden; no young person's name shown."""

from datetime import UTC, date, datetime

import pytest

from tests.activities.factories import make_activity, make_group, make_member
from tests.factories import log_in, make_admin, make_evaluator, make_young_person
from youthhub.core.audit import AuditEntry
from youthhub.core.small_numbers import SMALL, Cell
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.groups import services
from youthhub.groups.models import MembershipStatus
from youthhub.reports.monitoring import groups
from youthhub.reports.monitoring.period import Period

PERIOD = Period(date(2025, 4, 1), date(2025, 9, 30))  # the one before: 30 Sep 2024 to 31 Mar 2025
DATES = "start=2025-04-01&end=2025-09-30"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def history(membership, *events):
    """Audit entries as the group services write them, at given moments."""
    for action, moment, details in events:
        db.session.add(
            AuditEntry(
                at=moment,
                action=action,
                subject_type="Membership",
                subject_id=membership.id,
                details=details,
            )
        )
    db.session.commit()


@pytest.fixture
def built():
    first, second = make_group(name="First"), make_group(name="Second")
    people = {name: make_young_person(name=f"Planted {name}") for name in "ABCDE"}
    # A joins at 00:30 on 1 April in London, leads May, steps down in June.
    history(
        make_member(first, people["A"]),
        ("group.request_member", at(2025, 3, 31, 23, 30), {}),
        ("group.lead_set", at(2025, 5, 1, 12), {"is_lead": True}),
        ("group.lead_stepped_down", at(2025, 6, 1, 12), {}),
    )
    # B joined in January and left at 23:30 on 31 March in London: only the period before.
    history(
        make_member(first, people["B"], status=MembershipStatus.LEFT),
        ("group.request_member", at(2025, 1, 10, 12), {}),
        ("group.left", at(2025, 3, 31, 22, 30), {}),
    )
    # C is in both groups since February, leading the second (no history: as it is now).
    for group, lead in ((first, False), (second, True)):
        membership = make_member(group, people["C"], lead=lead)
        membership.decided_at = at(2025, 2, 1, 12)
    db.session.commit()
    make_member(first, people["D"], status=MembershipStatus.REQUESTED)  # never in
    history(  # E joins at 00:30 on 1 October in London: after
        make_member(second, people["E"]),
        ("group.request_member", at(2025, 9, 30, 23, 30), {}),
    )
    make_activity(starts_at=at(2025, 5, 10, 17), group_id=first.id)
    make_activity(starts_at=at(2025, 9, 30, 22, 30), group_id=first.id)  # 30 Sept in London
    make_activity(starts_at=at(2025, 9, 30, 23, 30), group_id=second.id)  # 1 Oct: after
    make_activity(starts_at=at(2025, 2, 1, 12), group_id=second.id)
    make_activity(starts_at=at(2025, 6, 1, 12), group_id=second.id, cancelled_at=at(2025, 5, 1))
    make_activity(starts_at=at(2025, 6, 2, 12))  # not a group's
    return people


def figures(section):
    return {figure.label: (figure.now, figure.before) for figure in section.figures}


def test_members_leads_and_sessions(app, built):
    with app.test_request_context():
        section = groups.section(PERIOD, limit=0)
    assert figures(section) == {
        "Power groups that met": (1, 1),
        "Power group sessions held": (2, 1),
        "Young people who were members": (Cell(2), Cell(2)),
        "Young people who led a group": (Cell(2), Cell(1)),
        "Young people who joined a group": (Cell(1), Cell(2)),
    }
    assert section.table("power-groups").rows == (
        ("First", Cell(2), Cell(1), 2, 0),
        ("Second", Cell(1), Cell(1), 0, 1),
    )


def test_small_numbers_are_hidden(app, built):
    with app.test_request_context():
        section = groups.section(PERIOD, limit=10)
    members, _before = figures(section)["Young people who were members"]
    assert members.state == SMALL
    first = section.table("power-groups").rows[0]
    assert [cell.state for cell in first[1:3]] == [SMALL, SMALL]
    assert first[3:] == (2, 0)  # sessions are not people


def test_the_history_the_services_write_is_read(app):
    group, admin = make_group(), make_admin()
    person = make_young_person()
    membership = services.request_to_join(group, actor=person)
    services.accept_member(membership, group, actor=admin)
    services.set_lead(membership, group, True, actor=admin)
    services.leave_group(group, actor=person)
    db.session.commit()
    today = Period(london_today(), london_today())
    with app.test_request_context():
        found = figures(groups.section(today, limit=0))
    assert found["Young people who were members"][0] == Cell(1)
    assert found["Young people who led a group"][0] == Cell(1)
    assert found["Young people who joined a group"][0] == Cell(1)


@pytest.mark.parametrize("who", [make_admin, make_evaluator])
def test_no_name_on_the_page_or_in_the_csv(client, built, who):
    log_in(client, who())
    page = client.get(f"/manage/monitoring?{DATES}").get_data(as_text=True)
    assert "Each power group in the period" in page
    csv = client.get(f"/manage/monitoring/groups/power-groups.csv?{DATES}")
    assert csv.status_code == 200
    assert "First,fewer than 10,fewer than 10,2,0" in csv.get_data(as_text=True).splitlines()
    assert "Planted" not in page + csv.get_data(as_text=True)
