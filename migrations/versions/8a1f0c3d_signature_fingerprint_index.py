"""Index signatures by certificate fingerprint (verifying an uploaded PDF looks them up)

Revision ID: 8a1f0c3dfprint
Revises: 7f00merge0001
Create Date: 2026-11-25 16:56:00
"""
from alembic import op

revision = "8a1f0c3dfprint"
down_revision = "7f00merge0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f("ix_signatures_certificate_fingerprint"), "signatures", ["certificate_fingerprint"])


def downgrade():
    op.drop_index(op.f("ix_signatures_certificate_fingerprint"), table_name="signatures")
