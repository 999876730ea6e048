"""The letter's history: append-only events."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.user import User


class LetterEvent(db.Model):
    __tablename__ = "letter_events"
    __table_args__ = (UniqueConstraint("letter_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"))
    seq: Mapped[int]  # 1, 2, 3... per letter
    kind: Mapped[str] = mapped_column(String(30))  # created, claimed, completed, signed, ...
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str | None] = mapped_column(String(30))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    client_address: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()
