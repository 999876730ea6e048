"""Signed PDFs become blobs: letters point to one by SHA-256; blob bytes may live in an object store

Revision ID: 9b10b1obs
Revises: e314ca0cfc58
Create Date: 2026-12-02 09:30:00

Each letter's signed PDF moves from `letters.signed_pdf` into `audit_blobs` (where the history
already kept every signed revision) and `letters.signed_pdf_sha256` names it. `audit_blobs.content`
may be NULL: the bytes are then in the object store (LAYANG_BLOB_STORE).
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "9b10b1obs"
down_revision = "e314ca0cfc58"
branch_labels = None
depends_on = None

letters = sa.table(
    "letters",
    sa.column("id", sa.Integer),
    sa.column("signed_pdf", sa.LargeBinary),
    sa.column("signed_pdf_sha256", sa.String),
)
blobs = sa.table(
    "audit_blobs",
    sa.column("sha256", sa.String),
    sa.column("media_type", sa.String),
    sa.column("encoding", sa.String),
    sa.column("size", sa.Integer),
    sa.column("content", sa.LargeBinary),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade():
    with op.batch_alter_table("audit_blobs") as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
    with op.batch_alter_table("letters") as batch_op:
        batch_op.add_column(sa.Column("signed_pdf_sha256", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    known = set(connection.scalars(sa.select(blobs.c.sha256)))
    rows = connection.execute(
        sa.select(letters.c.id, letters.c.signed_pdf).where(letters.c.signed_pdf.is_not(None))
    )
    for letter_id, pdf in rows.all():
        sha256 = hashlib.sha256(pdf).hexdigest()
        if sha256 not in known:
            connection.execute(
                blobs.insert().values(
                    sha256=sha256,
                    media_type="application/pdf",
                    encoding="identity",
                    size=len(pdf),
                    content=pdf,
                    created_at=sa.func.now(),
                )
            )
            known.add(sha256)
        connection.execute(
            letters.update().where(letters.c.id == letter_id).values(signed_pdf_sha256=sha256)
        )
    with op.batch_alter_table("letters") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_letters_signed_pdf_sha256_audit_blobs"),
            "audit_blobs",
            ["signed_pdf_sha256"],
            ["sha256"],
        )
        batch_op.drop_column("signed_pdf")


def downgrade():
    with op.batch_alter_table("letters") as batch_op:
        batch_op.add_column(sa.Column("signed_pdf", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    connection.execute(
        letters.update()
        .where(letters.c.signed_pdf_sha256.is_not(None))
        .values(
            signed_pdf=sa.select(blobs.c.content)
            .where(blobs.c.sha256 == letters.c.signed_pdf_sha256)
            .scalar_subquery()
        )
    )
    with op.batch_alter_table("letters") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_letters_signed_pdf_sha256_audit_blobs"), type_="foreignkey"
        )
        batch_op.drop_column("signed_pdf_sha256")
    with op.batch_alter_table("audit_blobs") as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
