"""The claims queue and the finance queue a page at a time (issue 19): counts of all, plain links
between pages that keep the filter, any ?page= answered with a page, and the same queries on
every page. Pages hold two claims here, so a few claims make several pages."""

import re
from datetime import date
from html import unescape

import pytest

from tests.factories import log_in, make_approved_claim, make_claim, make_stripe_ready
from tests.payments.test_query_counts import queries_for
from youthhub.core import paging
from youthhub.payments.models import ClaimStatus, PaymentChoice


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)


def text(response) -> str:
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def claims_listed(html: str) -> list[str]:
    return re.findall(r'href="/manage/claims/(\d+)"', html)


@pytest.fixture
def five_waiting(cast) -> list[str]:
    """Five claims waiting for approval, the oldest first."""
    return [str(make_claim(cast.young, work_date=date(2026, 5, day)).id) for day in range(1, 6)]


def test_the_claims_queue_shows_a_page_with_the_count_of_all(client, cast, five_waiting):
    log_in(client, cast.worker)

    first = text(client.get("/manage/claims"))
    assert claims_listed(first) == five_waiting[:2]
    assert "5 claims." in first
    assert "Page 1 of 3, showing 1 to 2." in first
    assert 'href="/manage/claims?page=2&amp;status=submitted"' in client.get(
        "/manage/claims"
    ).get_data(as_text=True)
    assert "Previous page" not in first

    last = text(client.get("/manage/claims?status=submitted&page=3"))
    assert claims_listed(last) == five_waiting[4:]
    assert "Page 3 of 3, showing 5 to 5." in last
    assert "Previous page" in last and "Next page" not in last


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("99", "Page 3 of 3"),
        ("0", "Page 1 of 3"),
        ("-1", "Page 1 of 3"),
        ("two", "Page 1 of 3"),
        ("1.5", "Page 1 of 3"),
        ("9" * 30, "Page 1 of 3"),
        ("", "Page 1 of 3"),
    ],
)
def test_any_page_asked_for_gets_a_page(client, cast, five_waiting, asked, shown):
    log_in(client, cast.worker)
    assert shown in text(client.get(f"/manage/claims?page={asked}"))


def test_a_status_with_no_claims_says_so_on_any_page(client, cast, five_waiting):
    log_in(client, cast.worker)
    html = text(client.get("/manage/claims?status=paid&page=4"))
    assert "No claims here." in html and "Page " not in html


def test_the_finance_queue_totals_every_approved_claim_and_pages_them(client, cast):
    for _ in range(2):
        make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.CASH)
    make_approved_claim(cast.teen, cast.worker, minutes=120)
    make_claim(cast.young)  # waiting for approval: not in the queue
    log_in(client, cast.finance)

    first = text(client.get("/manage/finance"))
    assert "£60.00" in first  # all three: £15 + £15 + £30
    assert "3 approved claims." in first
    assert "Page 1 of 2, showing 1 to 2." in first
    assert "Jordan" in first and "Kai ·" not in first

    second = text(client.get("/manage/finance?page=2"))
    assert "£60.00" in second and "Kai · Not chosen yet · £30.00" in second
    assert "Jordan ·" not in second


def test_the_finance_queue_shows_the_longest_waiting_first(client, cast):
    """Oldest approved first, whoever it is for; each page groups its own claims by person."""
    kai = make_approved_claim(cast.teen, cast.worker)
    jordan = [make_approved_claim(cast.young, cast.worker) for _ in range(2)]
    log_in(client, cast.finance)

    first = text(client.get("/manage/finance"))
    assert claims_listed(first) == [str(kai.id), str(jordan[0].id)]
    assert first.index("Kai ·") < first.index("Jordan ·")
    assert claims_listed(text(client.get("/manage/finance?page=2"))) == [str(jordan[1].id)]


@pytest.mark.parametrize(
    ("who", "claims_queue", "finance_queue"),
    [("young", 403, 403), ("worker", 200, 403), ("finance", 200, 200), ("admin", 200, 403)],
)
def test_a_later_page_is_for_the_same_people_as_the_first(
    client, cast, who, claims_queue, finance_queue
):
    for _ in range(3):
        make_approved_claim(cast.young, cast.worker)
    log_in(client, getattr(cast, who))
    assert client.get("/manage/claims?status=approved&page=2").status_code == claims_queue
    assert client.get("/manage/finance?page=2").status_code == finance_queue


def test_a_claim_on_a_later_page_can_be_paid_and_only_approved_ones(client, cast, fake_stripe):
    make_stripe_ready(cast.young, fake_stripe)
    claims = [
        make_approved_claim(cast.young, cast.worker, choice=PaymentChoice.STRIPE) for _ in range(3)
    ]
    waiting = make_claim(cast.young)
    log_in(client, cast.finance)
    assert f'value="{claims[2].id}"' in text(client.get("/manage/finance?page=2"))

    refused = client.post("/manage/finance/pay", data={"claims": [waiting.id]})
    assert "Choose at least one claim to pay." in text(client.get(refused.headers["Location"]))
    paid = client.post("/manage/finance/pay", data={"claims": [claims[2].id]})
    assert "Paid 1 claim through Stripe." in text(client.get(paid.headers["Location"]))
    assert [claim.status for claim in claims] == [
        ClaimStatus.APPROVED,
        ClaimStatus.APPROVED,
        ClaimStatus.PAID,
    ]


@pytest.mark.parametrize(
    "url", ["/manage/claims?status=approved", "/manage/finance"], ids=["claims", "finance"]
)
def test_every_page_runs_the_same_queries_as_claims_grow(client, cast, url):
    log_in(client, cast.finance)
    make_approved_claim(cast.young, cast.worker)
    one_page = queries_for(client, url)
    for _ in range(4):
        make_approved_claim(cast.teen, cast.worker, work_date=date(2026, 5, 1))
    assert queries_for(client, url) == one_page
    assert queries_for(client, url + ("&" if "?" in url else "?") + "page=3") == one_page
    assert queries_for(client, url + ("&" if "?" in url else "?") + "page=40") == one_page


def test_paying_anything_but_claim_numbers_says_choose_a_claim(client, cast):
    make_approved_claim(cast.young, cast.worker)
    log_in(client, cast.finance)
    for sent in (["²"], ["٣"], ["99999999999"], ["2147483648"], ["-1"], ["1e3"], []):
        answer = client.post("/manage/finance/pay", data={"claims": sent})
        assert "Choose at least one claim to pay." in text(client.get(answer.headers["Location"]))
