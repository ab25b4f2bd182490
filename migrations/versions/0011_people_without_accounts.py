"""young people without an account: nullable email and password, who added them, merging,
hand-over links

Revision ID: 0011
Revises: 0014
Create Date: 2026-12-01 18:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=True)
        batch_op.alter_column("password_hash", existing_type=sa.String(length=255), nullable=True)
        batch_op.add_column(sa.Column("added_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_added_by_id_users"), "users", ["added_by_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_users_merged_into_id_users"), "users", ["merged_into_id"], ["id"]
        )
    op.create_table(
        "record_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["users.id"],
            name=op.f("fk_record_handovers_person_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["users.id"], name=op.f("fk_record_handovers_made_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_handovers")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_record_handovers_token_hash")),
    )
    with op.batch_alter_table("record_handovers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_handovers_person_id"), ["person_id"], unique=False
        )


def downgrade():
    op.drop_table("record_handovers")
    # The old schema needs an email and a password: people without an account get a reserved
    # address (mail there goes nowhere) and a password nothing can match.
    op.execute(
        "UPDATE users SET email = 'no-account-' || id || '@no-account.invalid' "
        "WHERE email IS NULL"
    )
    op.execute("UPDATE users SET password_hash = '!no-account' WHERE password_hash IS NULL")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_users_merged_into_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_users_added_by_id_users"), type_="foreignkey")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("added_by_id")
        batch_op.alter_column("password_hash", existing_type=sa.String(length=255), nullable=False)
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=False)
