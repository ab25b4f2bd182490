"""Across machines: two app servers (each its own gunicorn process, as on two machines) and one
job worker, sharing one PostgreSQL and one Redis and nothing else. A young person signed in on
one server is signed in on the other; the last place goes to exactly one of two people booking
at the same moment on different servers; failed logins count across both; and an email asked for
on a server is sent by the worker, not by the server. Needs PostgreSQL and Debian's redis-server.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import ExitStack

import pytest
import requests
from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy import select

from tests.activities.factories import make_activity
from tests.conftest import DATABASE_KIND
from tests.factories import PASSWORD, make_young_person
from tests.test_gunicorn import NO_CONTROL_SOCKET, free_port, signing_key
from youthhub.activities.models import Booking, BookingStatus
from youthhub.config import PROJECT_ROOT
from youthhub.extensions import db
from youthhub.notices.push_keys import generate_private_key

pytestmark = [
    pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="several servers need PostgreSQL"),
    pytest.mark.committing,
]
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
LOGIN_LIMIT = 3


def machine_env(database_url: str, redis_url: str, smtp, tmp_path) -> dict:
    controller, _inbox = smtp
    env = {
        **os.environ,
        "YOUTHHUB_ENV": "development",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "s" * 48,  # the same on every machine: a session cookie works on each
        "CREDENTIAL_SIGNING_KEY": signing_key(),
        "VAPID_PRIVATE_KEY": generate_private_key(),
        "MAIL_SERVER": controller.hostname,
        "MAIL_PORT": str(controller.port),
        "MAIL_USE_TLS": "0",
        "LOGIN_LIMIT_PER_ACCOUNT": f"{LOGIN_LIMIT} per 15 minutes",
        "WEB_CONCURRENCY": "1",
    }
    for name in ("STRIPE_SECRET_KEY", "STRIPE_API_BASE", "RATELIMIT_STORAGE_URI"):
        env.pop(name, None)
    return env


def start_server(env: dict, log_path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", *NO_CONTROL_SOCKET],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


def wait_until_up(url: str, process: subprocess.Popen, log_path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"a server stopped:\n{log_path.read_text()}", pytrace=False)
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    pytest.fail(f"a server did not answer:\n{log_path.read_text()}", pytrace=False)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def machines(app, redis_server, smtp_server, migrated_database, tmp_path):
    """Two app servers on one PostgreSQL and one Redis; the worker is started by the test."""
    redis_server.flush()
    env = machine_env(migrated_database, redis_server.url, smtp_server, tmp_path)
    with ExitStack() as stack:
        started = []
        for name in ("one", "two"):
            log_path = tmp_path / f"{name}.log"
            process, url = start_server(env, log_path)
            stack.callback(stop, process)
            started.append((process, url, log_path))
        for process, url, log_path in started:
            wait_until_up(url, process, log_path)
        yield env, [url for _, url, _ in started]


def csrf_token(page: str) -> str:
    found = CSRF.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(browser: requests.Session, server: str, email: str, password: str = PASSWORD):
    token = csrf_token(browser.get(f"{server}/login", timeout=10).text)
    return browser.post(
        f"{server}/login",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )


def test_two_servers_and_a_worker_share_places_login_limits_and_emails(
    app, machines, smtp_server, redis_server
):
    env, (one, two) = machines
    _controller, inbox = smtp_server
    inbox.messages.clear()
    activity = make_activity(capacity=1, title="Last place")
    kai, sam = make_young_person(email="kai@example.org"), make_young_person()

    # Signed in on one server, known on the other: the session is the signed cookie plus a
    # row in PostgreSQL, nothing in either server's memory.
    kai_phone, sam_phone = requests.Session(), requests.Session()
    assert log_in(kai_phone, one, kai.email).status_code == 302
    assert log_in(sam_phone, two, sam.email).status_code == 302
    page = f"/activities/{activity.id}"
    assert "Last place" in kai_phone.get(f"{two}{page}", timeout=10).text

    # Both tap "Book" at the same moment, on different servers: one place, one booking.
    tokens = {
        phone: csrf_token(phone.get(f"{server}{page}", timeout=10).text)
        for phone, server in ((kai_phone, two), (sam_phone, one))
    }
    barrier, answers = threading.Barrier(2), []

    def book(phone, server):
        barrier.wait()
        answer = phone.post(f"{server}{page}/book", data={"csrf_token": tokens[phone]}, timeout=30)
        answers.append(answer)

    threads = [
        threading.Thread(target=book, args=(kai_phone, two)),
        threading.Thread(target=book, args=(sam_phone, one)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answer.status_code for answer in answers) == [200, 200]
    said = " ".join(answer.text for answer in answers)
    assert said.count("You&#39;re booked on Last place") == 1
    db.session.expire_all()
    booked = db.session.scalars(
        select(Booking.person_id).where(Booking.status == BookingStatus.BOOKED)
    ).all()
    assert len(booked) == 1 and booked[0] in {kai.id, sam.id}

    # Wrong passwords for one account, alternately on each server, count together: the last
    # one allowed is refused on the server that has seen only one of them itself.
    stranger = requests.Session()
    wrong = [log_in(stranger, server, kai.email, "not-the-password") for server in (one, two, one)]
    assert [answer.status_code for answer in wrong] == [200] * LOGIN_LIMIT
    assert log_in(stranger, two, kai.email, "not-the-password").status_code == 429

    # An email asked for on a server waits in Redis until a worker sends it.
    redis = Redis.from_url(redis_server.url)
    jobs_waiting = Queue("youthhub", connection=redis, serializer=JSONSerializer)
    jobs_waiting.empty()
    forgot = requests.Session()
    token = csrf_token(forgot.get(f"{one}/forgot-password", timeout=10).text)
    answer = forgot.post(
        f"{one}/forgot-password",
        data={"email": kai.email, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302
    assert [job.description for job in jobs_waiting.get_jobs()] == ["youthhub.core.mail:send_email"]
    assert inbox.messages == []
    worker = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "youthhub", "jobs", "work", "--burst"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    [email] = inbox.messages
    assert email["To"] == kai.email
    assert "/reset-password/" in inbox.body()
    assert jobs_waiting.count == 0
