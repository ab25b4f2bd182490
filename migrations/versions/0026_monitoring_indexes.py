"""monitoring: indexes that answer its two widest counts from the index alone (who came to
power groups' sessions; who rated in a period)

Revision ID: 0026
Revises: 0011
Create Date: 2026-12-01 21:55:00

"""

from alembic import op

revision = "0026"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendances_activity_attended_person",
            ["activity_id", "attended", "person_id"],
            unique=False,
        )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index("ix_ratings_rated_at_owner", ["rated_at", "owner_id"], unique=False)


def downgrade():
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_ratings_rated_at_owner")
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_index("ix_attendances_activity_attended_person")
