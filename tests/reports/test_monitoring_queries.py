"""The whole monitoring page asks the database the same number of questions however much
history there is: more activities, groups, members, payments, choices and ratings."""

from datetime import UTC, date, datetime

from tests.activities.factories import make_activity, make_attendance, make_group, make_member
from tests.factories import log_in, make_admin, make_young_person
from tests.reports.test_monitoring_goals import rate
from tests.reports.test_monitoring_groups import history
from tests.reports.test_monitoring_money import claim, paid
from tests.support.queries import count_queries
from youthhub.activities.models import ActivityKind
from youthhub.extensions import db
from youthhub.payments.models import ClaimStatus, PaymentChoice, PaymentMethod

URL = "/manage/monitoring?start=2025-04-01&end=2025-09-30"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def more_history(people: int):
    group = make_group()
    for number in range(people):
        person = make_young_person()
        session = make_activity(
            starts_at=at(2025, 4 + number % 6, 10, 17),
            kind=list(ActivityKind)[number % len(ActivityKind)],
            group_id=group.id if number % 2 else None,
            online_link="https://meet.example.org/x" if number % 3 else None,
        )
        make_attendance(session, person)
        history(
            make_member(group, person, lead=number % 2 == 0),
            ("group.request_member", at(2025, 4, 1, 12), {}),
            ("group.lead_set", at(2025, 5, 1, 12), {"is_lead": True}),
        )
        method = list(PaymentMethod)[number % len(PaymentMethod)]
        paid(person, date(2025, 4, 5 + number % 3), 60, 1000, method)
        claim(person, date(2025, 6, 1), status=ClaimStatus.SUBMITTED, wanted_pence=10)
        claim(
            person,
            date(2025, 6, 2),
            status=ClaimStatus.SUBMITTED,
            payment_choice=PaymentChoice.DONATE,
        )
        rate(person, "job", (at(2025, 5, 1, 12), 3), (at(2025, 6, 1, 12), 4 + number % 3))
    db.session.commit()


def test_the_queries_stay_the_same_as_every_section_grows(client):
    log_in(client, make_admin())
    more_history(1)
    with count_queries(db.engine) as small:
        assert client.get(URL).status_code == 200
    more_history(12)
    with count_queries(db.engine) as large:
        page = client.get(URL)
    assert page.status_code == 200
    assert len(large) == len(small), (len(small), len(large))
    for section in ("activities", "groups", "money", "goals"):
        assert f'id="{section}"' in page.get_data(as_text=True)
