"""Time each monitoring section on its own, over bench/monitoring.py's regional history (20,000
young people, 300,000 attendances, 100,000 ratings, 50,000 claims) with power groups added: a
third of the sessions are 30 groups' and 3,000 memberships have their history in the audit
log. Shows which section costs what when the whole page is slow.

Run: .venv/bin/python bench/monitoring_sections.py   (SQLite)
Prints each section's median time over five runs and the queries it asks.
"""

import random
import statistics
import tempfile
import time
from datetime import date

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from monitoring import ATTENDANCES, PERIOD, YOUNG_PEOPLE, seed, seed_more  # beside this file
from sqlalchemy import event, insert, select, update

from youthhub.accounts.models import Role, RoleGrant
from youthhub.activities.models import Activity
from youthhub.core.audit import AuditEntry
from youthhub.extensions import db
from youthhub.groups.models import Group, Membership, MembershipStatus
from youthhub.reports.monitoring.period import Period
from youthhub.reports.monitoring.sections import SECTIONS

GROUPS, MEMBERSHIPS, RUNS = 30, 3_000, 5


def seed_groups(rng) -> None:
    db.session.execute(insert(Group), [{"name": f"Group {n}"} for n in range(GROUPS)])
    groups = list(db.session.scalars(select(Group.id)))
    for group_id in groups:  # every third session is a group's
        db.session.execute(
            update(Activity)
            .where(Activity.id % (3 * GROUPS) == 3 * (group_id % GROUPS))
            .values(group_id=group_id)
        )
    people = list(
        db.session.scalars(select(RoleGrant.user_id).where(RoleGrant.role == Role.YOUNG_PERSON))
    )
    pairs = set()
    while len(pairs) < MEMBERSHIPS:
        pairs.add((rng.choice(groups), rng.choice(people)))
    db.session.execute(
        insert(Membership),
        [
            {
                "group_id": g,
                "person_id": p,
                "status": MembershipStatus.MEMBER,
                "is_lead": n % 10 == 0,
            }
            for n, (g, p) in enumerate(pairs)
        ],
    )
    moments = list(db.session.scalars(select(Activity.starts_at).limit(2000)))
    db.session.execute(
        insert(AuditEntry),
        [
            {
                "at": rng.choice(moments),
                "action": action,
                "subject_type": "Membership",
                "subject_id": membership_id,
                "details": {"is_lead": True},
            }
            for membership_id in db.session.scalars(select(Membership.id))
            for action in ("group.request_member", "group.lead_set")
        ],
    )
    db.session.commit()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            seed(YOUNG_PEOPLE, ATTENDANCES)
            seed_more(random.Random(13))
            seed_groups(random.Random(14))
        start, end = (part.split("=")[1] for part in PERIOD.split("&"))
        with app.test_request_context():
            period = Period(date.fromisoformat(start), date.fromisoformat(end))
            asked = []
            event.listen(db.engine, "before_cursor_execute", lambda *args: asked.append(1))
            print(f"{'section':<12} {'median ms':>10} {'queries':>8}")
            for key, make in SECTIONS.items():
                times = []
                for _ in range(RUNS):
                    asked.clear()
                    started = time.perf_counter()
                    make(period, 10)
                    times.append((time.perf_counter() - started) * 1000)
                print(f"{key:<12} {statistics.median(times):>10.1f} {len(asked):>8}")


if __name__ == "__main__":
    main()
