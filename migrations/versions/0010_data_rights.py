"""data rights: who looked at a young person's data, erasure requests, retention

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 15:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_access_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=False),
        sa.Column("viewer_roles", sa.String(length=80), nullable=False),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_data_access_entries_person_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["viewer_id"], ["users.id"], name=op.f("fk_data_access_entries_viewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_access_entries")),
    )
    with op.batch_alter_table("data_access_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_access_entries_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_data_access_entries_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "asked",
                "held",
                "done",
                "withdrawn",
                name="erasurestatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hold_reason", sa.String(length=500), nullable=True),
        sa.Column("held_by_id", sa.Integer(), nullable=True),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_erasure_requests_person_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["held_by_id"], ["users.id"], name=op.f("fk_erasure_requests_held_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"], ["users.id"], name=op.f("fk_erasure_requests_done_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_requests")),
    )
    with op.batch_alter_table("erasure_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_erasure_requests_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "data_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("keep_months", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_data_settings_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_settings")),
    )
    op.create_table(
        "retention_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("erase_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_retention_reminders_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_reminders")),
        sa.UniqueConstraint(
            "person_id", "erase_on", name=op.f("uq_retention_reminders_person_id_erase_on")
        ),
    )


def downgrade():
    op.drop_table("retention_reminders")
    op.drop_table("data_settings")
    with op.batch_alter_table("erasure_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erasure_requests_person_id"))
    op.drop_table("erasure_requests")
    with op.batch_alter_table("data_access_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_access_entries_person_id"))
        batch_op.drop_index(batch_op.f("ix_data_access_entries_at"))
    op.drop_table("data_access_entries")
