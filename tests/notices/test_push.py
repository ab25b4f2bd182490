"""Notifications on phones, tried against a push service of our own on 127.0.0.1: what
arrives is encrypted for that subscription alone (RFC 8291), signed with the programme's VAPID
key (RFC 8292), and holds nothing about anyone; the words come from the app to the signed-in
recipient only."""

import json
import time
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.activities.factories import make_activity, make_booking
from tests.factories import log_in, make_worker, make_young_person
from tests.support.push_service import PushService, vapid_claims
from tests.support.queries import count_queries
from youthhub.activities.models import BookingStatus
from youthhub.activities.reminders import send_session_reminders_command
from youthhub.core.text import N_
from youthhub.core.transaction import run_after_commit
from youthhub.extensions import db
from youthhub.notices import push
from youthhub.notices.models import Notice
from youthhub.notices.push_models import PushSubscription
from youthhub.notices.services import notify


@pytest.fixture(scope="module")
def push_service_server():
    service = PushService().start()
    yield service
    service.stop()


@pytest.fixture
def push_service(push_service_server):
    push_service_server.reset()
    return push_service_server


def turn_on(client, browser):
    return client.post(
        "/notices/phone/on",
        data=json.dumps(browser.subscription),
        content_type="application/json",
        headers={
            "X-CSRFToken": client.csrf_token(),
            "User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36",
        },
    )


def test_a_place_that_came_up_reaches_the_phone_with_nothing_personal_in_it(
    app, client, push_service
):
    kai = make_young_person(name="Kai Ashworth")
    activity = make_activity(capacity=1, title="Climbing wall")
    holder = make_young_person()
    make_booking(activity, holder)
    make_booking(activity, kai, status=BookingStatus.WAITLISTED)
    phone = push_service.browser("kai-phone")
    log_in(client, kai)
    assert turn_on(client, phone).status_code == 200
    [subscription] = db.session.scalars(select(PushSubscription)).all()
    assert (subscription.person_id, subscription.user_agent) == (kai.id, "Chrome Android")

    log_in(client, holder)
    client.post(f"/activities/{activity.id}/cancel-booking")

    [delivery] = push_service.to(phone)
    notice = db.session.scalar(select(Notice).where(Notice.recipient_id == kai.id))
    assert notice.kind == "place_came_up" and "Climbing wall" in notice.text
    # Only the phone's keys open it, and inside is the notice's number, nothing else.
    assert phone.read(delivery) == {"notice": notice.id}
    for personal in (b"Kai", b"Climbing", b"place"):
        assert personal not in delivery.body
    claims = vapid_claims(delivery, app.config["VAPID_PUBLIC_KEY"])
    assert claims["aud"] == push_service.url
    assert claims["sub"] == app.config["VAPID_SUBJECT"].strip()
    assert time.time() < claims["exp"] <= time.time() + 24 * 60 * 60
    assert int(delivery.headers["ttl"]) == push.TIME_TO_LIVE
    db.session.refresh(subscription)
    assert subscription.last_success_at is not None

    # The woken phone asks for the words: its owner gets them, anyone else a 404.
    log_in(client, kai)
    words = client.get(f"/notices/pushed.json?notice={notice.id}").get_json()
    assert words == {
        "title": app.config["PROGRAMME_NAME"],
        "body": notice.text,
        "url": f"/activities/{activity.id}",
    }
    log_in(client, holder)
    assert client.get(f"/notices/pushed.json?notice={notice.id}").status_code == 404
    generic = client.get("/notices/pushed.json").get_json()
    assert "Climbing" not in generic["body"] and generic["url"] == "/notices/"


def test_a_phone_the_push_service_says_is_gone_is_forgotten_and_one_that_failed_kept(
    app, push_service
):
    kai = make_young_person()
    gone, busy, fine = (push_service.browser(name) for name in ("gone", "busy", "fine"))
    for browser in (gone, busy, fine):
        push.turn_on(kai, **_keys(browser), user_agent="", actor=kai)
    push_service.answers = {"/push/gone": 410, "/push/busy": 503}
    notice = notify(kai, N_("Your claim was paid."), subject=N_("Paid"), kind="claim_paid")
    notify(kai, N_("Your claim was paid."), subject=N_("Paid"), kind="claim_paid")
    db.session.commit()
    run_after_commit()
    # Two notices to three phones: the one that's gone is tried once, then forgotten.
    assert len(push_service.deliveries) == 5
    left = {s.endpoint: s.last_success_at for s in db.session.scalars(select(PushSubscription))}
    assert set(left) == {busy.endpoint, fine.endpoint}
    assert left[busy.endpoint] is None and left[fine.endpoint] is not None
    assert [fine.read(d)["notice"] for d in push_service.to(fine)] == [notice.id, notice.id + 1]


def _keys(browser) -> dict:
    subscription = browser.subscription
    return {"endpoint": subscription["endpoint"], **subscription["keys"]}


def test_only_news_worth_a_buzz_goes_and_nothing_if_the_change_is_rolled_back(app, push_service):
    kai = make_young_person()
    phone = push_service.browser("kai")
    push.turn_on(kai, **_keys(phone), user_agent="", actor=kai)
    notify(kai, N_("You're in! Welcome to %(group)s."), subject=N_("Joined"), group="Makers")
    db.session.commit()
    run_after_commit()
    notify(kai, N_("Your claim was paid."), subject=N_("Paid"), kind="claim_paid")
    db.session.rollback()
    run_after_commit()
    assert push_service.deliveries == []


def test_the_session_reminder_goes_once_to_people_booked_two_hours_ahead(app, push_service):
    soon, later = make_activity(starts_in=timedelta(minutes=90)), make_activity()
    kai, sam = make_young_person(), make_young_person()
    for person in (kai, sam):
        make_booking(soon, person)
        make_booking(later, person)
    make_booking(make_activity(starts_in=timedelta(hours=1)), sam, status=BookingStatus.CANCELLED)
    phone = push_service.browser("kai")
    push.turn_on(kai, **_keys(phone), user_agent="", actor=kai)
    db.session.commit()

    runner = CliRunner()
    with app.app_context():
        first = runner.invoke(send_session_reminders_command, catch_exceptions=False)
        again = runner.invoke(send_session_reminders_command, catch_exceptions=False)
    assert "Session reminders sent: 2." in first.output
    assert "Session reminders sent: 0." in again.output
    reminders = db.session.scalars(select(Notice).where(Notice.kind == "session_soon")).all()
    assert sorted(n.recipient_id for n in reminders) == sorted([kai.id, sam.id])
    assert all(soon.title in n.text for n in reminders)
    [delivery] = push_service.to(phone)
    assert phone.read(delivery)["notice"] in {n.id for n in reminders}


def test_signing_out_everywhere_and_turning_off_forget_the_phones(app, client, push_service):
    kai, worker = make_young_person(), make_worker()
    one, two, workers = (push_service.browser(n) for n in ("one", "two", "worker"))
    push.turn_on(kai, **_keys(one), user_agent="", actor=kai)
    push.turn_on(kai, **_keys(two), user_agent="", actor=kai)
    push.turn_on(worker, **_keys(workers), user_agent="", actor=worker)
    db.session.commit()
    log_in(client, kai)
    assert "2 of your phones" in client.get("/notices/phone").get_data(as_text=True)
    client.post("/notices/phone/off", data={"endpoint": one.endpoint})
    assert _endpoints() == {two.endpoint, workers.endpoint}
    client.post("/profile/devices/sign-out-everywhere")
    assert _endpoints() == {workers.endpoint}
    log_in(client, worker)
    client.post("/notices/phone/off")  # without JavaScript: every phone of theirs
    assert _endpoints() == set()


def _endpoints() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(PushSubscription.endpoint)))


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example.org/push/1",
        "http://169.254.169.254/latest/meta-data",
        "https://fcm.googleapis.com.evil.example/x",
        "ftp://127.0.0.1/x",
    ],
)
def test_only_a_real_push_service_is_ever_posted_to(app, client, push_service, endpoint):
    log_in(client, make_young_person())
    browser = push_service.browser("x")
    browser.endpoint = endpoint
    response = turn_on(client, browser)
    assert response.status_code == 400
    assert "can't be used here" in response.get_json()["error"]
    assert db.session.scalars(select(PushSubscription)).all() == []


def test_a_key_that_is_not_a_point_on_the_curve_is_refused_at_once(app, client, push_service):
    log_in(client, make_young_person())
    browser = push_service.browser("bad-key")
    subscription = browser.subscription
    subscription["keys"]["p256dh"] = "BA" + "A" * 85  # 65 bytes, but no point on P-256
    response = client.post(
        "/notices/phone/on",
        data=json.dumps(subscription),
        content_type="application/json",
        headers={"X-CSRFToken": client.csrf_token()},
    )
    assert response.status_code == 400
    assert db.session.scalars(select(PushSubscription)).all() == []


def test_production_allows_only_the_browsers_push_services(app):
    app.config["YOUTHHUB_ENV"] = "production"
    try:
        with app.test_request_context():
            assert push.is_push_service("https://fcm.googleapis.com/fcm/send/abc")
            assert push.is_push_service("https://web.push.apple.com/QGx")
            assert not push.is_push_service("http://127.0.0.1:8000/push")
    finally:
        app.config["YOUTHHUB_ENV"] = "development"


def test_a_transactions_pushes_find_their_phones_in_one_query_however_many(app, push_service):
    def pushes_for(people: int) -> list[str]:
        push_service.reset()
        recipients = [make_young_person() for _ in range(people)]
        for number, person in enumerate(recipients):
            browser = push_service.browser(f"{people}-{number}")
            push.turn_on(person, **_keys(browser), user_agent="", actor=person)
            notify(person, N_("Your claim was paid."), subject=N_("Paid"), kind="claim_paid")
        db.session.commit()
        with count_queries(db.engine) as statements:
            run_after_commit()
        assert len(push_service.deliveries) == people
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    assert len(pushes_for(1)) == len(pushes_for(6))


def test_the_download_says_which_phones_and_erasure_forgets_them(app, push_service):
    from tests.factories import make_admin
    from youthhub.notices.personal_data import NotificationPhonesData
    from youthhub.rights import services as rights

    kai = make_young_person()
    phone = push_service.browser("kai")
    push.turn_on(kai, **_keys(phone), user_agent="Mozilla/5.0 (iPhone) Safari/604.1", actor=kai)
    db.session.commit()
    [exported] = NotificationPhonesData().export(kai)
    assert exported["browser"] == "Safari iPhone" and exported["last_reached_at"] is None
    assert phone.endpoint not in str(exported)  # the push address and keys stay out
    with app.test_request_context():
        rights.erase_person(kai, actor=make_admin())
    assert _endpoints() == set()


def test_a_worker_asked_to_get_in_touch_gets_a_push_naming_nobody(app, push_service):
    from youthhub.goals.services_ratings import ask_worker_to_get_in_touch

    worker = make_worker()
    young = make_young_person(name="Rhiannon", key_worker=worker)
    phone = push_service.browser("worker")
    push.turn_on(worker, **_keys(phone), user_agent="", actor=worker)
    with app.test_request_context():
        ask_worker_to_get_in_touch(actor=young)
        db.session.commit()
        run_after_commit()
    [delivery] = push_service.to(phone)
    notice = db.session.scalar(select(Notice).where(Notice.recipient_id == worker.id))
    assert notice.kind == "contact_asked" and "Rhiannon" in notice.text
    assert phone.read(delivery) == {"notice": notice.id}
