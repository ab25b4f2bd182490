"""the finance queue's totals kept as claims change (issue 19)

The finance queue shows how many approved claims wait to be paid and what they come to, by way of
paying, on every page. 0036 added them up from an index, but that is still every approved claim
each time: 25,000 at a region's scale, ~3 ms of the database's time a page on SQLite and on
PostgreSQL, growing with the queue. `waiting_totals` keeps a row for each way of paying, which
triggers on `contributions` move as a claim becomes approved or stops being approved, or an
approved claim's way of paying or amounts change, however it is changed (a service's UPDATE of
one claim or of a whole register, a bulk insert by a script, a deletion). 0036's index then
serves nothing, and is dropped.

The amount is `Contribution.payable_pence`: the approved amount (else the price), or less if the
young person asked for less. Claims not chosen yet are kept under "" (a key cannot be NULL).

On PostgreSQL a transaction that changes an approved claim waits for another doing the same to
finish (the totals' rows are locked in one order, so two cannot deadlock); SQLite writes one
transaction at a time anyway.

SQLite drops a table's triggers when a later migration rebuilds it (`batch_alter_table` on
`contributions`): such a migration must create them again (`create_triggers` here).
`tests/payments/test_waiting_totals.py` fails if they are missing.

Revision ID: 0040
Revises: 0038
Create Date: 2026-12-02 09:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0038"
branch_labels = None
depends_on = None


def payable(row: str) -> str:
    """`payable_pence` of the claim `row` ("NEW" or "OLD") in SQL."""
    amount = f"coalesce({row}.approved_pence, {row}.amount_pence)"
    return (
        f"CASE WHEN {row}.wanted_pence IS NOT NULL AND {row}.wanted_pence < {amount} "
        f"THEN {row}.wanted_pence ELSE {amount} END"
    )


def choice(row: str) -> str:
    return f"coalesce({row}.payment_choice, '')"


WATCHED = "status, payment_choice, amount_pence, approved_pence, wanted_pence"

# Taking a claim out only changes a row that is there (a row is made when a claim goes in).
TAKE_OUT = (
    "UPDATE waiting_totals SET claims = claims - 1, pence = pence - {payable} "
    "WHERE payment_choice = {choice}"
)
PUT_IN = (
    "INSERT INTO waiting_totals (payment_choice, claims, pence) {values} "
    "ON CONFLICT (payment_choice) DO UPDATE SET "
    "claims = waiting_totals.claims + 1, pence = waiting_totals.pence + excluded.pence"
)


def take_out(row: str, also: str = "") -> str:
    return TAKE_OUT.format(payable=payable(row), choice=choice(row)) + also


def put_in(values: str) -> str:
    return PUT_IN.format(values=values)


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER waiting_totals_on_insert AFTER INSERT ON contributions
WHEN NEW.status = 'approved'
BEGIN
    {put_in(f"VALUES ({choice('NEW')}, 1, {payable('NEW')})")};
END""",
    f"""CREATE TRIGGER waiting_totals_on_delete AFTER DELETE ON contributions
WHEN OLD.status = 'approved'
BEGIN
    {take_out("OLD")};
END""",
    # SQLite wants a WHERE in an INSERT … SELECT before ON CONFLICT; it is the condition here.
    f"""CREATE TRIGGER waiting_totals_on_update AFTER UPDATE OF {WATCHED} ON contributions
WHEN OLD.status = 'approved' OR NEW.status = 'approved'
BEGIN
    {take_out("OLD", " AND OLD.status = 'approved'")};
    {put_in(f"SELECT {choice('NEW')}, 1, {payable('NEW')} WHERE NEW.status = 'approved'")};
END""",
]

POSTGRESQL_TRIGGER = f"""
CREATE FUNCTION waiting_totals_follow_claims() RETURNS trigger AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND OLD.status = 'approved')
            OR (TG_OP <> 'DELETE' AND NEW.status = 'approved') THEN
        -- Every row, always in the same order, before changing any: two transactions each
        -- moving claims paid different ways (two registers approved at once) would otherwise
        -- lock two rows in opposite orders and deadlock.
        PERFORM 1 FROM waiting_totals ORDER BY payment_choice FOR UPDATE;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.status = 'approved' THEN
            {take_out("OLD")};
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        IF NEW.status = 'approved' THEN
            {put_in(f"VALUES ({choice('NEW')}, 1, {payable('NEW')})")};
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER waiting_totals_follow_claims
    AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} ON contributions
    FOR EACH ROW EXECUTE FUNCTION waiting_totals_follow_claims();
"""

SQLITE_NAMES = ["waiting_totals_on_insert", "waiting_totals_on_delete", "waiting_totals_on_update"]


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS waiting_totals_follow_claims ON contributions")
        op.execute("DROP FUNCTION IF EXISTS waiting_totals_follow_claims()")
    else:
        for name in SQLITE_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade():
    op.create_table(
        "waiting_totals",
        sa.Column("payment_choice", sa.String(length=20), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("pence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("payment_choice", name=op.f("pk_waiting_totals")),
    )
    # The claims already approved, then kept from here on.
    op.execute(
        "INSERT INTO waiting_totals (payment_choice, claims, pence) "
        f"SELECT {choice('contributions')}, count(*), sum({payable('contributions')}) "
        f"FROM contributions WHERE status = 'approved' GROUP BY {choice('contributions')}"
    )
    create_triggers()
    op.drop_index("ix_contributions_status_amounts", table_name="contributions")


def downgrade():
    op.create_index(
        "ix_contributions_status_amounts",
        "contributions",
        ["status", "payment_choice", "amount_pence", "approved_pence", "wanted_pence"],
    )
    drop_triggers()
    op.drop_table("waiting_totals")
