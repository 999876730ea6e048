"""The kabupaten's cuti bersama days, edited by its admin (no longer LAYANG_CUTI_BERSAMA)

Revision ID: c7b3e5a1cuti
Revises: 9b2e6d0avoid
Create Date: 2026-12-02 12:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c7b3e5a1cuti"
down_revision = "9b2e6d0avoid"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cuti_bersama_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kabupaten_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kabupaten_id"],
            ["offices.id"],
            name=op.f("fk_cuti_bersama_days_kabupaten_id_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_cuti_bersama_days_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cuti_bersama_days")),
        sa.UniqueConstraint(
            "kabupaten_id", "day", name=op.f("uq_cuti_bersama_days_kabupaten_id")
        ),
    )


def downgrade():
    op.drop_table("cuti_bersama_days")
