"""Saving a paid role's register: one transaction (all or nothing, with a clear message, and
what was marked kept on the page), in the same number of queries however many people came."""

from datetime import UTC, datetime, timedelta
from html import unescape

from sqlalchemy import func, select

from tests.activities.factories import make_activity, make_booking
from tests.factories import log_in, make_young_person, password_hash_for
from tests.support.queries import count_queries
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.activities.models import Attendance, Booking, BookingStatus
from youthhub.core.audit import AuditEntry
from youthhub.core.time import LONDON, london_today
from youthhub.extensions import db
from youthhub.payments.models import (
    ClaimStatus,
    Contribution,
    ContributionKind,
    PaymentChoice,
    PaymentProfile,
    Rate,
)


def paid_role_today(**fields):
    noon = datetime.now(LONDON).replace(hour=12, minute=0, second=0, microsecond=0)
    fields.setdefault("contribution_kind", "Youth panel member")
    return make_activity(starts_at=noon.astimezone(UTC), hours=2, is_paid_role=True, **fields)


def count(model, **where) -> int:
    query = select(func.count()).select_from(model).filter_by(**where)
    return db.session.scalar(query)


def test_a_refusal_half_way_saves_nothing_and_keeps_what_was_marked(client, cast):
    """Marks are written before claims are made: when no claim can be made (no rate for this
    kind of work on the day), the attendance, the counts and every claim go back together."""
    mentoring = ContributionKind(code="mentoring", name="Mentoring", position=20)
    tomorrow = london_today() + timedelta(days=1)
    mentoring.rates = [Rate(effective_from=tomorrow, hourly_pence=1500, minimum_pence=0)]
    db.session.add(mentoring)
    db.session.commit()
    activity = paid_role_today(contribution_kind="Mentoring")
    came, absent = cast.young, cast.teen
    for person in (came, absent):
        make_booking(activity, person)
    log_in(client, cast.worker)
    form = {
        f"came-{came.id}": "yes",
        f"came-{absent.id}": "no",
        "professionals": "4",
        "guests": "2",
    }

    response = client.post(f"/activities/{activity.id}/register", data=form)

    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "Nothing was saved: there's no rate for Mentoring on" in page
    assert f'id="came-{came.id}-yes" name="came-{came.id}" value="yes" checked' in page
    assert f'id="came-{absent.id}-no" name="came-{absent.id}" value="no" checked' in page
    assert 'value="4"' in page and 'value="2"' in page
    db.session.expire_all()
    assert (activity.professionals_count, activity.guests_count) == (0, 0)
    assert activity.register_taken_at is None
    assert count(Attendance) == count(Contribution) == 0
    assert count(AuditEntry, action="activity.paid_role_attendance") == 0
    assert count(AuditEntry, action="register.saved") == 0


def test_with_no_rate_card_at_all_the_save_is_refused_saying_so(client, cast):
    db.session.execute(Rate.__table__.delete())
    db.session.execute(ContributionKind.__table__.delete())
    db.session.commit()
    activity = paid_role_today()
    make_booking(activity, cast.young)
    log_in(client, cast.worker)
    response = client.post(
        f"/activities/{activity.id}/register", data={f"came-{cast.young.id}": "yes"}
    )
    assert "the rate card is empty" in unescape(response.get_data(as_text=True))
    assert count(Attendance) == 0


class Room:
    """A paid role today with `size` young people: half booked and came, a quarter booked and
    absent, a quarter walk-ins already on the register (first marked as gone, so saving changes
    their row rather than adding one); a third of them like to be paid through Stripe."""

    def __init__(self, size: int):
        self.activity = paid_role_today()
        hashed = password_hash_for("not used")
        people = [
            User(
                email=f"room{self.activity.id}-{number}@youthhub.example",
                preferred_name=f"Sam {number}",
                password_hash=hashed,
                role_grants=[RoleGrant(role=Role.YOUNG_PERSON)],
            )
            for number in range(size)
        ]
        db.session.add_all(people)
        db.session.flush()
        walk_ins = people[: size // 4]
        for person in people[size // 4 :]:
            db.session.add(self._booking(person))
        for person in walk_ins:
            row = Attendance(
                activity_id=self.activity.id, person_id=person.id, attended=False, walk_in=True
            )
            db.session.add(row)
        for person in people[::3]:
            profile = PaymentProfile(user_id=person.id, default_choice=PaymentChoice.STRIPE)
            db.session.add(profile)
        db.session.commit()
        absent = {person.id for person in people[size // 4 : size // 2]}
        self.marks = {person.id: person.id not in absent for person in people}
        self.came = len(people) - len(absent)

    def _booking(self, person):
        return Booking(
            activity_id=self.activity.id, person_id=person.id, status=BookingStatus.BOOKED
        )

    def save(self, client, marks) -> int:
        form = {f"came-{person}": "yes" if came else "no" for person, came in marks.items()}
        with count_queries(db.engine) as statements:
            response = client.post(f"/activities/{self.activity.id}/register", data=form)
        assert response.status_code == 302, unescape(response.get_data(as_text=True))
        return len(statements)

    def claims(self, status) -> int:
        return count(Contribution, activity_id=self.activity.id, status=status)


def test_saving_a_paid_roles_register_runs_the_same_queries_for_5_or_50_people(client, cast):
    log_in(client, cast.worker)
    queries = {}
    for size in (5, 50):
        room = Room(size)
        taking = room.save(client, room.marks)
        assert room.claims(ClaimStatus.SUBMITTED) == room.came
        # Corrected: nobody came after all, so every claim waiting for approval is cancelled.
        correcting = room.save(client, dict.fromkeys(room.marks, False))
        assert room.claims(ClaimStatus.CANCELLED) == room.came
        queries[size] = (taking, correcting)
    assert queries[5] == queries[50]
    taking, correcting = queries[50]
    # Up to nine of them recount who came when and number their sessions again
    # (`activities/visits.py`, `session_numbers.py`), once per save.
    assert taking <= 29 and correcting <= 20


def test_saving_the_same_marks_again_makes_no_new_claims(client, cast):
    """Saving again with the same marks makes nothing new, however the people were loaded."""
    activity = paid_role_today()
    walker = make_young_person(name="Wil")
    make_booking(activity, cast.young)
    log_in(client, cast.worker)
    client.post(f"/activities/{activity.id}/register/walk-in/{walker.id}")
    marks = {f"came-{cast.young.id}": "yes", f"came-{walker.id}": "yes"}
    for _ in range(2):
        assert client.post(f"/activities/{activity.id}/register", data=marks).status_code == 302
    assert count(Contribution, status=ClaimStatus.SUBMITTED) == 2
