"""Delegations: a kades lets the sekdes act (Plt) for a while

Revision ID: 3de1e9a7deleg
Revises: fa64f2e0baba
Create Date: 2026-11-25 15:50:00
"""
from alembic import op
import sqlalchemy as sa

revision = "3de1e9a7deleg"
down_revision = "fa64f2e0baba"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "delegations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_user_id", sa.Integer(), nullable=False),
        sa.Column("to_user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["from_user_id"], ["users.id"], name=op.f("fk_delegations_from_user_id_users")),
        sa.ForeignKeyConstraint(["to_user_id"], ["users.id"], name=op.f("fk_delegations_to_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegations")),
    )
    op.create_index("ix_delegations_acting", "delegations", ["to_user_id", "ends_at"])


def downgrade():
    op.drop_index("ix_delegations_acting", table_name="delegations")
    op.drop_table("delegations")
