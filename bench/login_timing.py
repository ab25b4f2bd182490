"""Does login (or a reset request) take longer for an email that has an account?

Run: .venv/bin/python bench/login_timing.py [TRIES]   (default 24 of each, interleaved)
Uses the production Argon2 costs (accounts/passwords.py) on SQLite in a temp dir, and prints the
median server time of: a known email with a wrong password, an unknown email, and a reset
request for each. Emails go to the log (no SMTP), as in development.
"""

import logging
import statistics
import sys
import tempfile
import time

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.core.time import utcnow
from youthhub.extensions import db

KNOWN, UNKNOWN = "known@bench.example", "unknown@bench.example"
PASSWORD = "kettle moon orange bus"


def timed(client, path: str, data: dict) -> float:
    started = time.perf_counter()
    response = client.post(path, data=data)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in {200, 302}, (path, response.status_code)
    return elapsed


def main() -> None:
    tries = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    logging.getLogger("youthhub").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, csrf=False, limits=False)
        app.logger.setLevel(logging.ERROR)  # the reset emails, written to the log
        with app.app_context():
            flask_migrate.upgrade()
            db.session.add(
                User(
                    email=KNOWN,
                    preferred_name="Known",
                    password_hash=hash_password(PASSWORD),
                    email_confirmed_at=utcnow(),
                    role_grants=[RoleGrant(role=Role.YOUNG_PERSON)],
                )
            )
            db.session.commit()
        client = app.test_client()
        cases = {
            "login, known email, wrong password": ("/login", KNOWN, {"password": "not it"}),
            "login, unknown email": ("/login", UNKNOWN, {"password": "not it"}),
            "reset request, known email": ("/forgot-password", KNOWN, {}),
            "reset request, unknown email": ("/forgot-password", UNKNOWN, {}),
        }
        for path, email, extra in cases.values():  # warm up: imports, the dummy hash
            timed(client, path, {"email": email, **extra})
        times = {name: [] for name in cases}
        for _ in range(tries):  # interleaved, so load on the machine falls on all alike
            for name, (path, email, extra) in cases.items():
                times[name].append(timed(client, path, {"email": email, **extra}))
    print(f"{tries} tries of each, interleaved; production Argon2 costs (SQLite)")
    print(f"{'case':<38} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    for name, values in times.items():
        print(
            f"{name:<38} {statistics.median(values):>10.1f} {min(values):>8.1f} {max(values):>8.1f}"
        )
    known, unknown = (statistics.median(times[n]) for n in list(cases)[:2])
    print(f"login: unknown / known = {unknown / known:.2f}")


if __name__ == "__main__":
    main()
