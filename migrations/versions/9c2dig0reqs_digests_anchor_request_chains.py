"""Daily digests anchor the online requests' chains too (audit_digests.requests)

Revision ID: 9c2dig0reqs
Revises: 9c1att0blobs
Create Date: 2026-12-02 14:00:00

`requests` holds {"heads": [[request_id, seq, hash], ...], "events_count": n} of the request chains
that moved that day. Digests written before this column existed keep it NULL: their hash covers
letters only, and `flask audit verify` checks them as they were written.
"""

import sqlalchemy as sa
from alembic import op

revision = "9c2dig0reqs"
down_revision = "9c1att0blobs"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("audit_digests", sa.Column("requests", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("audit_digests", "requests")
