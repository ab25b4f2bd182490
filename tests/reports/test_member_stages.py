"""New members and movement members, worked out from who came when: the stage at the edges of
the programme's point, and every column adding up whatever the history."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.activities.factories import make_activity, make_attendance
from tests.factories import log_in, make_admin, make_young_person
from tests.reports import stages_before
from youthhub.activities.models import Activity, ActivityKind, Attendance
from youthhub.core.errors import DomainError
from youthhub.endings import programme
from youthhub.endings.programme import add_months
from youthhub.extensions import db
from youthhub.reports import activity_table
from youthhub.reports.activity_table import Counts, WhoAttended, who_attended
from youthhub.reports.stages import StageRule, attendance_by_stage
from youthhub.rights import merging
from youthhub.rights.services import erase_person


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def set_point(months, sessions):
    programme.update_settings(
        default_length_months=12,
        programme_ends_on=None,
        reminder_days=[30],
        new_member_months=months,
        new_member_sessions=sessions,
        actor=make_admin(),
    )


def stages_of(person_sessions):
    """Each session's stage, in the order given, as 'new'/'movement'."""
    stages = attendance_by_stage(StageRule.of_programme(), at(2000, 1, 1), at(2100, 1, 1))
    stages = stages.by_activity
    return ["new" if stages[a.id] == (1, 0) else "movement" for a in person_sessions]


def sessions_at(person, *moments):
    activities = [make_activity(starts_at=moment) for moment in moments]
    for activity in activities:
        make_attendance(activity, person)
    return activities


def test_the_sixth_session_is_the_last_as_a_new_member(app):
    set_point(months=None, sessions=6)
    sessions = sessions_at(make_young_person(), *(at(2025, 1, day, 18) for day in range(1, 9)))
    assert stages_of(sessions) == ["new"] * 6 + ["movement"] * 2


def test_three_months_from_the_first_session_to_the_minute(app):
    set_point(months=3, sessions=None)
    first = at(2025, 1, 15, 18)
    sessions = sessions_at(
        make_young_person(),
        first,
        at(2025, 4, 15, 17, 59),  # a minute before three months: still new
        at(2025, 4, 15, 18),  # exactly three months: a movement member
        at(2025, 5, 1, 18),
    )
    assert stages_of(sessions) == ["new", "new", "movement", "movement"]


@pytest.mark.parametrize(
    ("first", "last_new", "first_movement"),
    [
        # 31 January and one month is the last day of February (a leap year's too).
        (at(2025, 1, 31, 10), at(2025, 2, 28, 9, 59), at(2025, 2, 28, 10)),
        (at(2024, 1, 31, 10), at(2024, 2, 29, 9, 59), at(2024, 2, 29, 10)),
        (at(2025, 12, 15, 10), at(2026, 1, 15, 9, 59), at(2026, 1, 15, 10)),  # over a year's end
    ],
)
def test_a_month_from_a_day_the_next_month_lacks(app, first, last_new, first_movement):
    set_point(months=1, sessions=None)
    sessions = sessions_at(make_young_person(), first, last_new, first_movement)
    assert stages_of(sessions) == ["new", "new", "movement"]


def test_whichever_point_comes_first(app):
    set_point(months=3, sessions=2)
    early = sessions_at(make_young_person(), at(2025, 1, 1), at(2025, 1, 2), at(2025, 1, 3))
    set_point(months=3, sessions=2)
    late = sessions_at(make_young_person(), at(2025, 1, 1), at(2025, 6, 1))
    assert stages_of(early) == ["new", "new", "movement"]  # the sessions ran out first
    assert stages_of(late) == ["new", "movement"]  # the months ran out first


def test_a_changed_point_retells_the_whole_history(app):
    sessions = sessions_at(make_young_person(), *(at(2025, 1, day) for day in range(1, 5)))
    set_point(months=12, sessions=3)
    assert stages_of(sessions) == ["new", "new", "new", "movement"]
    set_point(months=12, sessions=1)
    assert stages_of(sessions) == ["new", "movement", "movement", "movement"]


def test_missed_and_cancelled_sessions_do_not_count_towards_the_point(app):
    set_point(months=None, sessions=1)
    person = make_young_person()
    make_attendance(make_activity(starts_at=at(2025, 1, 1)), person, attended=False)
    make_attendance(make_activity(starts_at=at(2025, 1, 2), cancelled_at=at(2025, 1, 1)), person)
    sessions = sessions_at(person, at(2025, 1, 3), at(2025, 1, 4))
    assert stages_of(sessions) == ["new", "movement"]


@pytest.mark.parametrize(
    ("months", "sessions", "message"),
    [
        (None, None, "months, of sessions, or both"),
        (0, 6, "from 1 to 60 months"),
        (3, 501, "from 1 to 500 sessions"),
    ],
)
def test_the_point_must_be_a_sensible_one(app, months, sessions, message):
    with pytest.raises(DomainError, match=message):
        set_point(months, sessions)


def test_the_settings_page_saves_the_point(client):
    log_in(client, make_admin())
    page = client.get("/manage/programme-settings").get_data(as_text=True)
    assert "Months as a new member" in page and "Sessions as a new member" in page
    response = client.post(
        "/manage/programme-settings",
        data={
            "default_length_months": "12",
            "reminder_days": "90, 30, 7",
            "new_member_months": "",
            "new_member_sessions": "4",
        },
        follow_redirects=True,
    )
    assert "Programme settings saved." in response.get_data(as_text=True)
    assert StageRule.of_programme() == StageRule(months=None, sessions=4)


@pytest.mark.parametrize(
    ("counts", "online", "words"),
    [
        (Counts(new_members=2), False, (WhoAttended.NEW_MEMBERS,)),
        (Counts(movement_members=2), False, (WhoAttended.MOVEMENT_MEMBERS,)),
        (Counts(new_members=1, movement_members=1), False, (WhoAttended.NEW_AND_OLD_MEMBERS,)),
        (
            Counts(movement_members=3, professionals=1),
            True,
            (WhoAttended.MOVEMENT_MEMBERS, WhoAttended.PROFESSIONALS, WhoAttended.ONLINE),
        ),
        (
            Counts(unnamed=137, professionals=12),
            False,
            (WhoAttended.YOUNG_PEOPLE, WhoAttended.PROFESSIONALS),
        ),
        (Counts(guests=3), False, ()),
    ],
)
def test_who_attended_in_the_programmes_words(counts, online, words):
    assert who_attended(counts, online=online) == words


def _reference_stages(history, rule):
    """Each (person, activity) attendance's stage, worked out the slow obvious way."""
    stages = {}
    for person, moments in history.items():
        first = moments[0][0]
        cutoff = None
        if rule.months is not None:
            day = add_months(first.date(), rule.months)
            cutoff = datetime.combine(day, first.timetz())
        for number, (moment, activity_id) in enumerate(moments, start=1):
            new = (rule.sessions is None or number <= rule.sessions) and (
                cutoff is None or moment < cutoff
            )
            stages[person, activity_id] = new
    return stages


@pytest.mark.parametrize("seed", range(6))
def test_every_column_adds_up_and_nobody_is_counted_twice(app, seed):
    """Random histories (people, sessions, headcounts, settings): each row's columns add up to
    how many attended, each named young person who came is in exactly one of new and movement,
    matching a slow reference, and months and totals add up their rows."""
    rng = random.Random(seed)
    rule = StageRule(rng.choice([None, 1, 2, 3]), rng.choice([None, 1, 3, 6]))
    if rule == StageRule(None, None):
        rule = StageRule(2, None)
    set_point(rule.months, rule.sessions)
    people = [make_young_person() for _ in range(rng.randint(2, 6))]
    start = at(2024, 1, 1, 10)
    activities = []
    for number in range(rng.randint(5, 20)):
        activity = Activity(
            title=f"Session {number}",
            kind=ActivityKind.MEETING,
            starts_at=start + timedelta(days=rng.randint(0, 200), hours=rng.randint(0, 10)),
            ends_at=start + timedelta(days=300),
            professionals_count=rng.choice([0, 0, 2]),
            guests_count=rng.choice([0, 1]),
            unnamed_young_people=rng.choice([0, 0, 0, 40]),
        )
        activities.append(activity)
    db.session.add_all(activities)
    db.session.flush()
    came = {}
    for activity in activities:
        for person in rng.sample(people, rng.randint(0, len(people))):
            attended = rng.random() < 0.85
            db.session.add(
                Attendance(activity_id=activity.id, person_id=person.id, attended=attended)
            )
            if attended:
                came.setdefault(activity.id, []).append(person.id)
    db.session.commit()

    history = {}
    for activity in sorted(activities, key=lambda a: (a.starts_at, a.id)):
        for person_id in came.get(activity.id, []):
            history.setdefault(person_id, []).append((activity.starts_at, activity.id))
    expected = _reference_stages(history, rule)

    table = activity_table.build(date(2024, 1, 1), date(2024, 12, 31))
    rows = [row for month in table.months for row in month.rows]
    assert len(rows) == len(activities)
    for row in rows:
        counts, activity = row.counts, row.activity
        named = came.get(activity.id, [])
        new = sum(expected[person, activity.id] for person in named)
        assert (counts.new_members, counts.movement_members) == (new, len(named) - new)
        assert counts.attended == (
            counts.new_members
            + counts.movement_members
            + counts.unnamed
            + counts.professionals
            + counts.guests
        )
        assert counts.attended == (
            len(named)
            + activity.unnamed_young_people
            + activity.professionals_count
            + activity.guests_count
        )
    for month in table.months:
        summed = Counts()
        for row in month.rows:
            summed.add(row.counts)
        assert summed == month.subtotal
    summed = Counts()
    for month in table.months:
        summed.add(month.subtotal)
    assert summed == table.totals
    assert table.attendances == sum(map(len, came.values())) + sum(
        a.unnamed_young_people for a in activities
    )
    assert table.reach == len(history)  # headcounts are never in reach


RULES = [StageRule(3, 6), StageRule(None, 1), StageRule(1, None), StageRule(12, 500)]


def _built_programme(rng) -> tuple[list, list]:
    """People and activities over two years: some at the same moment, some cancelled, a few
    still to come; everyone's register marked at random, some as not coming."""
    people = [make_young_person() for _ in range(8)]
    moments = [at(2024, 1, 1, 10) + timedelta(days=rng.randint(0, 700)) for _ in range(40)]
    moments += rng.sample(moments, 6)  # two activities at one moment: the earlier id comes first
    activities = [
        Activity(
            title="Session",
            kind=ActivityKind.MEETING,
            starts_at=moment + timedelta(hours=rng.choice([0, 0, 5, 13])),
            ends_at=moment + timedelta(hours=20),
            cancelled_at=at(2023, 12, 1) if rng.random() < 0.1 else None,
        )
        for moment in moments
    ]
    db.session.add_all(activities)
    db.session.flush()
    for activity in activities:
        for person in rng.sample(people, rng.randint(0, 5)):
            db.session.add(
                Attendance(
                    activity_id=activity.id, person_id=person.id, attended=rng.random() < 0.85
                )
            )
    db.session.commit()
    return people, activities


def _both_agree():
    """The kept numbers give every period, under every point, the stages and reach the whole
    history gave."""
    periods = [
        (at(2000, 1, 1), at(2100, 1, 1)),
        (at(2024, 1, 1), at(2025, 1, 1)),
        (at(2025, 3, 1), at(2025, 4, 1)),
        (at(2024, 7, 9, 12), at(2025, 11, 30)),
    ]
    for rule in RULES:
        for low, high in periods:
            assert attendance_by_stage(rule, low, high) == stages_before.attendance_by_stage(
                rule, low, high
            ), (rule, low, high)


@pytest.mark.parametrize("seed", range(3))
def test_the_kept_numbers_give_the_stages_the_whole_history_gave(app, seed):
    """Old (every history read, `stages_before`) and new (each attendance's kept place in its
    history) agree on built data, and still agree after every way the register changes."""
    rng = random.Random(200 + seed)
    people, activities = _built_programme(rng)
    _both_agree()

    marks = db.session.scalars(select(Attendance)).all()
    for row in rng.sample(marks, 5):
        row.attended = not row.attended  # marked and unmarked
    db.session.commit()
    _both_agree()

    rng.choice(activities).cancelled_at = at(2025, 1, 1)
    rng.choice(activities).starts_at = at(2023, 6, 1, 9)  # moved before everyone's first
    rng.choice(activities).starts_at += timedelta(days=40)
    db.session.commit()
    _both_agree()

    admin = make_admin()
    merging.merge_people(people[0], into=people[1], actor=admin)
    db.session.commit()
    erase_person(people[2], actor=admin)
    db.session.commit()
    _both_agree()
