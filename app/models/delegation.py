"""Delegations: an official lets a colleague of the same office act in their role for a while
(Plt)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.user import User


class Delegation(Model):
    __tablename__ = "delegations"
    __table_args__ = (Index("ix_delegations_acting", "to_user_id", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the official who is away
    to_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the deputy who acts
    role: Mapped[str] = mapped_column(
        String(30)
    )  # the role handed over, copied so it never changes under the delegation
    form: Mapped[str] = mapped_column(String(10), default="plt")  # domain.acting.ActingForm
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    from_user: Mapped[User] = relationship(foreign_keys=[from_user_id], lazy="joined")
    to_user: Mapped[User] = relationship(foreign_keys=[to_user_id], lazy="joined")
