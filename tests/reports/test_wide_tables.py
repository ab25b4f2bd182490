"""Staff reports and money tables use a laptop's width, and each table scrolls in a region of
its own (named by its caption, reachable by keyboard) rather than pushing a phone's page wider."""

import re
from datetime import timedelta

import pytest

from tests.activities.factories import make_activity, make_attendance
from tests.factories import log_in, make_admin, make_finance, make_worker, make_young_person
from youthhub.extensions import db
from youthhub.payments.rates import ensure_default_rate_card

WIDE_MAIN = '<main id="main" tabindex="-1" class="main--wide">'
REGION = re.compile(
    r'<div class="table-region" role="region" aria-labelledby="([^"]+)" tabindex="0">\s*'
    r"<table[^>]*>\s*<caption[^>]* id=\"([^\"]+)\""
)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("worker", "/manage/reports/activities"),
        ("worker", "/manage/reports/activities/summary"),
        ("worker", "/manage/reports/people/{young}/attendance"),
        ("admin", "/manage/goals/report"),
        ("admin", "/manage/rates"),
        ("finance", "/manage/finance"),
        ("admin", "/manage/monitoring"),
    ],
)
def test_report_and_money_pages_are_wide_and_their_tables_scroll_in_their_own_region(
    client, who, url
):
    ensure_default_rate_card()
    young = make_young_person()
    came = make_activity(title="Bowling", starts_in=-timedelta(days=2))
    make_attendance(came, young)
    db.session.commit()
    log_in(client, {"worker": make_worker, "admin": make_admin, "finance": make_finance}[who]())

    html = client.get(url.format(young=young.id)).get_data(as_text=True)

    assert WIDE_MAIN in html
    tables = html.count("<table")
    regions = REGION.findall(html)
    assert len(regions) == tables
    assert all(labelled_by == caption for labelled_by, caption in regions)


def test_other_pages_keep_the_reading_width(client):
    log_in(client, make_worker())
    assert WIDE_MAIN not in client.get("/manage/").get_data(as_text=True)
