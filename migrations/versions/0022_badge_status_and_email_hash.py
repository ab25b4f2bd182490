"""open badges: each certificate's bit in the revocation status list, and a young person's
yes to a salted hash of their email in their badge

Revision ID: 0022
Revises: 0011
Create Date: 2026-12-01 21:10:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0019"
branch_labels = None
depends_on = None

# As youthhub/endings/status_list.py: the W3C Bitstring Status List's smallest list (16 KiB).
LIST_LENGTH = 131_072


def upgrade():
    with op.batch_alter_table("endings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("badge_email_salt", sa.String(length=32), nullable=True))
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_index", sa.Integer(), nullable=True))
    # Certificates issued before get a bit each too, drawn at random like new ones, so a
    # revoked one shows as revoked to anyone holding its badge.
    certificates = sa.table("certificates", sa.column("id"), sa.column("status_index"))
    connection = op.get_bind()
    ids = connection.execute(sa.select(certificates.c.id)).scalars().all()
    indexes = secrets.SystemRandom().sample(range(LIST_LENGTH), len(ids))
    for certificate_id, index in zip(ids, indexes, strict=True):
        connection.execute(
            certificates.update()
            .where(certificates.c.id == certificate_id)
            .values(status_index=index)
        )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.alter_column("status_index", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_status_index"), ["status_index"]
        )


def downgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_certificates_status_index"), type_="unique")
        batch_op.drop_column("status_index")
    with op.batch_alter_table("endings", schema=None) as batch_op:
        batch_op.drop_column("badge_email_salt")
