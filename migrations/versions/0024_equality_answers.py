"""equality monitoring: a young person's own optional answers, apart from their profile

Revision ID: 0024
Revises: 0011
Create Date: 2026-12-01 21:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None

QUESTIONS = ("age_band", "ethnicity", "gender", "disability", "care_status", "parent")


def upgrade():
    op.create_table(
        "equality_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.String(length=40), nullable=True) for name in QUESTIONS),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["users.id"],
            name=op.f("fk_equality_answers_person_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equality_answers")),
        sa.UniqueConstraint("person_id", name=op.f("uq_equality_answers_person_id")),
    )


def downgrade():
    op.drop_table("equality_answers")
