"""The letter's history and the audit trail: append-only, hash-chained rows.

Nothing in the app updates or deletes these rows: the ORM refuses it (listeners below), and on
PostgreSQL a trigger refuses it too (see the audit-trail migration).
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.user import User


class ChainedEvent:
    """The columns of every hash-chained history event (a letter's, an online request's)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int]  # 1, 2, 3... per chain
    kind: Mapped[str] = mapped_column(String(30))  # domain.events.EventKind, RequestEventKind
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: system, resident
    role: Mapped[str | None] = mapped_column(String(30))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    client_address: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # The parts of the audited state this event changed (domain.events.state_patch), the hash
    # of the whole state after it, and the chain: hash = link_hash(content, prev_hash).
    state_patch: Mapped[dict | None] = mapped_column(JSON)
    state_hash: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class LetterEvent(ChainedEvent, Model):
    """One change to a letter: who, when, from where, what (data), and the letter's state after
    it."""

    __tablename__ = "letter_events"
    __table_args__ = (UniqueConstraint("letter_id", "seq"), Index("ix_letter_events_at", "at"))

    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"))

    actor: Mapped[User | None] = relationship()


class RequestEvent(ChainedEvent, Model):
    """One step of a resident's online request (submitted, confirmed, fix asked, rejected, ...),
    chained like a letter's events, over the request's audited state."""

    __tablename__ = "request_events"
    __table_args__ = (UniqueConstraint("request_id", "seq"),)

    request_id: Mapped[int] = mapped_column(ForeignKey("resident_requests.id"))


class AuditBlob(Model):
    """Content-addressed bytes the history points to: each signed PDF, each process snapshot.

    `content` is NULL when the bytes live in the object store (app/services/internal/blobs.py)."""

    __tablename__ = "audit_blobs"

    sha256: Mapped[str] = mapped_column(
        String(64), primary_key=True
    )  # of the content before encoding
    media_type: Mapped[str] = mapped_column(String(60))
    encoding: Mapped[str] = mapped_column(String(20))  # identity | zlib
    size: Mapped[int]
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditDigest(Model):
    """A kabupaten's day: the heads of every letter chain and every online request's chain that
    moved that day, chained day to day."""

    __tablename__ = "audit_digests"
    __table_args__ = (UniqueConstraint("kabupaten_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kabupaten_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)  # on the WIB calendar
    heads: Mapped[list] = mapped_column(JSON)  # [[letter_id, seq, hash], ...] by letter id
    events_count: Mapped[int]
    # {"heads": [[request_id, seq, hash], ...], "events_count": n}; NULL on digests written before
    # request chains were anchored (their hash covers letters only)
    requests: Mapped[dict | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditRead(Model):
    """Someone read a history, a replay, an export or an audit search: who, what, when, from
    where."""

    __tablename__ = "audit_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    action: Mapped[str] = mapped_column(String(30))  # history, replay, replay_pdf, export_csv, ...
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    client_address: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    user: Mapped[User] = relationship()


APPEND_ONLY = (LetterEvent, RequestEvent, AuditBlob, AuditDigest, AuditRead)


class AppendOnlyViolation(RuntimeError):
    """Code tried to change or remove an audit row."""


def _refuse(_mapper, _connection, target):
    raise AppendOnlyViolation(
        f"{type(target).__name__} rows are append-only: never updated or deleted"
    )


for _model in APPEND_ONLY:
    event.listen(_model, "before_update", _refuse)
    event.listen(_model, "before_delete", _refuse)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state):
    """Bulk `update(LetterEvent)` / `delete(...)` statements skip the mapper events: refuse them
    here."""
    if (state.is_update or state.is_delete) and any(
        m.class_ in APPEND_ONLY for m in state.all_mappers
    ):
        raise AppendOnlyViolation("audit rows are append-only: never updated or deleted")
