"""Slow work goes after the commit: on the job queue in Redis with REDIS_URL, for a worker to
run; without it, in the app itself (as `make run` and most tests do). The tests that look at the
queue use a throwaway redis-server and are skipped without one; a worker runs in this process
(RQ's SimpleWorker), inside the test's rolled-back transaction."""

from datetime import timedelta

import pytest
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from tests.activities.factories import make_activity, make_booking
from tests.factories import make_young_person
from youthhub.activities.models import Booking
from youthhub.core import jobs
from youthhub.core.transaction import run_after_commit
from youthhub.extensions import db

done: list[str] = []


@jobs.job
def note(word: str) -> None:
    done.append(word)


@pytest.fixture
def queue_on(app, redis_server):
    """The app with REDIS_URL: jobs go on an empty queue in the throwaway Redis."""
    redis_server.flush()
    app.config["REDIS_URL"] = redis_server.url
    return jobs.queue()


def work_through(queue) -> None:
    """What `flask jobs work --burst` does, in this process and transaction."""
    SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True)


def test_without_redis_a_job_runs_after_the_commit_and_never_after_a_rollback(app):
    done.clear()
    db.session.connection()  # a transaction under way, as in any request that changes things
    jobs.enqueue(note, "dropped")
    db.session.rollback()
    db.session.connection()
    jobs.enqueue(note, "kept")
    assert done == []
    db.session.commit()
    run_after_commit()
    assert done == ["kept"]


def test_only_functions_named_as_jobs_can_be_queued(app):
    with pytest.raises(TypeError, match="not a job"):
        jobs.enqueue(print, "anything")


def test_with_redis_the_reset_email_waits_for_a_worker_and_the_queue_keeps_no_secret(
    client, smtp_inbox, queue_on
):
    make_young_person(email="jo@example.org")
    assert client.post("/forgot-password", data={"email": "jo@example.org"}).status_code == 302

    assert smtp_inbox.messages == []
    [waiting] = queue_on.get_jobs()
    assert waiting.description == "youthhub.core.mail:send_email"
    assert waiting.result_ttl == 0
    work_through(queue_on)
    assert "/reset-password/" in smtp_inbox.body()
    assert queue_on.count == 0


def test_an_unreachable_queue_still_sends_the_email_from_the_app(app, client, smtp_inbox, caplog):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    make_young_person(email="jo@example.org")
    assert client.post("/forgot-password", data={"email": "jo@example.org"}).status_code == 302
    assert "/reset-password/" in smtp_inbox.body()
    assert "The job queue can't be reached" in caplog.text


def test_session_reminders_can_be_left_to_a_worker(app, runner, queue_on):
    booking = make_booking(make_activity(starts_in=timedelta(minutes=90)), make_young_person())
    booking_id = booking.id

    result = runner.invoke(args=["send-session-reminders", "--queue"])
    assert "queued for a worker" in result.output
    assert booking.reminded_at is None
    work_through(queue_on)
    assert db.session.get(Booking, booking_id).reminded_at is not None


def test_queueing_a_command_without_redis_says_what_is_missing(runner):
    result = runner.invoke(args=["data", "retention", "--queue"])
    assert result.exit_code == 2
    assert "--queue needs REDIS_URL" in result.output
