"""Daily messages: the 07:00 WIB digest for signers with waiting letters, and the warning about a
signing certificate that expires within 30 days. Each is sent at most once per day (digest) or per
certificate (warning), however often the job runs."""

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from app.domain.notifications import WIB, Kind
from app.domain.roles import SIGNER_ROLES
from app.extensions import db
from app.models import Notification, SignerCertificate, Task, User
from app.models.base import utcnow
from app.services.delegations import acting_roles
from app.services.internal.database import committing
from app.services.internal.scope import inbox_scope
from app.services.notifications import notify_user

CERTIFICATE_WARNING_DAYS = 30


def send_morning_digest(now: datetime | None = None) -> int:
    """Tell each signer how many letters wait for their signature (once per WIB day)."""
    now = now or utcnow()
    day_start = datetime.combine(now.astimezone(WIB).date(), time(0), tzinfo=WIB)
    sent = 0
    with committing():
        signers = db.session.scalars(
            select(User).where(User.role.in_(SIGNER_ROLES), User.active.is_(True))
        ).all()
        for user in signers:
            waiting = _waiting_signatures(user, now)
            if not waiting or _already(user, Kind.DIGEST, day_start):
                continue
            notify_user(user, Kind.DIGEST, {"count": waiting}, "/tasks/bulk-sign", now=now)
            sent += 1
    return sent


def warn_expiring_certificates(now: datetime | None = None) -> int:
    """Warn each official whose signing certificate ends within 30 days (once per certificate)."""
    now = now or utcnow()
    soon = now + timedelta(days=CERTIFICATE_WARNING_DAYS)
    warned = 0
    with committing():
        certificates = db.session.scalars(
            select(SignerCertificate).where(
                SignerCertificate.revoked_at.is_(None),
                SignerCertificate.not_after > now,
                SignerCertificate.not_after <= soon,
            )
        ).all()
        for certificate in certificates:
            user = certificate.user
            newer = db.session.scalar(
                select(func.count(SignerCertificate.id)).where(
                    SignerCertificate.user_id == user.id,
                    SignerCertificate.revoked_at.is_(None),
                    SignerCertificate.not_after > certificate.not_after,
                )
            )
            window = certificate.not_after - timedelta(days=CERTIFICATE_WARNING_DAYS)
            if newer or _already(user, Kind.CERTIFICATE_EXPIRING, window):
                continue
            ends = certificate.not_after.astimezone(WIB)
            notify_user(
                user,
                Kind.CERTIFICATE_EXPIRING,
                {"not_after": f"{ends:%d-%m-%Y}"},
                "/notifications",
                now=now,
            )
            warned += 1
    return warned


def _waiting_signatures(user: User, now: datetime) -> int:
    """The signing tasks in my inbox (own role and roles delegated to me)."""
    waiting = db.session.scalar(
        select(func.count(Task.id)).where(
            inbox_scope(user, acting_roles(user, now)), Task.signing.is_(True)
        )
    )
    return waiting or 0


def _already(user: User, kind: Kind, since: datetime) -> bool:
    sent = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id,
            Notification.kind == kind.value,
            Notification.created_at >= since,
        )
    )
    return bool(sent)
