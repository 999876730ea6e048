"""One verification code per signed revision (signed_revisions)

Revision ID: 9b2e4c7arevs
Revises: 9b2e5d1aresid
Create Date: 2026-12-02 09:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "9b2e4c7arevs"
down_revision = "9b2e5d1aresid"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signed_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("signature_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"]),
        sa.ForeignKeyConstraint(["signature_id"], ["signatures.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("signature_id"),
    )
    op.create_index(
        op.f("ix_signed_revisions_letter_id"), "signed_revisions", ["letter_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_signed_revisions_letter_id"), table_name="signed_revisions")
    op.drop_table("signed_revisions")
