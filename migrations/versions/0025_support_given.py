"""support given: the kinds of support an admin lists, and each one logged for a young person

The three starting kinds are seeded here (a frozen copy: later edits to
youthhub/support/defaults.py do not change this migration).

Revision ID: 0025
Revises: 0020
Create Date: 2026-12-01 21:30:00.000000

"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0026"
branch_labels = None
depends_on = None

KINDS = (
    ("journey-bag", {"en": "Journey bag given", "cy": "Bag taith wedi'i roi"}),
    ("lifelong-links", {"en": "Lifelong Links referral", "cy": "Atgyfeiriad Lifelong Links"}),
    ("housing-advice", {"en": "Housing advice", "cy": "Cyngor ar dai"}),
)


def upgrade():
    kinds = op.create_table(
        "support_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_kinds")),
        sa.UniqueConstraint("slug", name=op.f("uq_support_kinds_slug")),
    )
    op.create_table(
        "support_given",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kind_id"], ["support_kinds.id"], name=op.f("fk_support_given_kind_id_support_kinds")
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"], ["users.id"], name=op.f("fk_support_given_logged_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_support_given_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_given")),
    )
    with op.batch_alter_table("support_given", schema=None) as batch_op:
        batch_op.create_index(
            "ix_support_given_given_on_kind_person", ["given_on", "kind_id", "person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_support_given_kind_id"), ["kind_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_support_given_logged_by_id"), ["logged_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_support_given_person_id"), ["person_id"], unique=False)

    now = datetime.now(UTC)
    op.bulk_insert(
        kinds,
        [
            {"slug": slug, "names": names, "position": number, "created_at": now}
            for number, (slug, names) in enumerate(KINDS, start=1)
        ],
    )


def downgrade():
    with op.batch_alter_table("support_given", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_given_person_id"))
        batch_op.drop_index(batch_op.f("ix_support_given_logged_by_id"))
        batch_op.drop_index(batch_op.f("ix_support_given_kind_id"))
        batch_op.drop_index("ix_support_given_given_on_kind_person")
    op.drop_table("support_given")
    op.drop_table("support_kinds")
