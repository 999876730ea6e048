"""A resident's online request, its attachments, desa-issued PINs."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.office import Office
from app.models.route import LetterType


class ResidentRequest(Model):
    """A letter asked for online; becomes a letter when the desa operator starts its route."""

    __tablename__ = "resident_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)  # in links; unguessable
    desa_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    letter_type_id: Mapped[int] = mapped_column(ForeignKey("letter_types.id"))
    applicant_nik: Mapped[str] = mapped_column(String(16), index=True)
    applicant_name: Mapped[str] = mapped_column(String(120))
    fields: Mapped[dict] = mapped_column(JSON)
    # How the resident confirmed and is told: whatsapp, telegram, email (one-time code) or pin.
    contact_channel: Mapped[str] = mapped_column(String(20))
    contact_address: Mapped[str] = mapped_column(String(200), default="")
    delivery: Mapped[str] = mapped_column(String(20))  # domain.residents.Delivery
    status: Mapped[str] = mapped_column(String(20), index=True)  # domain.residents.RequestStatus
    tracking_code: Mapped[str] = mapped_column(String(20), unique=True)
    otp_hash: Mapped[str | None] = mapped_column(String(64))
    otp_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    otp_attempts: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str | None] = mapped_column(Text)  # why a fix was asked for, or why rejected
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), unique=True)
    client_address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # letter finished or refused

    desa: Mapped[Office] = relationship(lazy="joined")
    letter_type: Mapped[LetterType] = relationship(lazy="joined")
    attachments: Mapped[list["RequestAttachment"]] = relationship(
        order_by="RequestAttachment.id", back_populates="request"
    )


class RequestAttachment(Model):
    """A document the resident attached (re-encoded image or checked PDF), deleted later."""

    __tablename__ = "request_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("resident_requests.id"), index=True)
    requirement: Mapped[str] = mapped_column(String(40))  # the letter type's requirement code
    media_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # its private blob (blobs.py)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_why: Mapped[str | None] = mapped_column(String(20))  # replaced | retention

    request: Mapped[ResidentRequest] = relationship(back_populates="attachments")


class PrivateBlob(Model):
    """A resident's document kept by content (app/services/internal/blobs.py, `private=True`):
    unlike audit blobs, deleted when no attachment needs it any more. `content` is NULL when the
    bytes live in the object store."""

    __tablename__ = "private_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(60))
    encoding: Mapped[str] = mapped_column(String(20))  # identity | zlib
    size: Mapped[int]
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ResidentPin(Model):
    """A PIN the desa office issued to a resident (NIK) to confirm online requests, phone-free."""

    __tablename__ = "resident_pins"
    __table_args__ = (UniqueConstraint("desa_id", "nik"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    nik: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
