"""goals: distance travelled from indexes alone (issue 13)

Monitoring finds each young person's first and latest moment in an area in a period from an
index by time, person and area, then looks up the two scores in an index by person, area,
moment and id that holds the score: neither reads a rating's row, and nothing sorts every rating
of the period (a window did, and spilled to disk on PostgreSQL). Both replace narrower indexes
with the same first columns, so nothing that used those loses its index.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-02 03:05:00

"""

from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ratings") as batch_op:
        batch_op.drop_index("ix_ratings_rated_at_owner")
        batch_op.drop_index("ix_ratings_owner_area_rated_at")
        batch_op.create_index(
            "ix_ratings_rated_at_owner_area", ["rated_at", "owner_id", "area_id"], unique=False
        )
        batch_op.create_index(
            "ix_ratings_owner_area_moment_score",
            ["owner_id", "area_id", "rated_at", "id", "score"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("ratings") as batch_op:
        batch_op.drop_index("ix_ratings_owner_area_moment_score")
        batch_op.drop_index("ix_ratings_rated_at_owner_area")
        batch_op.create_index(
            "ix_ratings_owner_area_rated_at", ["owner_id", "area_id", "rated_at"], unique=False
        )
        batch_op.create_index("ix_ratings_rated_at_owner", ["rated_at", "owner_id"], unique=False)
