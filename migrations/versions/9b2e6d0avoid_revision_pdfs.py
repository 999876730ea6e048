"""Each signed revision keeps its PDF (the file right after its signature), so a voided one can be
handed out marked DIBATALKAN; existing revisions take theirs from their "signed" events

Revision ID: 9b2e6d0avoid
Revises: c0ffee01throttle
Create Date: 2026-12-02 13:00:00
"""

import json
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "9b2e6d0avoid"
down_revision = "c0ffee01throttle"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signed_revisions") as batch_op:
        batch_op.add_column(sa.Column("pdf_sha256", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_signed_revisions_pdf_sha256_audit_blobs"),
            "audit_blobs",
            ["pdf_sha256"],
            ["sha256"],
        )
    connection = op.get_bind()
    # Every signature was recorded with one "signed" event in the same transaction, in the same
    # order: the n-th signature of a letter is the n-th "signed" event, whose data names the file.
    signatures = connection.execute(
        sa.text(
            "SELECT s.letter_id, r.id FROM signatures s "
            "LEFT JOIN signed_revisions r ON r.signature_id = s.id ORDER BY s.letter_id, s.id"
        )
    ).all()
    events = connection.execute(
        sa.text(
            "SELECT letter_id, data FROM letter_events WHERE kind = 'signed' ORDER BY letter_id, seq"
        )
    ).all()
    files = {
        letter_id: [_after(data) for _, data in rows]
        for letter_id, rows in groupby(events, key=lambda row: row[0])
    }
    known = {row[0] for row in connection.execute(sa.text("SELECT sha256 FROM audit_blobs"))}
    for letter_id, rows in groupby(signatures, key=lambda row: row[0]):
        revisions = [revision_id for _, revision_id in rows]
        after = files.get(letter_id, [])
        if len(after) != len(revisions):
            continue  # a history that does not pair up: leave those revisions without a file
        for revision_id, sha256 in zip(revisions, after, strict=True):
            if revision_id is not None and sha256 in known:
                connection.execute(
                    sa.text("UPDATE signed_revisions SET pdf_sha256 = :sha WHERE id = :id"),
                    {"sha": sha256, "id": revision_id},
                )


def _after(data) -> str | None:
    data = json.loads(data) if isinstance(data, str) else data
    return (data or {}).get("document_sha256_after")


def downgrade():
    with op.batch_alter_table("signed_revisions") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_signed_revisions_pdf_sha256_audit_blobs"), type_="foreignkey"
        )
        batch_op.drop_column("pdf_sha256")
