"""Signing lease on tasks: the remote signature (BSrE, TSA) runs between two short transactions

Revision ID: 9c3f1a20lease
Revises: c7b3e5a1cuti
Create Date: 2026-12-02 12:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "9c3f1a20lease"
down_revision = "c7b3e5a1cuti"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("signing_token", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("signing_since", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("signing_since")
        batch.drop_column("signing_token")
