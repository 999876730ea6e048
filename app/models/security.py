"""Server-side sign-in sessions and the shared counters that throttle guessing."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.user import User


class AuthSession(Model):
    """One sign-in: a web session cookie or an API bearer token, revocable at any time.

    Only the SHA-256 of the secret is stored, so a copy of the database signs nobody in.
    """

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "web" or "api"
    # A digest of the user's password hash when the session began: a new password ends the session.
    credential_tag: Mapped[str] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the absolute timeout
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class ThrottleCounter(Model):
    """Attempts counted per key (e.g. "login-account:kades.bogem", "track-addr:10.0.0.1") in a
    window that starts at the first attempt, shared by every app process because it lives in the
    database; every throttle and rate limit of Layang counts here (services/internal/throttle.py).
    """

    __tablename__ = "throttle_counters"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    hits: Mapped[int]
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
