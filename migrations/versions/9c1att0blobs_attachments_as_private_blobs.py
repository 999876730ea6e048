"""Residents' attachments keep their bytes as private blobs (private_blobs, or the object store)

Revision ID: 9c1att0blobs
Revises: 9c0req0chain
Create Date: 2026-12-02 13:10:00

The bytes of every attachment not yet removed move from `request_attachments.content` into
`private_blobs`, by SHA-256 (stored in the row; app/services/internal/blobs.py reads them there
whatever LAYANG_BLOB_STORE says). Going down brings them back from `private_blobs` rows; bytes
written to an object store after the upgrade stay there and are not copied back.
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "9c1att0blobs"
down_revision = "9c0req0chain"
branch_labels = None
depends_on = None

attachments = sa.table(
    "request_attachments",
    sa.column("id", sa.Integer),
    sa.column("sha256", sa.String),
    sa.column("media_type", sa.String),
    sa.column("content", sa.LargeBinary),
    sa.column("removed_at", sa.DateTime(timezone=True)),
)
blobs = sa.table(
    "private_blobs",
    sa.column("sha256", sa.String),
    sa.column("media_type", sa.String),
    sa.column("encoding", sa.String),
    sa.column("size", sa.Integer),
    sa.column("content", sa.LargeBinary),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade():
    op.create_table(
        "private_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("encoding", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_private_blobs")),
    )
    connection = op.get_bind()
    known = set()
    rows = connection.execute(
        sa.select(attachments.c.id, attachments.c.media_type, attachments.c.content).where(
            attachments.c.content.is_not(None)
        )
    )
    for attachment_id, media_type, content in rows.all():
        content = bytes(content)
        sha256 = hashlib.sha256(content).hexdigest()
        if sha256 not in known:
            connection.execute(
                blobs.insert().values(
                    sha256=sha256,
                    media_type=media_type,
                    encoding="identity",
                    size=len(content),
                    content=content,
                    created_at=sa.func.now(),
                )
            )
            known.add(sha256)
        connection.execute(
            attachments.update().where(attachments.c.id == attachment_id).values(sha256=sha256)
        )
    with op.batch_alter_table("request_attachments") as batch_op:
        batch_op.drop_column("content")
        batch_op.create_index(batch_op.f("ix_request_attachments_sha256"), ["sha256"], unique=False)


def downgrade():
    with op.batch_alter_table("request_attachments") as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_attachments_sha256"))
        batch_op.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
    op.get_bind().execute(
        attachments.update()
        .where(attachments.c.removed_at.is_(None))
        .values(
            content=sa.select(blobs.c.content)
            .where(blobs.c.sha256 == attachments.c.sha256)
            .scalar_subquery()
        )
    )
    op.drop_table("private_blobs")
