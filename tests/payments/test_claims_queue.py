"""The claims queue as a worker reads it (issue 19 draws it from plain rows, each text made once a
page): whose claim and what, when, how long and what will be paid, in English and Welsh."""

from datetime import date

import pytest

from tests.factories import in_a_request, log_in, make_approved_claim, make_claim
from youthhub.extensions import db
from youthhub.payments import choices, rates, services


@pytest.fixture
def two_approved(cast):
    """A co-design session approved at another amount, then a kind an admin added whose claim
    the young person asked to be paid less for, both by someone whose name needs escaping."""
    cast.young.preferred_name = "Jo <Lee>"
    with in_a_request():
        poetry = rates.add_kind(
            "Poetry <slam> & more",
            actor=cast.admin,
            hourly_pence=1000,
            minimum_pence=0,
            effective_from=date(2020, 4, 6),
        )
    co_design = make_claim_approved_at(cast, 2000)
    slam = make_approved_claim(
        cast.young, cast.worker, kind=poetry.code, minutes=60, work_date=date(2026, 5, 2)
    )
    with in_a_request():
        choices.take_less(slam, 500, actor=cast.young)
    db.session.commit()
    return co_design, slam


def make_claim_approved_at(cast, pence):
    claim = make_claim(cast.young, kind="co_design", minutes=90, work_date=date(2026, 5, 1))
    with in_a_request():
        services.approve_contribution(
            claim, actor=cast.worker, amount_pence=pence, reason="Ran over"
        )
    db.session.commit()
    return claim


@pytest.mark.parametrize(
    ("language", "co_design_words", "slam_day", "approved"),
    [
        (
            "en",
            'Co-design session</a>\n    <span class="muted">1 May 2026 · 1.5 hours',
            "2 May 2026 · 1 hour",
            "Approved, waiting to be paid",
        ),
        (
            "cy",
            'Sesiwn cyd-ddylunio</a>\n    <span class="muted">1 Mai 2026 · 1.5 awr',
            "2 Mai 2026 · 1 awr",
            "Wedi&#39;i gymeradwyo, yn aros i gael ei dalu",
        ),
    ],
)
def test_the_queue_says_whose_claim_what_when_and_what_will_be_paid(
    client, cast, two_approved, language, co_design_words, slam_day, approved
):
    co_design, slam = two_approved
    log_in(client, cast.worker)

    html = client.get(
        "/manage/claims?status=approved", headers={"Accept-Language": language}
    ).get_data(as_text=True)

    first, second = html.split('<li class="list__item">')[1:3]
    assert f'<a href="/manage/claims/{co_design.id}">Jo &lt;Lee&gt;: {co_design_words}' in first
    assert "<strong>£20.00</strong>" in first  # approved at another amount
    assert (
        f'<a href="/manage/claims/{slam.id}">Jo &lt;Lee&gt;: Poetry &lt;slam&gt; &amp; more</a>'
        in second
    )
    assert f'<span class="muted">{slam_day}</span>' in second
    assert "<strong>£5.00</strong>" in second  # the young person asked for less than £10
    for line in (first, second):
        assert f'<span class="tag tag--waiting">{approved}</span>' in line
