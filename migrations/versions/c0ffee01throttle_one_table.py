"""One throttle table: the residents' rate counters move into throttle_counters

Revision ID: c0ffee01throttle
Revises: 9b2e5c71secure
Create Date: 2026-12-02 12:45:00

Counts of open windows move over (their keys carry rule names of their own, so none collide);
nothing in rate_counters held a lock, the residents' rules refused from the count alone.
"""

import sqlalchemy as sa
from alembic import op

revision = "c0ffee01throttle"
down_revision = "9b2e5c71secure"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "INSERT INTO throttle_counters (key, window_start, hits) "
        "SELECT key, window_start, hits FROM rate_counters"
    )
    op.drop_table("rate_counters")


def downgrade():
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_counters")),
    )
