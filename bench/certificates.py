"""Time the certificate and "My journey" keepsake PDFs, in English and Welsh.

Run: .venv/bin/python bench/certificates.py [RUNS]   (default 15 runs each, SQLite in a temp dir)
Prints the first render (fonts loading), then the median and slowest wall time and the median
CPU time of the rest, per PDF, for a young person with a year of activities and groups. The
issue asks for well under 2 seconds.
"""

import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.activities.models import Activity, ActivityKind, Attendance
from youthhub.endings import certificates, queries, services
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus

ACTIVITIES = 60


def person(role, name, **fields) -> User:
    user = User(
        email=f"{name.lower()}@bench.example",
        preferred_name=name,
        password_hash="!",  # noqa: S106 - nobody logs in here
        role_grants=[RoleGrant(role=role)],
        **fields,
    )
    db.session.add(user)
    return user


def seed(locale: str) -> tuple[User, User]:
    now = datetime.now(UTC)
    worker = person(Role.YOUTH_WORKER, f"Sam{locale}", invite_code=f"BENCH{locale.upper()}")
    young = person(
        Role.YOUNG_PERSON,
        f"Oluwaseyifunmilayo{locale}",
        key_worker=worker,
        locale=locale,
        date_of_birth=date(2006, 1, 1),
        created_at=now - timedelta(days=380),
    )
    db.session.flush()
    for number in range(ACTIVITIES):
        starts = now - timedelta(days=6 * number + 1)
        activity = Activity(
            title=f"Session {number}: cooking, podcasts and trips",
            kind=ActivityKind.WORKSHOP,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        db.session.add(activity)
        db.session.flush()
        db.session.add(Attendance(activity_id=activity.id, person_id=young.id, attended=True))
    for name in (f"Eat Club {locale}", f"Vibes in the Kitchen {locale}"):
        group = Group(name=name)
        db.session.add(group)
        db.session.flush()
        db.session.add(
            Membership(
                group_id=group.id,
                person_id=young.id,
                status=MembershipStatus.MEMBER,
                is_lead=True,
                decided_at=now - timedelta(days=200),
            )
        )
    ending = services.ending_for(young)
    services.update_plan(
        ending,
        actor=young,
        proud_of="Cooking for forty people at the summer showcase. " * 4,
        keep_doing="Volunteering on Saturdays and recording the podcast.",
        carrying_on="Eat Club carries on at the community centre on Thursdays.",
        contacts_after="Sam, the leaving care team, and my PA.",
        message_for_members="Turn up, it gets easier every week.",
    )
    services.choose_certificate_details(
        ending,
        printed_name=f"Oluwaseyifunmilayo Adebayo-Richards ({locale})",
        highlight_keys=["months", "activities", "groups", "groups_led"],
        actor=young,
    )
    services.record_graduation(ending, graduated_on=now.date(), actor=worker)
    services.issue_certificate(ending, actor=worker)
    db.session.commit()
    return young, worker


def timings(make, runs: int) -> tuple[float, list[float], list[float]]:
    """The first wall time, then wall and CPU times (ms) of the runs after it. CPU time is this
    process's own work, so it stays honest on a machine busy with other things."""
    wall, cpu = [], []
    for _ in range(runs + 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        make()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall[0], wall[1:], cpu[1:]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, PUBLIC_BASE_URL="https://youthhub.example.org")
        app.logger.setLevel(logging.ERROR)  # no "email not sent" notes in the figures
        with app.app_context():
            flask_migrate.upgrade()
            print(f"{runs} runs each after a first render; {ACTIVITIES} activities in the journey")
            print(
                f"{'PDF':<18} {'first ms':>9} {'median ms':>10} {'slowest ms':>11} "
                f"{'CPU ms':>7} {'KiB':>5}"
            )
            for locale in ("en", "cy"):
                young, _worker = seed(locale)
                certificate = queries.current_certificate(young)
                with app.test_request_context():
                    pdfs = {
                        f"certificate ({locale})": lambda c=certificate: (
                            certificates.certificate_pdf(c)
                        ),
                        f"keepsake ({locale})": lambda y=young, lang=locale: (
                            certificates.keepsake_pdf(y, services.ending_for(y), language=lang)
                        ),
                    }
                    for name, make in pdfs.items():
                        first, wall, cpu = timings(make, runs)
                        size = len(make()) / 1024
                        print(
                            f"{name:<18} {first:>9.0f} {statistics.median(wall):>10.0f} "
                            f"{max(wall):>11.0f} {statistics.median(cpu):>7.0f} {size:>5.0f}"
                        )


if __name__ == "__main__":
    main()
