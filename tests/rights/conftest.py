"""A young person with data in every domain, each text planted with a marker of its own, so a
test can scan a download or the whole database for it."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from tests.activities.factories import (
    make_activity,
    make_attendance,
    make_booking,
    make_group,
    make_member,
)
from tests.factories import (
    in_a_request,
    make_admin,
    make_approved_claim,
    make_claim,
    make_finance,
    make_worker,
    make_young_person,
)
from tests.goals.factories import make_comment, make_goal, make_rating
from youthhub.accounts import equality
from youthhub.activities import services as activity_services
from youthhub.core.time import london_today
from youthhub.endings import services as endings
from youthhub.endings.models import PLAN_FIELDS
from youthhub.extensions import db
from youthhub.goals import services_ratings
from youthhub.goals.models import Win, WinKind
from youthhub.notices.models import Notice
from youthhub.payments import choices
from youthhub.payments import services as payment_services
from youthhub.payments.models import PaymentChoice, PaymentMethod
from youthhub.rights import services as rights
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.services import log_support


@dataclass
class Planted:
    person: object
    texts: list[str] = field(default_factory=list)
    claims: list = field(default_factory=list)
    certificate: object = None

    def mark(self, what: str) -> str:
        text = f"zq{self.person.id}{what}qz"
        self.texts.append(text)
        return text


@dataclass
class Staff:
    worker: object
    finance: object
    admin: object


@pytest.fixture
def staff(app) -> Staff:
    return Staff(make_worker(name="Sam Worker"), make_finance(name="Fin Ance"), make_admin())


def plant_everything(staff: Staff, tag: str) -> Planted:
    """A graduated young person with data in every domain; every text they or staff wrote
    about them carries a marker."""
    person = make_young_person(
        name=f"Name{tag}", email=f"{tag}@youthhub.example", pronouns=f"pro{tag}"
    )
    person.key_worker_id = staff.worker.id
    db.session.commit()
    planted = Planted(person)
    planted.texts += [person.preferred_name, person.email, person.pronouns]
    # Activities: a booking, a register they came to, a calendar link; a group they lead.
    past = make_activity(starts_in=-timedelta(days=2), title=f"Past {tag}")
    make_booking(past, person)
    make_attendance(past, person)
    make_booking(make_activity(title=f"Future {tag}"), person)
    activity_services.calendar_feed_for(person)
    make_member(make_group(f"Group {tag}"), person, lead=True)
    # Goals, steps, a worker's comment, a rating with a note, a win, a get-in-touch request.
    goal = make_goal(
        person,
        title=planted.mark("goaltitle"),
        notes=planted.mark("goalnotes"),
        steps=[planted.mark("step")],
        shared_with=staff.worker,
    )
    make_comment(goal, staff.worker, body=planted.mark("comment"))
    make_rating(person, 7, note=planted.mark("ratingnote"))
    db.session.add(
        Win(owner_id=person.id, kind=WinKind.STEP_DONE, goal_id=goal.id, label=planted.mark("win"))
    )
    services_ratings.ask_worker_to_get_in_touch(actor=person)
    db.session.add(Notice(recipient_id=person.id, text=planted.mark("notice")))
    # Support given: a journey bag, logged by their worker.
    log_support(person, ensure_default_kinds()[0], actor=staff.worker)
    # "About you": equality answers, kept apart from the profile.
    equality.save_answers(person, {"ethnicity": "white-roma", "parent": "yes"}, actor=person)
    db.session.commit()
    # Money: one claim paid, one still waiting; a default payment choice.
    paid = make_approved_claim(person, staff.worker, description=planted.mark("claimpaid"))
    with in_a_request():
        payment_services.record_payment(
            paid,
            actor=staff.finance,
            method=PaymentMethod.BANK_TRANSFER,
            paid_on=london_today(),
            reference="BACS-1",
        )
        choices.set_default_choice(person, PaymentChoice.BANK_TRANSFER, actor=person)
        db.session.commit()
    planted.claims = [paid]
    # Ending: a plan, their printed name, graduation and a certificate.
    ending = endings.ending_for(person)
    endings.update_plan(
        ending, actor=person, **{name: planted.mark(name.replace("_", "")) for name in PLAN_FIELDS}
    )
    endings.choose_certificate_details(
        ending, printed_name=planted.mark("printed"), highlight_keys=[], actor=person
    )
    endings.record_graduation(ending, graduated_on=london_today(), actor=staff.worker)
    with in_a_request():
        planted.certificate = endings.issue_certificate(ending, actor=staff.worker)
    db.session.commit()
    return planted


def ask_and_hold(planted: Planted, staff: Staff):
    """They asked to be erased; an admin held it with a reason."""
    ask = rights.ask_to_be_erased(actor=planted.person)
    rights.hold_request(ask, reason=planted.mark("holdreason"), actor=staff.admin)
    db.session.commit()
    return ask


@pytest.fixture
def everywhere(staff) -> Planted:
    return plant_everything(staff, "alex")


@pytest.fixture
def someone_else(staff) -> Planted:
    return plant_everything(staff, "bo")


def make_waiting_claim(person):
    return make_claim(person, description="still waiting")
