"""Signed revisions of a letter's PDF: each signature makes one, with its own verification code."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.letter import Letter, Signature


class SignedRevision(Model):
    """The letter as one signature left it; its code is in that signature's QR.

    A copy whose signature was later voided keeps its own code, so scanning it can say that this
    copy was replaced, while the QR codes of the letter as issued say that the letter is valid.
    """

    __tablename__ = "signed_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # The PDF right after this signature (None only for revisions older than the column).
    pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("audit_blobs.sha256"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    letter: Mapped[Letter] = relationship()
    signature: Mapped[Signature] = relationship(
        lazy="joined", backref=backref("revision", uselist=False)
    )
