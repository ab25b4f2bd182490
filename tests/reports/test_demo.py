"""`flask seed-demo` gives every report something to show on a fresh `make run`."""

from datetime import timedelta

from tests.factories import log_in
from youthhub.accounts.models import User
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.reports import activity_table
from youthhub.reports.monitoring import support
from youthhub.reports.monitoring.period import Period


def test_the_demo_year_fills_the_activity_table(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert "Demo data loaded." in result.output, result.output
    today = london_today()
    table = activity_table.build(today - timedelta(days=366), today)
    rows = [row for month in table.months for row in month.rows]
    assert len(table.months) >= 12
    assert table.reach >= 15 and table.totals.unnamed == 137
    assert any(row.counts.new_members for row in rows)
    assert any(row.counts.movement_members for row in rows)
    assert any(row.activity.group_id for row in rows)  # the power group's sessions
    assert any(row.activity.is_paid_role for row in rows)
    worker = db.session.query(User).filter_by(email="worker@youthhub.example").one()
    log_in(client, worker)
    html = client.get("/manage/reports/activities/summary").get_data(as_text=True)
    assert "Show its activities" in html and "new members" in html  # a row per month
    every_row = client.get("/manage/reports/activities/summary.csv").get_data(as_text=True)
    assert "New and old members" in every_row and "Fun Affair" in every_row
    # Support given: the three starting kinds, given to most of the demo's young people.
    with client.application.test_request_context():
        given = support.section(Period(today - timedelta(days=365), today), limit=0)
    assert len(given.table("support-by-kind").rows) == 3
    assert given.figures[0].now.value >= 10
