"""distance travelled from each rating's move: ratings keep where they stand in their history (issue 19)

Monitoring's distance travelled compares each young person's first and latest rating in a period,
in each area. It found them by reading every rating of the period, grouping them by person and
area, and looking up two scores for each person (~110 ms of PostgreSQL's time at a region's
scale, and ~75 ms more to count who rated). A rating now keeps the moment of the person's rating
before it in the area and how far the score moved from it, and the moment of their rating before
it in any area (`goals.rating_links` keeps them as ratings are saved). The latest rating minus
the first is the sum of the moves within the period, read from an index of the ratings that
follow another; who rated is a count of the ratings whose rating before is older than the period.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-03 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None

MOVES = ["previous_at", "rated_at", "owner_id", "area_id", "change"]

# Each rating's links from its person's ratings in the order they were made (the same moment
# in the order saved): the statement `goals.rating_links` runs for everyone.
LINK_EVERY_RATING = """
UPDATE ratings SET previous_at = links.previous_at, change = links.change,
    previous_any_at = links.previous_any_at
FROM (
    SELECT id,
        lag(rated_at) OVER (PARTITION BY owner_id, area_id ORDER BY rated_at, id) AS previous_at,
        score - lag(score) OVER (PARTITION BY owner_id, area_id ORDER BY rated_at, id) AS change,
        lag(rated_at) OVER (PARTITION BY owner_id ORDER BY rated_at, id) AS previous_any_at
    FROM ratings
) AS links
WHERE ratings.id = links.id
"""


def upgrade():
    with op.batch_alter_table("ratings") as batch_op:
        batch_op.add_column(sa.Column("previous_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("change", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("previous_any_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(LINK_EVERY_RATING)
    with op.batch_alter_table("ratings") as batch_op:
        batch_op.drop_index("ix_ratings_rated_at_owner_area")
        batch_op.create_index(
            "ix_ratings_rated_at_previous_any", ["rated_at", "previous_any_at"], unique=False
        )
        batch_op.create_index("ix_ratings_previous_at_moves", MOVES, unique=False)


def downgrade():
    with op.batch_alter_table("ratings") as batch_op:
        batch_op.drop_index("ix_ratings_previous_at_moves")
        batch_op.drop_index("ix_ratings_rated_at_previous_any")
        batch_op.create_index(
            "ix_ratings_rated_at_owner_area", ["rated_at", "owner_id", "area_id"], unique=False
        )
        batch_op.drop_column("previous_any_at")
        batch_op.drop_column("change")
        batch_op.drop_column("previous_at")
