"""reports: headcounts of young people whose names were not taken, past activities imported
from a programme's own table, and when a new member becomes a movement member

Revision ID: 0012
Revises: 0016 (after main's head; first written after 0010)
Create Date: 2026-12-01 18:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unnamed_young_people", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("stated_who_attended", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("import_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_activities_import_key"), ["import_key"]
        )
    with op.batch_alter_table("programme_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("new_member_months", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("new_member_sessions", sa.Integer(), nullable=True))
    # A programme that saved its settings before keeps the defaults: three months, six sessions.
    settings = sa.table(
        "programme_settings",
        sa.column("new_member_months", sa.Integer),
        sa.column("new_member_sessions", sa.Integer),
    )
    op.execute(settings.update().values(new_member_months=3, new_member_sessions=6))


def downgrade():
    with op.batch_alter_table("programme_settings", schema=None) as batch_op:
        batch_op.drop_column("new_member_sessions")
        batch_op.drop_column("new_member_months")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_activities_import_key"), type_="unique")
        batch_op.drop_column("import_key")
        batch_op.drop_column("stated_who_attended")
        batch_op.drop_column("unnamed_young_people")
