"""registers taken offline: each change a phone sent, by its key, and conflicts to decide

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-01 23:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def upgrade():
    op.create_table(
        "register_changes",
        sa.Column("key", sa.String(length=36), primary_key=True),
        sa.Column("activity_id", sa.Integer(), sa.ForeignKey("activities.id"), nullable=True),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column(
            "outcome",
            _enum("changeoutcome", "applied", "merged", "conflict", "refused"),
            nullable=False,
        ),
        sa.Column("message", sa.String(length=300), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_register_changes_activity_id", "register_changes", ["activity_id"])
    op.create_index("ix_register_changes_actor_id", "register_changes", ["actor_id"])
    op.create_table(
        "register_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("activity_id", sa.Integer(), sa.ForeignKey("activities.id"), nullable=False),
        sa.Column("kind", _enum("conflictkind", "mark", "count", "places"), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("count_name", sa.String(length=20), nullable=True),
        sa.Column("first_value", sa.Integer(), nullable=False),
        sa.Column("first_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("second_value", sa.Integer(), nullable=False),
        sa.Column("second_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("second_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_register_conflicts_activity_id", "register_conflicts", ["activity_id"])
    op.create_index("ix_register_conflicts_person_id", "register_conflicts", ["person_id"])


def downgrade():
    op.drop_index("ix_register_conflicts_person_id", table_name="register_conflicts")
    op.drop_index("ix_register_conflicts_activity_id", table_name="register_conflicts")
    op.drop_table("register_conflicts")
    op.drop_index("ix_register_changes_actor_id", table_name="register_changes")
    op.drop_index("ix_register_changes_activity_id", table_name="register_changes")
    op.drop_table("register_changes")
