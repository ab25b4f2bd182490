"""Activity rules, tested through the services that enforce them."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from tests.activities.factories import (
    make_activity,
    make_attendance,
    make_booking,
    make_group,
    make_member,
)
from tests.factories import make_admin, make_worker, make_young_person
from youthhub.activities import publishing, register, services
from youthhub.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    AudienceTag,
    Booking,
    BookingStatus,
)
from youthhub.activities.publishing import ActivityDetails
from youthhub.activities.services import ActivityFull
from youthhub.core.audit import AuditEntry
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db
from youthhub.notices.models import Notice
from youthhub.payments.rates import ensure_default_rate_card


def details(**overrides) -> ActivityDetails:
    starts = overrides.pop("starts_at", utcnow() + timedelta(days=2))
    values = {
        "title": "Pizza and plans",
        "kind": ActivityKind.MEAL,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "The Hub, 1 High Street",
        "capacity": 10,
        "audience": [AudienceTag.OPEN_TO_ALL],
    }
    values.update(overrides)
    return ActivityDetails(**values)


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def notices_for(person) -> list[str]:
    return list(db.session.scalars(select(Notice.text).where(Notice.recipient_id == person.id)))


def statuses(activity) -> dict[int, BookingStatus]:
    rows = db.session.execute(
        select(Booking.person_id, Booking.status).where(Booking.activity_id == activity.id)
    )
    return dict(rows.all())


class TestPublishing:
    def test_a_worker_publishes_an_activity(self, app):
        worker = make_worker()
        [activity] = publishing.create_activities(details(), actor=worker)
        db.session.commit()
        assert activity.title == "Pizza and plans"
        assert activity.audience == [AudienceTag.OPEN_TO_ALL]
        assert activity.series_key is None
        assert db.session.scalar(select(AuditEntry.action)) == "activity.created"

    def test_a_young_person_who_leads_no_group_cannot_publish(self, app):
        with pytest.raises(NotAllowed):
            publishing.create_activities(details(), actor=make_young_person())

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"title": "  "}, "Give the activity a name."),
            ({"capacity": 0}, "Places need to be 1 or more"),
            ({"booking_closes_hours": -1}, "Bookings can close between"),
            ({"is_paid_role": True}, "Say what kind of contribution"),
            ({"online_link": "javascript://x.org/%0aalert(1)"}, "Enter a full web address"),
        ],
    )
    def test_bad_details_are_refused(self, app, change, message):
        with pytest.raises(DomainError, match=message):
            publishing.create_activities(details(**change), actor=make_worker())

    def test_the_end_must_come_after_the_start(self, app):
        start = utcnow() + timedelta(days=1)
        with pytest.raises(DomainError, match="finish time"):
            publishing.create_activities(
                details(starts_at=start, ends_at=start), actor=make_worker()
            )

    def test_a_weekly_series_keeps_the_london_clock_time_across_the_clock_change(self, app):
        # British Summer Time starts on Sunday 28 March 2027.
        start = london(2027, 3, 18, 18, 0)
        created = publishing.create_activities(
            details(starts_at=start, ends_at=start + timedelta(hours=2)),
            actor=make_worker(),
            repeat="weekly",
            sessions=3,
        )
        local = [a.starts_at.astimezone(LONDON) for a in created]
        assert [(t.month, t.day, t.hour) for t in local] == [(3, 18, 18), (3, 25, 18), (4, 1, 18)]
        assert [a.starts_at.hour for a in created] == [18, 18, 17]  # UTC moves, London does not
        assert [a.ends_at - a.starts_at for a in created] == [timedelta(hours=2)] * 3
        assert len({a.series_key for a in created}) == 1
        assert created[0].series_key is not None

    def test_a_fortnightly_series_is_separate_activities_two_weeks_apart(self, app):
        start = london(2027, 1, 5, 10, 0)
        created = publishing.create_activities(
            details(starts_at=start, ends_at=start + timedelta(hours=1)),
            actor=make_worker(),
            repeat="fortnightly",
            sessions=4,
        )
        gaps = {b.starts_at - a.starts_at for a, b in itertools.pairwise(created)}
        assert gaps == {timedelta(weeks=2)}
        assert len({a.id for a in created}) == 4

    def test_one_session_of_a_series_can_be_changed_alone(self, app):
        worker = make_worker()
        first, second = publishing.create_activities(
            details(), actor=worker, repeat="weekly", sessions=2
        )
        publishing.update_activity(second, details(title="Special one"), actor=worker)
        assert (first.title, second.title) == ("Pizza and plans", "Special one")

    @pytest.mark.parametrize("sessions", [0, 53])
    def test_a_series_has_a_sensible_length(self, app, sessions):
        with pytest.raises(DomainError, match="1 to 52"):
            publishing.create_activities(
                details(), actor=make_worker(), repeat="weekly", sessions=sessions
            )

    def test_only_staff_set_up_paid_roles(self, app):
        group, lead = make_group(), make_young_person()
        make_member(group, lead, lead=True)
        paid = details(group=group, is_paid_role=True, contribution_kind="Youth panel")
        with pytest.raises(NotAllowed, match="paid role"):
            publishing.create_activities(paid, actor=lead)
        [activity] = publishing.create_activities(paid, actor=make_admin())
        assert activity.is_paid_role and activity.contribution_kind == "Youth panel"


class TestBooking:
    def test_a_young_person_books_a_place(self, app):
        activity, young = make_activity(capacity=2), make_young_person()
        booking = services.book_activity(activity, actor=young)
        assert booking.status == BookingStatus.BOOKED
        assert services.places_left(activity) == 1

    def test_booking_twice_is_refused(self, app):
        activity, young = make_activity(), make_young_person()
        services.book_activity(activity, actor=young)
        with pytest.raises(DomainError, match="already booked"):
            services.book_activity(activity, actor=young)
        assert db.session.scalar(select(func.count(Booking.id))) == 1

    def test_staff_do_not_book(self, app):
        with pytest.raises(NotAllowed):
            services.book_activity(make_activity(), actor=make_worker())

    def test_when_full_the_waiting_list_is_offered(self, app):
        activity = make_activity(capacity=1)
        services.book_activity(activity, actor=make_young_person())
        second = make_young_person()
        with pytest.raises(ActivityFull, match="waiting list"):
            services.book_activity(activity, actor=second)
        booking = services.book_activity(activity, actor=second, waiting_list=True)
        assert booking.status == BookingStatus.WAITLISTED

    def test_asking_for_the_waiting_list_when_places_are_free_books_a_place(self, app):
        booking = services.book_activity(
            make_activity(capacity=3), actor=make_young_person(), waiting_list=True
        )
        assert booking.status == BookingStatus.BOOKED

    def test_unlimited_places_never_fill(self, app):
        activity = make_activity(capacity=None)
        for _ in range(5):
            services.book_activity(activity, actor=make_young_person())
        assert services.places_left(activity) is None

    def test_bookings_close_the_set_time_before_the_start(self, app):
        activity = make_activity(starts_in=timedelta(hours=3), booking_closes_hours=4)
        with pytest.raises(DomainError, match="Booking closed at"):
            services.book_activity(activity, actor=make_young_person())
        open_one = make_activity(starts_in=timedelta(hours=3), booking_closes_hours=2)
        assert services.book_activity(open_one, actor=make_young_person()).id

    def test_started_and_cancelled_activities_cannot_be_booked(self, app):
        started = make_activity(starts_in=timedelta(minutes=-5))
        with pytest.raises(DomainError, match="already started"):
            services.book_activity(started, actor=make_young_person())
        cancelled = make_activity(cancelled_at=utcnow())
        with pytest.raises(DomainError, match="cancelled"):
            services.book_activity(cancelled, actor=make_young_person())

    def test_an_overlapping_booking_is_refused_naming_the_clash(self, app):
        young = make_young_person()
        start = utcnow() + timedelta(days=4)
        first = make_activity(title="Bowling", starts_at=start, hours=2)
        services.book_activity(first, actor=young)
        overlapping = make_activity(title="Cinema", starts_at=start + timedelta(hours=1))
        with pytest.raises(DomainError, match="same time as Bowling"):
            services.book_activity(overlapping, actor=young)
        back_to_back = make_activity(starts_at=start + timedelta(hours=2))
        assert services.book_activity(back_to_back, actor=young).status == BookingStatus.BOOKED

    def test_a_waiting_list_place_counts_as_a_clash_but_a_cancelled_one_does_not(self, app):
        young = make_young_person()
        start = utcnow() + timedelta(days=4)
        waiting = make_activity(starts_at=start, capacity=1)
        services.book_activity(waiting, actor=make_young_person())
        services.book_activity(waiting, actor=young, waiting_list=True)
        other = make_activity(starts_at=start)
        with pytest.raises(DomainError, match="same time"):
            services.book_activity(other, actor=young)
        services.cancel_booking(waiting, actor=young)
        assert services.book_activity(other, actor=young).status == BookingStatus.BOOKED

    def test_a_cancelled_activity_is_not_a_clash(self, app):
        young = make_young_person()
        start = utcnow() + timedelta(days=4)
        first = make_activity(starts_at=start)
        make_booking(first, young)
        first.cancelled_at = utcnow()
        db.session.commit()
        assert services.book_activity(make_activity(starts_at=start), actor=young).id

    def test_cancelling_and_booking_again_reuses_the_one_booking(self, app):
        activity, young = make_activity(), make_young_person()
        services.book_activity(activity, actor=young)
        services.cancel_booking(activity, actor=young)
        services.book_activity(activity, actor=young)
        assert statuses(activity) == {young.id: BookingStatus.BOOKED}

    def test_cancelling_without_a_booking_or_after_the_start_is_refused(self, app):
        young = make_young_person()
        with pytest.raises(DomainError, match="not booked"):
            services.cancel_booking(make_activity(), actor=young)
        started = make_activity(starts_in=timedelta(minutes=-1))
        make_booking(started, young)
        with pytest.raises(DomainError, match="already started"):
            services.cancel_booking(started, actor=young)


class TestWaitingList:
    def full_activity_with_queue(self, waiting: int):
        activity = make_activity(capacity=1, title="Ice skating")
        first = make_young_person()
        services.book_activity(activity, actor=first)
        queue = []
        for minutes in range(waiting):
            person = make_young_person()
            make_booking(
                activity,
                person,
                BookingStatus.WAITLISTED,
                queued_at=utcnow() - timedelta(minutes=30 - minutes),
            )
            queue.append(person)
        return activity, first, queue

    def test_a_cancellation_promotes_the_first_person_waiting_and_tells_them(self, app):
        activity, first, queue = self.full_activity_with_queue(3)
        services.cancel_booking(activity, actor=first)
        db.session.commit()
        assert statuses(activity) == {
            first.id: BookingStatus.CANCELLED,
            queue[0].id: BookingStatus.BOOKED,
            queue[1].id: BookingStatus.WAITLISTED,
            queue[2].id: BookingStatus.WAITLISTED,
        }
        [notice] = notices_for(queue[0])
        assert "A place came up at Ice skating" in notice
        assert notices_for(queue[1]) == []

    def test_promotion_follows_the_order_people_joined(self, app):
        activity, first, queue = self.full_activity_with_queue(3)
        services.cancel_booking(activity, actor=first)
        services.cancel_booking(activity, actor=queue[0])
        assert statuses(activity)[queue[1].id] == BookingStatus.BOOKED
        assert statuses(activity)[queue[2].id] == BookingStatus.WAITLISTED

    def test_leaving_the_waiting_list_promotes_nobody(self, app):
        activity, _first, queue = self.full_activity_with_queue(2)
        services.cancel_booking(activity, actor=queue[0])
        assert statuses(activity)[queue[1].id] == BookingStatus.WAITLISTED

    def test_raising_the_places_promotes_that_many_in_order(self, app):
        activity, _first, queue = self.full_activity_with_queue(3)
        worker = make_worker()
        publishing.update_activity(
            activity, details(**self.same(activity), capacity=3), actor=worker
        )
        db.session.commit()
        assert [statuses(activity)[p.id] for p in queue] == [
            BookingStatus.BOOKED,
            BookingStatus.BOOKED,
            BookingStatus.WAITLISTED,
        ]

    def test_removing_the_limit_promotes_everyone(self, app):
        activity, _first, queue = self.full_activity_with_queue(2)
        publishing.update_activity(
            activity, details(**self.same(activity), capacity=None), actor=make_worker()
        )
        assert {statuses(activity)[p.id] for p in queue} == {BookingStatus.BOOKED}

    def test_places_cannot_go_below_the_number_booked(self, app):
        activity = make_activity(capacity=3)
        for _ in range(2):
            services.book_activity(activity, actor=make_young_person())
        with pytest.raises(DomainError, match="2 people are booked already"):
            publishing.update_activity(
                activity, details(**self.same(activity), capacity=1), actor=make_worker()
            )

    @staticmethod
    def same(activity: Activity) -> dict:
        return {
            "title": activity.title,
            "starts_at": activity.starts_at,
            "ends_at": activity.ends_at,
        }


class TestCancellingAnActivity:
    def test_everyone_booked_or_waiting_is_told_and_nothing_is_deleted(self, app, smtp_inbox):
        activity = make_activity(capacity=1, title="Theatre trip")
        booked, waiting, gone = make_young_person(), make_young_person(), make_young_person()
        make_booking(activity, booked)
        make_booking(activity, waiting, BookingStatus.WAITLISTED)
        make_booking(activity, gone, BookingStatus.CANCELLED)

        publishing.cancel_activity(activity, actor=make_worker(), reason="The theatre closed")
        db.session.commit()

        assert activity.is_cancelled and activity.cancel_reason == "The theatre closed"
        assert len(statuses(activity)) == 3
        for person in (booked, waiting):
            assert any(
                "Theatre trip" in text and "cancelled" in text for text in notices_for(person)
            )
        assert notices_for(gone) == []
        assert sorted(m["To"] for m in smtp_inbox.messages) == sorted([booked.email, waiting.email])
        assert "Theatre trip" in smtp_inbox.body()

    def test_attendance_is_kept_when_an_activity_is_cancelled(self, app):
        activity, young = make_activity(starts_in=timedelta(hours=1)), make_young_person()
        make_attendance(activity, young)
        publishing.cancel_activity(activity, actor=make_worker())
        assert db.session.scalar(select(func.count(Attendance.id))) == 1

    def test_cancelling_twice_tells_people_once(self, app):
        activity, young, worker = make_activity(), make_young_person(), make_worker()
        make_booking(activity, young)
        publishing.cancel_activity(activity, actor=worker)
        publishing.cancel_activity(activity, actor=worker)
        assert len(notices_for(young)) == 1

    def test_a_past_activity_cannot_be_cancelled(self, app):
        past = make_activity(starts_in=timedelta(days=-2))
        with pytest.raises(DomainError, match="already happened"):
            publishing.cancel_activity(past, actor=make_worker())

    def test_changing_the_time_tells_people_booked(self, app):
        activity, young = make_activity(title="Kiln workshop"), make_young_person()
        make_booking(activity, young)
        later = activity.starts_at + timedelta(hours=1)
        publishing.update_activity(
            activity,
            details(title=activity.title, starts_at=later, ends_at=later + timedelta(hours=1)),
            actor=make_worker(),
        )
        [notice] = notices_for(young)
        assert "Kiln workshop has changed" in notice

    def test_notices_are_written_in_the_recipients_language(self, app):
        activity, young = make_activity(title="Bowlio"), make_young_person(locale="cy")
        make_booking(activity, young)
        publishing.cancel_activity(activity, actor=make_worker())
        [notice] = notices_for(young)
        assert "Bowlio" in notice
        assert "cancelled" not in notice


class TestRegister:
    def today_activity(self, **fields):
        now = datetime.now(LONDON)
        start = now.replace(hour=0, minute=1) if now.hour > 0 else now
        return make_activity(starts_at=start.astimezone(UTC), **fields)

    def test_saving_the_register_twice_gives_the_same_result(self, app):
        activity, worker = self.today_activity(), make_worker()
        came, missed = make_young_person(), make_young_person()
        make_booking(activity, came)
        make_booking(activity, missed)
        for _ in range(2):
            register.save_register(
                activity,
                actor=worker,
                marks={came.id: True, missed.id: False},
                professionals=3,
                guests=1,
            )
            db.session.commit()
        rows = dict(db.session.execute(select(Attendance.person_id, Attendance.attended)).all())
        assert rows == {came.id: True, missed.id: False}
        assert (activity.professionals_count, activity.guests_count) == (3, 1)

    def test_a_walk_in_is_added_and_counted(self, app):
        activity, worker, walker = self.today_activity(), make_worker(), make_young_person()
        register.add_walk_in(activity, walker, actor=worker)
        register.add_walk_in(activity, walker, actor=worker)
        [row] = db.session.scalars(select(Attendance)).all()
        assert row.attended and row.walk_in

    def test_only_people_on_the_register_can_be_marked(self, app):
        activity = self.today_activity()
        with pytest.raises(DomainError, match="isn't booked"):
            register.save_register(
                activity,
                actor=make_worker(),
                marks={make_young_person().id: True},
                professionals=0,
                guests=0,
            )

    def test_the_register_opens_on_the_day(self, app):
        tomorrow = make_activity(starts_in=timedelta(days=2))
        with pytest.raises(DomainError, match="opens on the day"):
            register.save_register(
                tomorrow, actor=make_worker(), marks={}, professionals=0, guests=0
            )

    def test_a_cancelled_activity_has_no_register(self, app):
        activity = self.today_activity(cancelled_at=utcnow())
        with pytest.raises(DomainError, match="cancelled"):
            register.add_walk_in(activity, make_young_person(), actor=make_worker())

    def test_headcounts_must_be_sensible(self, app):
        with pytest.raises(DomainError, match="0 to 10000"):
            register.save_register(
                self.today_activity(), actor=make_worker(), marks={}, professionals=-1, guests=0
            )

    def test_staff_are_not_walk_ins(self, app):
        with pytest.raises(DomainError, match="Only young people"):
            register.add_walk_in(self.today_activity(), make_worker(), actor=make_worker())

    def test_paid_role_attendance_goes_through_the_seam_once_per_change(self, app):
        ensure_default_rate_card()  # payments answers the seam with claims, priced from it
        activity = self.today_activity(is_paid_role=True, contribution_kind="Panel")
        worker, young, absent = make_worker(), make_young_person(), make_young_person()
        make_booking(activity, young)
        make_booking(activity, absent)
        heard = []

        def listener(sender, **kwargs):
            heard.append((sender.id, kwargs["changes"]))

        register.paid_role_attendance.connect(listener)
        try:
            for attended in (True, True, False):
                marks = {young.id: attended, absent.id: False}
                register.save_register(
                    activity, actor=worker, marks=marks, professionals=0, guests=0
                )
        finally:
            register.paid_role_attendance.disconnect(listener)
        assert heard == [(activity.id, {young.id: True}), (activity.id, {young.id: False})]
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "activity.paid_role_attendance")
        ).all()
        assert len(actions) == 2

    def test_a_group_lead_takes_their_own_groups_register_only(self, app):
        group, other = make_group(), make_group()
        lead, young = make_young_person(), make_young_person()
        make_member(group, lead, lead=True)
        mine = self.today_activity(group=group)
        theirs = self.today_activity(group=other)
        make_booking(mine, young)
        register.save_register(mine, actor=lead, marks={young.id: True}, professionals=0, guests=0)
        with pytest.raises(NotAllowed):
            register.save_register(theirs, actor=lead, marks={}, professionals=0, guests=0)
        with pytest.raises(NotAllowed):
            register.save_register(
                self.today_activity(), actor=lead, marks={}, professionals=0, guests=0
            )


class TestCalendarFeed:
    def test_the_feed_token_can_be_reset_and_the_old_one_stops_working(self, app):
        young = make_young_person()
        old = services.feed_address_token(services.calendar_feed_for(young))
        assert services.find_feed_owner(old) == young
        new = services.feed_address_token(services.reset_calendar_feed(actor=young))
        assert new != old
        assert services.find_feed_owner(old) is None
        assert services.find_feed_owner(new) == young

    def test_what_the_database_holds_opens_no_feed_on_its_own(self, app):
        feed = services.calendar_feed_for(make_young_person())
        assert services.find_feed_owner(feed.token) is None
        forged = URLSafeSerializer("another-secret-key", salt="calendar-feed").dumps(feed.token)
        assert services.find_feed_owner(forged) is None

    def test_unknown_or_silly_tokens_find_nobody(self, app):
        assert services.find_feed_owner("") is None
        assert services.find_feed_owner("x" * 500) is None
