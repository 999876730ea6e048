"""Tasks: when the due-date timer fired

Revision ID: 6d0e7a11timer
Revises: 3de1e9a7deleg
Create Date: 2026-11-25 16:45:00
"""
from alembic import op
import sqlalchemy as sa

revision = "6d0e7a11timer"
down_revision = "3de1e9a7deleg"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.add_column(sa.Column("overdue_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.drop_column("overdue_at")
