"""The models and the migrations describe the same schema (alembic's own `check`)."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from youthhub.extensions import db

# Alembic opens connections of its own.
pytestmark = pytest.mark.committing


def migrating_app(tmp_path):
    """An app on an empty SQLite file, for a test that migrates it step by step."""
    from youthhub import create_app

    return create_app(
        {
            "SECRET_KEY": "m" * 40,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/migrate.sqlite",
        }
    )


def at(*args):
    """A UTC moment."""
    from datetime import UTC, datetime

    return datetime(*args, tzinfo=UTC)


def insert_young_person(connection) -> None:
    """Jo, user 1, as the tables stood before the migration under test."""
    connection.exec_driver_sql(
        "INSERT INTO users (id, email, preferred_name, password_hash, session_version,"
        " created_at) VALUES (1, 'y@x.example', 'Jo', '', 1, '2026-01-01')"
    )


def insert_panel_kind(connection) -> None:
    connection.exec_driver_sql(
        "INSERT INTO contribution_kinds (id, code, name, position, created_at)"
        " VALUES (1, 'panel', 'Panel', 0, '2026-01-01')"
    )


def insert_sessions(connection, moments, *, cancelled: int) -> None:
    """A two-hour workshop at each moment (ids from 1), the `cancelled`-th one called off."""
    from datetime import timedelta

    from sqlalchemy import insert

    from youthhub.activities.models import Activity, ActivityKind

    connection.execute(
        insert(Activity),
        [
            {
                "id": number,
                "title": "Session",
                "kind": ActivityKind.WORKSHOP,
                "starts_at": moment,
                "ends_at": moment + timedelta(hours=2),
                "cancelled_at": moment if number == cancelled else None,
            }
            for number, moment in enumerate(moments, start=1)
        ],
    )


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_alembic_check_finds_nothing_to_generate(app):
    # Exits with status 1 if autogenerate would write a new migration.
    flask_migrate.check()


def test_register_claims_waiting_for_approval_become_the_young_persons(tmp_path):
    """0013: the register's waiting claims are logged by their young person from now on (so the
    worker who took the register may approve them); decided claims and claims logged by hand
    keep who logged them."""
    from sqlalchemy import text

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0010")
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO users (id, email, preferred_name, password_hash, session_version,"
                " created_at) VALUES (1, 'w@x.example', 'Sam', '', 1, '2026-01-01'),"
                " (2, 'y@x.example', 'Jo', '', 1, '2026-01-01')"
            )
            insert_panel_kind(connection)
            connection.exec_driver_sql(
                "INSERT INTO contributions (id, person_id, kind_id, work_date, minutes,"
                " description, activity_id, hourly_pence, minimum_pence, amount_pence, status,"
                " status_changed_at, submitted_by_id, submitted_at, failed_attempts)"
                " VALUES (?, 2, 1, '2026-11-30', 60, '', ?, 1500, 0, 1500, ?, '2026-11-30', 1,"
                " '2026-11-30', 0)",
                [(1, 7, "submitted"), (2, 7, "approved"), (3, None, "submitted")],
            )
        flask_migrate.upgrade(revision="0013")
        with db.engine.connect() as connection:
            logged_by = dict(
                connection.execute(text("SELECT id, submitted_by_id FROM contributions")).all()
            )
        db.engine.dispose()
    assert logged_by == {1: 2, 2: 1, 3: 1}


def test_certificates_from_before_get_a_status_list_bit_each(tmp_path):
    """0022: every certificate already issued gets its own random bit in the revocation status
    list, so a revoked one shows as revoked to anyone holding its badge."""
    from sqlalchemy import text

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0011")
        with db.engine.begin() as connection:
            insert_young_person(connection)
            connection.exec_driver_sql(
                "INSERT INTO certificates (id, person_id, code, printed_name, programme_name,"
                " language, awarded_on, highlights, signer_name, signer_role, issued_at,"
                " revoked_at) VALUES (?, 1, ?, 'Jo', 'YouthHub', 'en', '2026-11-30', '[]', 'Sam',"
                " 'youth_worker', '2026-11-30', '2026-11-30')",
                [(number, f"CODE{number}") for number in range(1, 6)],
            )
        flask_migrate.upgrade(revision="0022")
        with db.engine.connect() as connection:
            indexes = connection.execute(text("SELECT status_index FROM certificates")).scalars()
            indexes = list(indexes)
        db.engine.dispose()
    assert len(set(indexes)) == 5
    assert all(0 <= index < 131_072 for index in indexes)


def test_visits_are_worked_out_from_the_attendance_already_there(tmp_path):
    """0029: each young person's first and next visit and the London months they came, from the
    register as it stands (a cancelled session counts for nobody)."""

    from sqlalchemy import insert, text

    from youthhub.accounts.models import User
    from youthhub.activities.models import Attendance

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0027")
        moments = [at(2025, 3, 31, 23, 30), at(2025, 4, 20, 18), at(2025, 4, 10, 18)]
        moments.append(at(2025, 6, 2, 18))
        with db.engine.begin() as connection:
            connection.execute(
                insert(User), [{"id": 1, "email": "y@x.example", "preferred_name": "Jo"}]
            )
            insert_sessions(connection, moments, cancelled=3)
            connection.execute(
                insert(Attendance),
                [
                    {"activity_id": number, "person_id": 1, "attended": True}
                    for number in (1, 2, 3, 4)
                ],
            )
        flask_migrate.upgrade(revision="0029")
        with db.engine.connect() as connection:
            first = connection.execute(
                text("SELECT first_at, next_at, back_by FROM first_visits")
            ).all()
            months = connection.execute(
                text(
                    "SELECT month, previous_month, attendances FROM months_of_visits ORDER BY month"
                )
            ).all()
        db.engine.dispose()
    assert [tuple(str(value)[:16] for value in row) for row in first] == [
        ("2025-03-31 23:30", "2025-04-20 18:00", "2025-06-30 23:30")
    ]
    assert [tuple(map(str, row)) for row in months] == [
        ("2025-04-01", "None", "2"),
        ("2025-06-01", "2025-04-01", "1"),
    ]


def test_each_attendance_is_numbered_from_the_attendance_already_there(tmp_path):
    """0034: each attendance's place in its young person's history (which of their sessions,
    whole months after their first), from the register as it stands: a cancelled session and
    one they missed have none; two sessions at one moment go in the order they were added."""

    from sqlalchemy import insert, text

    from youthhub.accounts.models import User

    app = migrating_app(tmp_path)
    moments = [at(2025, 1, 31, 18), at(2025, 2, 28, 17, 59), at(2025, 2, 28, 18)]
    moments += [at(2025, 2, 28, 18), at(2025, 2, 10), at(2025, 3, 1)]
    missed = [(6, 1, False), (6, 2, True)]  # one missed the last session, another came
    with app.app_context():
        flask_migrate.upgrade(revision="0033")
        with db.engine.begin() as connection:
            connection.execute(
                insert(User),
                [{"id": n, "email": f"{n}@x.example", "preferred_name": "Jo"} for n in (1, 2)],
            )
            insert_sessions(connection, moments, cancelled=5)
            # Attendance as it stood before 0034: no numbers of its own.
            connection.exec_driver_sql(
                "INSERT INTO attendances (activity_id, person_id, attended, walk_in, recorded_at)"
                " VALUES (?, ?, ?, 0, '2025-03-02')",
                [(4, 1, True), (3, 1, True), (2, 1, True), (1, 1, True), (5, 1, True), *missed],
            )
        flask_migrate.upgrade(revision="0034")
        with db.engine.connect() as connection:
            numbers = connection.execute(
                text(
                    "SELECT person_id, activity_id, session_number, months_since_first"
                    " FROM attendances ORDER BY person_id, activity_id"
                )
            ).all()
        db.engine.dispose()
    assert [tuple(row) for row in numbers] == [
        (1, 1, 1, 0),
        (1, 2, 2, 0),  # a minute before a month from 31 January (the last day of February)
        (1, 3, 3, 1),  # a month to the minute
        (1, 4, 4, 1),
        (1, 5, None, None),  # cancelled
        (1, 6, None, None),  # missed
        (2, 6, 1, 0),
    ]


def test_the_claims_already_approved_are_totalled_for_the_finance_queue(tmp_path):
    """0040: the finance queue's kept totals start from the claims approved before it, each at
    what will be paid (the approved amount, or less if the young person asked for less)."""
    from sqlalchemy import text

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0036")
        with db.engine.begin() as connection:
            insert_young_person(connection)
            insert_panel_kind(connection)
            connection.exec_driver_sql(
                "INSERT INTO contributions (id, person_id, kind_id, work_date, minutes,"
                " description, hourly_pence, minimum_pence, amount_pence, approved_pence,"
                " wanted_pence, status, payment_choice, status_changed_at, submitted_at,"
                " failed_attempts) VALUES (?, 1, 1, '2026-11-30', 60, '', 1500, 0, 1500, ?, ?,"
                " ?, ?, '2026-11-30', '2026-11-30', 0)",
                [
                    (1, 1500, None, "approved", "cash"),
                    (2, 1200, None, "approved", "cash"),  # approved at less
                    (3, 1500, 1000, "approved", None),  # the young person asked for less
                    (4, 1500, None, "paid", "cash"),
                    (5, None, None, "submitted", None),
                ],
            )
        flask_migrate.upgrade(revision="0040")
        with db.engine.connect() as connection:
            totals = connection.execute(text("SELECT * FROM waiting_totals")).all()
        db.engine.dispose()
    assert sorted(totals) == [("", 1, 1000), ("cash", 2, 2700)]


def test_payments_already_made_keep_their_claims_minutes(tmp_path):
    """0041: each payment made before it keeps the minutes of the claim it paid, so the
    monitoring's hours paid for are the same read from payments alone."""
    from sqlalchemy import text

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0040")
        with db.engine.begin() as connection:
            insert_young_person(connection)
            insert_panel_kind(connection)
            connection.exec_driver_sql(
                "INSERT INTO contributions (id, person_id, kind_id, work_date, minutes,"
                " description, hourly_pence, minimum_pence, amount_pence, status,"
                " status_changed_at, submitted_at, failed_attempts) VALUES (?, 1, 1,"
                " '2026-11-30', ?, '', 1500, 0, 1500, 'paid', '2026-11-30', '2026-11-30', 0)",
                [(1, 60), (2, 135), (3, 15)],
            )
            connection.exec_driver_sql(
                "INSERT INTO payments (contribution_id, person_id, method, amount_pence, paid_on,"
                " reference, created_at, reversed_pence) VALUES (?, 1, 'cash', 1500,"
                " '2026-12-01', '', '2026-12-01', 0)",
                [(1,), (2,)],
            )
        flask_migrate.upgrade(revision="0041")
        with db.engine.connect() as connection:
            kept = connection.execute(
                text("SELECT contribution_id, minutes FROM payments ORDER BY contribution_id")
            ).all()
        db.engine.dispose()
    assert [tuple(row) for row in kept] == [(1, 60), (2, 135)]


def test_ratings_already_made_are_linked_in_their_history(tmp_path):
    """0042: each rating made before it knows the young person's rating before it, in its area
    (and how far the score moved) and in any area; the same moment in the order saved."""
    from sqlalchemy import text

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0041")
        with db.engine.begin() as connection:
            insert_young_person(connection)
            # Areas 1 and 2: two of the eight the migrations load.
            connection.exec_driver_sql(
                "INSERT INTO ratings (id, owner_id, area_id, score, rated_at)"
                " VALUES (?, 1, ?, ?, ?)",
                [
                    (1, 1, 3, "2026-05-01 10:00:00.000000"),
                    (2, 2, 8, "2026-05-02 10:00:00.000000"),
                    (3, 1, 7, "2026-05-03 10:00:00.000000"),
                    (4, 1, 6, "2026-05-03 10:00:00.000000"),  # the same moment, saved after
                ],
            )
        flask_migrate.upgrade(revision="0042")
        with db.engine.connect() as connection:
            linked = connection.execute(
                text("SELECT id, previous_at, change, previous_any_at FROM ratings ORDER BY id")
            ).all()
        db.engine.dispose()
    assert [tuple(row) for row in linked] == [
        (1, None, None, None),
        (2, None, None, "2026-05-01 10:00:00.000000"),
        (3, "2026-05-01 10:00:00.000000", 4, "2026-05-02 10:00:00.000000"),
        (4, "2026-05-03 10:00:00.000000", -1, "2026-05-03 10:00:00.000000"),
    ]


def test_payments_already_made_are_linked_in_their_history(tmp_path):
    """0044: each payment made before it knows the day of the young person's payment before it
    that reached them (none for one given to charity) and of the one before made the same way."""
    from sqlalchemy import text

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0043")
        with db.engine.begin() as connection:
            insert_young_person(connection)
            insert_panel_kind(connection)
            paid = [
                (1, "bank_transfer", "2026-05-01"),
                (2, "donated", "2026-05-02"),
                (3, "cash", "2026-05-03"),
                (4, "bank_transfer", "2026-05-03"),  # the same day, saved after
            ]
            connection.exec_driver_sql(
                "INSERT INTO contributions (id, person_id, kind_id, work_date, minutes,"
                " description, hourly_pence, minimum_pence, amount_pence, status,"
                " status_changed_at, submitted_at, failed_attempts) VALUES (?, 1, 1,"
                " '2026-04-30', 60, '', 1500, 0, 1500, 'paid', '2026-04-30', '2026-04-30', 0)",
                [(number,) for number, _method, _on in paid],
            )
            connection.exec_driver_sql(
                "INSERT INTO payments (id, contribution_id, person_id, method, amount_pence,"
                " minutes, paid_on, reference, created_at, reversed_pence) VALUES (?, ?, 1, ?,"
                " 1500, 60, ?, '', '2026-05-03', 0)",
                [(number, number, method, on) for number, method, on in paid],
            )
        flask_migrate.upgrade(revision="0044")
        with db.engine.connect() as connection:
            linked = connection.execute(
                text("SELECT id, previous_paid_on, previous_same_way_on FROM payments ORDER BY id")
            ).all()
        db.engine.dispose()
    assert [tuple(row) for row in linked] == [
        (1, None, None),
        (2, None, None),
        (3, "2026-05-01", None),
        (4, "2026-05-03", "2026-05-01"),
    ]


def test_months_of_visits_learn_their_days_from_the_attendance_already_there(tmp_path):
    """0045: each month a young person came in knows the first and last London day they came
    in it and the last day before it, worked out again from the register (a cancelled session
    counts for nobody; a row from before is replaced)."""
    from sqlalchemy import insert, text

    from youthhub.activities.models import Attendance

    app = migrating_app(tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0044")
        moments = [at(2025, 3, 31, 23, 30), at(2025, 4, 20, 18), at(2025, 4, 10, 18)]
        moments += [at(2025, 6, 2, 18), at(2025, 6, 9, 18)]
        with db.engine.begin() as connection:
            insert_young_person(connection)
            insert_sessions(connection, moments, cancelled=5)
            connection.execute(
                insert(Attendance),
                [
                    {"activity_id": number, "person_id": 1, "attended": True}
                    for number in (1, 2, 3, 4, 5)
                ],
            )
            connection.exec_driver_sql(
                "INSERT INTO months_of_visits (person_id, month, previous_month, attendances)"
                " VALUES (1, '2025-01-01', NULL, 9)"
            )
        flask_migrate.upgrade(revision="0045")
        with db.engine.connect() as connection:
            months = connection.execute(
                text(
                    "SELECT month, previous_month, previous_on, first_on, last_on, attendances"
                    " FROM months_of_visits ORDER BY month"
                )
            ).all()
        db.engine.dispose()
    assert [tuple(map(str, row)) for row in months] == [
        ("2025-04-01", "None", "None", "2025-04-01", "2025-04-20", "3"),
        ("2025-06-01", "2025-04-01", "2025-04-20", "2025-06-02", "2025-06-02", "1"),
    ]
