"""How long a person waits to log in, to sign up and (staff) to download a certificate.

Run: .venv/bin/python bench/speed.py [RUNS] [--profile]   (default 9 runs each; SQLite in a
temp dir). Runs each case in a fresh process twice: "before" with the Argon2id costs YouthHub
used until issue 18 (64 MiB, 3 passes, 4 lanes) and no warm-up, "after" with today's costs and
the warm-up a worker does at start (`youthhub.home.warm`). Prints the first request (what
someone meets after a restart) and the median and slowest of the rest, wall time.
`--profile` prints where one request of each spends its time (cProfile, top 15 by own time).
"""

import cProfile
import io
import logging
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from signin import sign_in

from youthhub.accounts import passwords
from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.endings import queries, services
from youthhub.extensions import db
from youthhub.home.warm import warm_up

PASSWORD = "kettle moon orange bus"


def seed() -> int:
    now = datetime.now(UTC)
    worker = User(
        email="worker@bench.example",
        preferred_name="Sam",
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=now,
        invite_code="BENCH",
        role_grants=[RoleGrant(role=Role.YOUTH_WORKER)],
    )
    young = User(
        email="young@bench.example",
        preferred_name="Alex",
        password_hash="!",  # noqa: S106 - never logs in here
        key_worker=worker,
        date_of_birth=date(2006, 1, 1),
        created_at=now - timedelta(days=380),
        role_grants=[RoleGrant(role=Role.YOUNG_PERSON)],
    )
    db.session.add_all([worker, young])
    db.session.flush()
    ending = services.ending_for(young)
    services.choose_certificate_details(
        ending, printed_name="Alex Adebayo-Richards", highlight_keys=["months"], actor=young
    )
    services.record_graduation(ending, graduated_on=now.date(), actor=worker)
    services.issue_certificate(ending, actor=worker)
    db.session.commit()
    return queries.current_certificate(young).id


def requests(app, certificate_id: int) -> dict:
    counter = iter(range(10**6))

    def log_in():
        client = app.test_client()
        answer = client.post("/login", data={"email": "worker@bench.example", "password": PASSWORD})
        assert answer.status_code == 302 and "/login" not in answer.location, answer.location

    def sign_up():
        answer = app.test_client().post(
            "/signup",
            data={
                "preferred_name": "Jo",
                "email": f"jo{next(counter)}@bench.example",
                "password": PASSWORD,
                "birth_day": "1",
                "birth_month": "2",
                "birth_year": "2007",
                "agree": "y",
            },
        )
        assert answer.status_code == 302, answer.status_code

    staff = app.test_client()
    sign_in(staff, "worker@bench.example")

    def download():
        answer = staff.get(f"/manage/certificates/{certificate_id}.pdf")
        assert answer.status_code == 200 and answer.data.startswith(b"%PDF"), answer.status_code

    return {"staff login": log_in, "sign-up": sign_up, "certificate download": download}


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def profile(run) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(run)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    return out.getvalue()


BEFORE = {"ARGON2_TIME_COST": 3, "ARGON2_MEMORY_KIB": 65536, "ARGON2_PARALLELISM": 4}


def main() -> None:
    if "--variant" not in sys.argv:
        for variant in ("before", "after"):
            print(f"\n{variant}:", flush=True)
            command = [sys.executable, __file__, *sys.argv[1:], "--variant", variant]
            subprocess.run(command, check=True)  # noqa: S603 - this script, again
        return
    runs = int(next((a for a in sys.argv[1:] if a.isdigit()), 9))
    before = sys.argv[sys.argv.index("--variant") + 1] == "before"
    logging.getLogger("youthhub").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(
            tmp,
            csrf=False,
            limits=False,
            PUBLIC_BASE_URL="https://youthhub.example.org",
            MAIL_IN_BACKGROUND=False,  # emails go to the log: time what the request does
            **(BEFORE if before else {}),
        )
        app.logger.setLevel(logging.ERROR)
        with app.app_context():
            flask_migrate.upgrade()
            certificate_id = seed()
        if not before:
            warm_up(app)
        cases = requests(app, certificate_id)
        with app.app_context():
            time_cost, memory_kib, lanes = passwords.costs()
        print(
            f"Argon2id {memory_kib // 1024} MiB, {time_cost} passes, {lanes} lane(s); "
            f"{'no warm-up' if before else 'warmed up'}; {runs} runs after the first"
        )
        print(f"{'request':<22} {'first ms':>9} {'median ms':>10} {'slowest ms':>11}")
        for name, run in cases.items():
            first = timed(run)
            rest = [timed(run) for _ in range(runs)]
            print(f"{name:<22} {first:>9.0f} {statistics.median(rest):>10.0f} {max(rest):>11.0f}")
        if "--profile" in sys.argv:
            for name, run in cases.items():
                print(f"\n--- {name} ---\n{profile(run)}")


if __name__ == "__main__":
    main()
