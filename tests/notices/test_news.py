"""A calm home: several notices of a kind read as one line, a few lines show with "see all",
and one tap clears them, leaving anything that came after the page was shown."""

from datetime import timedelta

from sqlalchemy import select

from tests.factories import log_in, make_young_person
from tests.support.queries import count_queries
from youthhub.core.time import utcnow
from youthhub.extensions import db
from youthhub.notices import services
from youthhub.notices.models import Notice
from youthhub.payments.notice_kinds import CLAIM_APPROVED, CLAIM_PAID


def paid(person, count: int, pence: int = 3750) -> None:
    for _ in range(count):
        services.add_notice(
            person, "We've paid you", link="/money", kind=CLAIM_PAID, amount_pence=pence
        )


def plain(person, *texts) -> None:
    for number, text in enumerate(texts):
        notice = services.add_notice(person, text, link="/whats-on")
        notice.created_at = utcnow() + timedelta(seconds=number + 1)  # newer than the claims


def unread(person) -> list[str]:
    return list(
        db.session.scalars(
            select(Notice.text).where(Notice.recipient_id == person.id, Notice.read_at.is_(None))
        )
    )


def body(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_ten_notices_are_three_lines_newest_first(app):
    person = make_young_person()
    for _ in range(3):
        services.add_notice(person, "Approved", kind=CLAIM_APPROVED, amount_pence=1000)
    paid(person, 5)
    plain(person, "A place came up", "Your group said yes")
    db.session.commit()
    news = services.news_for(person)
    assert [item.text for item in news.items] == [
        "Your group said yes",
        "A place came up",
        "5 claims paid — £187.50",
    ]
    assert (news.total_items, news.more) == (4, 1)
    everything = services.news_for(person, limit=None)
    assert [item.text for item in everything.items][-1] == "3 claims approved — £30.00"


def test_home_shows_a_few_lines_and_see_all_shows_the_rest(app, client):
    person = make_young_person()
    paid(person, 4)
    plain(person, "One", "Two", "Three")
    db.session.commit()
    log_in(client, person)
    home = body(client.get("/"))
    assert "Three" in home and "Two" in home and "One" in home
    assert "4 claims paid" not in home
    assert "See all your news (1 more)" in home
    everything = body(client.get("/notices/"))
    assert "4 claims paid — £150.00" in everything and "One" in everything


def test_one_tap_clears_everything_shown_but_not_what_came_after(app, client):
    person, other = make_young_person(), make_young_person()
    paid(person, 6)
    plain(person, "A place came up")
    paid(other, 2)
    db.session.commit()
    log_in(client, person)
    shown = services.news_for(person).up_to
    plain(person, "Arrived while the page was open")
    db.session.commit()
    answer = client.post("/notices/read-all", data={"up_to": shown, "next": "/"})
    assert answer.status_code == 302 and answer.location == "/"
    assert unread(person) == ["Arrived while the page was open"]
    assert len(unread(other)) == 2  # only one's own
    assert "All cleared" in body(client.get("/"))


def test_got_it_on_a_group_clears_that_kind_only(app, client):
    person = make_young_person()
    paid(person, 3)
    plain(person, "A place came up")
    db.session.commit()
    log_in(client, person)
    [_, group] = services.news_for(person).items
    client.post(f"/notices/kinds/{CLAIM_PAID}/read", data={"up_to": group.up_to})
    assert unread(person) == ["A place came up"]
    assert client.post("/notices/kinds/no_such_kind/read").status_code == 404


def test_the_news_pages_run_the_same_queries_however_many_notices_wait(app, client):
    person = make_young_person()
    log_in(client, person)

    def queries(url) -> int:
        with count_queries(db.engine) as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    paid(person, 2)
    plain(person, "a", "b")
    db.session.commit()
    few = {url: queries(url) for url in ("/", "/notices/")}
    paid(person, 40)
    plain(person, *[f"news {n}" for n in range(40)])
    db.session.commit()
    assert {url: queries(url) for url in ("/", "/notices/")} == few
