"""Server-side sign-in sessions: web session cookies and API bearer tokens, both revocable.

The browser (or API client) holds only a random secret; the database holds its SHA-256 with the
user, an idle and an absolute timeout, and a tag of the user's password hash. Signing out revokes
the row; a new password, a deactivated user, a revoked row or a timeout ends the session at once,
in every app process.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.domain.errors import AuthenticationFailed
from app.extensions import db
from app.models import AuthSession, User
from app.models.base import utcnow

WEB, API = "web", "api"
_TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def credential_tag(user: User) -> str:
    """Changes whenever the user's password changes or their sessions are ended (auth_epoch)."""
    return _digest(f"layang-credential:{user.auth_epoch or 0}:{user.password_hash}")


def _timeouts(kind: str) -> tuple[timedelta, timedelta]:
    """(idle, absolute) timeouts of a session kind, from the configuration."""
    config = current_app.config
    if kind == WEB:
        return (
            timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]),
        )
    return (
        timedelta(minutes=config["API_TOKEN_IDLE_MINUTES"]),
        timedelta(seconds=config["API_TOKEN_MAX_AGE"]),
    )


def start_session(user: User, kind: str, client_address: str | None = None) -> str:
    """Open a session for a user who just proved their password; answers its secret (commits)."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        AuthSession(
            secret_hash=_digest(secret),
            user_id=user.id,
            kind=kind,
            credential_tag=credential_tag(user),
            client_address=(client_address or "")[:64] or None,
            created_at=now,
            last_seen_at=now,
            expires_at=now + _timeouts(kind)[1],
        )
    )
    db.session.commit()
    return secret


def user_for_secret(secret: str | None, kind: str) -> User:
    """The user of a live session, or AuthenticationFailed; keeps the session from idling out."""
    if not secret:
        raise AuthenticationFailed("Silakan masuk terlebih dahulu.")
    row = db.session.scalar(
        select(AuthSession)
        .options(joinedload(AuthSession.user))  # one query per request, not two
        .where(AuthSession.secret_hash == _digest(secret), AuthSession.kind == kind)
    )
    now = utcnow()
    idle, _absolute = _timeouts(kind)
    if row is None or row.revoked_at is not None:
        raise AuthenticationFailed("Sesi tidak berlaku. Silakan masuk lagi.")
    if now >= row.expires_at or now - row.last_seen_at >= idle:
        raise AuthenticationFailed("Sesi berakhir. Silakan masuk lagi.")
    user = row.user
    if not user.active or row.credential_tag != credential_tag(user):
        raise AuthenticationFailed("Sesi tidak berlaku. Silakan masuk lagi.")
    if now - row.last_seen_at >= _TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return user


def end_session(secret: str | None) -> None:
    """Sign out: the session's secret stops working everywhere (commits)."""
    if secret:
        db.session.execute(
            update(AuthSession)
            .where(AuthSession.secret_hash == _digest(secret), AuthSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        db.session.commit()


def end_all_sessions(user: User) -> None:
    """End every web session and API token of the user, e.g. on deactivation (in the caller's
    transaction). A password change ends them anyway: their credential tag no longer matches."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
