"""payments: claims from the register still waiting for approval are the young person's own

A claim made by a paid role's register used to be logged in the name of the worker who took the
register, so that worker could never approve it. It is now logged in the young person's name
(the register is the evidence). This does the same for the register's claims still waiting for
approval; decided claims keep who logged them, as the audit log does.

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-01 18:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None

contributions = sa.table(
    "contributions",
    sa.column("person_id", sa.Integer),
    sa.column("activity_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("submitted_by_id", sa.Integer),
)


def upgrade():
    op.execute(
        contributions.update()
        .where(contributions.c.activity_id.is_not(None), contributions.c.status == "submitted")
        .values(submitted_by_id=contributions.c.person_id)
    )


def downgrade():
    # Who took each register is not kept on the claim: the audit log says it.
    pass
