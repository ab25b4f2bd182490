"""Each rating knows the young person's rating before it (in its area and in any), kept as
ratings are saved, in whatever order they arrive; distance travelled built on them matches
comparing everyone's first and latest rating by hand."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from tests.factories import make_admin, make_young_person
from tests.goals.factories import area
from tests.goals.test_report import row_for
from youthhub.core.time import LONDON
from youthhub.extensions import db
from youthhub.goals import rating_links, report
from youthhub.goals.models import Rating
from youthhub.goals.services_ratings import record_rating
from youthhub.rights import merging

START = datetime(2026, 3, 2, 12, tzinfo=UTC)


def day(number: int) -> datetime:
    return START + timedelta(days=number)


def save(person, slug, score, moment) -> Rating:
    """As the rating page saves it: one request, one commit (`moment`: made offline then)."""
    outcome = record_rating(area(slug), score, actor=person, taken_at=moment)
    db.session.commit()
    return outcome.rating


def links(person) -> list[tuple]:
    """(area, score, previous moment in the area, change, previous moment anywhere), in order."""
    found = db.session.execute(
        select(
            Rating.area_id, Rating.score, Rating.previous_at, Rating.change, Rating.previous_any_at
        )
        .where(Rating.owner_id == person.id)
        .order_by(Rating.rated_at, Rating.id)
    )
    return [tuple(row) for row in found]


def test_each_rating_links_to_the_one_before_it():
    young, job, happy = make_young_person(), area("job").id, area("happy").id
    save(young, "job", 3, day(0))
    save(young, "happy", 8, day(1))
    save(young, "job", 7, day(2))
    assert links(young) == [
        (job, 3, None, None, None),
        (happy, 8, None, None, day(0)),
        (job, 7, day(0), 4, day(1)),
    ]


def test_a_rating_made_offline_and_saved_late_takes_its_place_in_the_history():
    young, job = make_young_person(), area("job").id
    save(young, "job", 3, day(0))
    save(young, "job", 9, day(4))
    save(young, "job", 5, day(2))  # made on day 2 on a phone without signal
    assert links(young) == [
        (job, 3, None, None, None),
        (job, 5, day(0), 2, day(0)),
        (job, 9, day(2), 4, day(2)),
    ]
    # Days 2 to 4: 5 then 9, up 4 (the 3 before it is outside).
    first, last = (moment.astimezone(LONDON).date() for moment in (day(2), day(4)))
    row = row_for(report.distance_travelled(first, last, threshold=0), "job")
    assert (row.people.value, row.improved.value, row.average_change) == (1, 1, 4.0)


def test_ratings_loaded_in_bulk_are_linked_on_asking():
    young, job = make_young_person(), area("job").id
    db.session.execute(
        insert(Rating),
        [
            {"owner_id": young.id, "area_id": job, "score": score, "rated_at": day(number)}
            for number, score in ((1, 6), (0, 2))
        ],
    )
    rating_links.relink_everyone()
    db.session.commit()
    assert links(young) == [(job, 2, None, None, None), (job, 6, day(0), 4, day(0))]


def by_hand(saved, low: datetime, high: datetime) -> dict[int, list[int]]:
    """area id -> each person's latest minus first score in [low, high), from the ratings as
    saved (the same moment in the order saved)."""
    history: dict[tuple, list] = {}
    for order, (person, area_id, score, moment) in enumerate(saved):
        if low <= moment < high:
            history.setdefault((person, area_id), []).append((moment, order, score))
    changes: dict[int, list[int]] = {}
    for (_person, area_id), ratings in history.items():
        if len(ratings) >= 2:
            ratings.sort()
            changes.setdefault(area_id, []).append(ratings[-1][2] - ratings[0][2])
    return changes


@pytest.mark.parametrize("seed", range(4))
def test_distance_travelled_matches_first_and_latest_by_hand(seed):
    """Ratings saved in a shuffled order, some at the same moment, some in other areas: every
    period's rows are what comparing each person's first and latest rating gives."""
    chance = random.Random(seed)
    people = [make_young_person() for _ in range(5)]
    slugs = ("job", "happy")
    made = [
        (
            chance.choice(people),
            chance.choice(slugs),
            chance.randint(1, 10),
            day(chance.randint(0, 20)),
        )
        for _ in range(40)
    ]
    chance.shuffle(made)
    saved = []
    for person, slug, score, moment in made:
        save(person, slug, score, moment)
        saved.append((person.id, area(slug).id, score, moment))
    for _ in range(5):
        first, last = sorted(chance.randint(0, 20) for _ in range(2))
        start, end = (day(number).astimezone(LONDON).date() for number in (first, last))
        low, high = report.london_day_bounds(start, end)
        expected = by_hand(saved, low, high)
        for row in report.distance_travelled(start, end, threshold=0):
            changes = expected.get(row.area.id, [])
            assert (row.people.value, row.improved.value, row.same.value, row.lower.value) == (
                len(changes),
                sum(change > 0 for change in changes),
                sum(change == 0 for change in changes),
                sum(change < 0 for change in changes),
            )
            if changes:
                assert row.average_change == round(sum(changes) / len(changes), 1) + 0.0


def test_two_records_merged_make_one_history():
    """A young person counted as two (a record added at the door, then their own): once merged,
    their ratings follow each other as one person's, first to latest."""
    door, own, job = make_young_person(), make_young_person(), area("job").id
    for person, number, score in ((door, 0, 2), (own, 1, 5), (door, 2, 9)):
        db.session.add(Rating(owner_id=person.id, area_id=job, score=score, rated_at=day(number)))
    db.session.commit()
    merging.merge_people(door, into=own, actor=make_admin())
    db.session.commit()
    assert links(own) == [
        (job, 2, None, None, None),
        (job, 5, day(0), 3, day(0)),
        (job, 9, day(1), 4, day(1)),
    ]
    start, end = (moment.astimezone(LONDON).date() for moment in (day(0), day(2)))
    row = row_for(report.distance_travelled(start, end, threshold=0), "job")
    assert (row.people.value, row.improved.value, row.average_change) == (1, 1, 7.0)
