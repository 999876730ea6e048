"""Residents' attachments: rows that name their bytes, kept as private blobs (internal/blobs.py).

The bytes are written before the transaction that adds the row commits (never orphaned by a
rollback), shared by content, and deleted when the last attachment that needs them is removed
(replaced by a re-upload, or by retention).
"""

from datetime import datetime

from sqlalchemy import select

from app.domain.errors import NotFound
from app.extensions import db
from app.models.base import utcnow
from app.models.resident import RequestAttachment, ResidentRequest
from app.services.internal.blobs import put_blob, release_private_blob, stored_blob
from app.services.residents.uploads import CleanFile


def attach(request: ResidentRequest, requirement: str, clean: CleanFile) -> RequestAttachment:
    """Keep a cleaned upload as the request's document for `requirement`."""
    sha256 = put_blob(clean.content, clean.media_type, private=True)
    attachment = RequestAttachment(
        requirement=requirement,
        media_type=clean.media_type,
        size=len(clean.content),
        sha256=sha256,
        created_at=utcnow(),
    )
    request.attachments.append(attachment)
    return attachment


def remove(attachments: list[RequestAttachment], why: str, now: datetime | None = None) -> None:
    """Mark attachments removed (`replaced` or `retention`) and delete bytes nobody needs now."""
    now = now or utcnow()
    for attachment in attachments:
        attachment.removed_at, attachment.removed_why = now, why
    db.session.flush()
    for sha256 in sorted({a.sha256 for a in attachments}):
        needed = db.session.scalar(
            select(RequestAttachment.id)
            .where(RequestAttachment.sha256 == sha256, RequestAttachment.removed_at.is_(None))
            .limit(1)
        )
        release_private_blob(sha256, still_needed=needed is not None)


def content(attachment: RequestAttachment) -> bytes:
    """The document's bytes; NotFound once it was removed."""
    if attachment.removed_at is not None:
        raise NotFound("Lampiran sudah dihapus.")
    return stored_blob(attachment.sha256, private=True)
