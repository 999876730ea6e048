"""Officials' signing certificates: stored encrypted, replaced or revoked by the kabupaten admin,
never read back."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.fernet import Fernet
from flask import current_app
from sqlalchemy import select

import signing
from app.domain.errors import CertificateUnusable, InvalidInput, NotFound
from app.domain.roles import CERTIFICATE_ROLES, SIGNER_ROLES, Role
from app.extensions import db
from app.models import SignerCertificate, User
from app.models.base import utcnow
from app.services.internal.database import committing
from app.services.internal.scope import require_role

EXPIRY_WARNING = timedelta(days=30)
MAX_PKCS12_BYTES = 64 * 1024


def _vault() -> Fernet:
    return Fernet(current_app.config["CERT_ENCRYPTION_KEY"])


def add_certificate(user: User, pkcs12: bytes, passphrase: str) -> SignerCertificate:
    """Store an official's PKCS#12 encrypted (in the caller's transaction), after opening it with
    the passphrase."""
    try:
        key = signing.open_pkcs12(pkcs12, passphrase)
    except signing.BadPassphrase:
        raise InvalidInput(
            "Passphrase tidak cocok dengan berkas sertifikat.",
            fields={"passphrase": ["Passphrase tidak cocok."]},
        ) from None
    except signing.CertificateProblem as problem:
        raise InvalidInput(
            f"Sertifikat tidak dapat dipakai: {problem}", fields={"file": [str(problem)]}
        ) from None
    certificate = SignerCertificate(
        user=user,
        pkcs12=_vault().encrypt(pkcs12),
        fingerprint=key.certificate_fingerprint,
        not_after=key.not_after,
    )
    db.session.add(certificate)
    return certificate


def current_certificate(user: User) -> SignerCertificate | None:
    """The official's newest certificate, revoked or not."""
    return db.session.scalar(
        select(SignerCertificate)
        .where(SignerCertificate.user_id == user.id)
        .order_by(SignerCertificate.uploaded_at.desc(), SignerCertificate.id.desc())
    )


def signing_pkcs12(user: User) -> bytes:
    """The decrypted PKCS#12 the official signs with; CertificateUnusable when missing or
    revoked."""
    certificate = current_certificate(user)
    if certificate is None:
        raise CertificateUnusable(
            "Anda belum memiliki sertifikat elektronik. Hubungi admin kabupaten."
        )
    if certificate.revoked_at is not None:
        raise CertificateUnusable(
            "Sertifikat elektronik Anda telah dicabut. Hubungi admin kabupaten."
        )
    return _vault().decrypt(certificate.pkcs12)


@dataclass(frozen=True)
class CertificateStatus:
    """What the admin sees of one official's certificate: never the certificate itself."""

    user: User
    fingerprint: str | None
    not_after: datetime | None
    state: str  # none, active, expiring, expired, revoked

    @property
    def days_left(self) -> int | None:
        return (self.not_after - utcnow()).days if self.not_after else None


def certificate_status(user: User, now: datetime | None = None) -> CertificateStatus:
    """The state of the official's current certificate, with the 30-day expiry warning."""
    now = now or utcnow()
    certificate = current_certificate(user)
    if certificate is None:
        return CertificateStatus(user, None, None, "none")
    if certificate.revoked_at is not None:
        state = "revoked"
    elif certificate.not_after <= now:
        state = "expired"
    elif certificate.not_after - now <= EXPIRY_WARNING:
        state = "expiring"
    else:
        state = "active"
    return CertificateStatus(user, certificate.fingerprint, certificate.not_after, state)


def _official(actor: User, username: str) -> User:
    """An official of the admin's kabupaten who may hold a certificate, or NotFound."""
    official = db.session.scalar(
        select(User).where(User.username == username, User.role.in_(CERTIFICATE_ROLES))
    )
    if official is None or _kabupaten_of(official) != actor.office_id:
        raise NotFound("Pejabat penandatangan tidak ditemukan.")
    return official


def _kabupaten_of(user: User) -> int:
    office = user.office
    while office.parent is not None:
        office = office.parent
    return office.id


def list_certificates(actor: User) -> list[CertificateStatus]:
    """Every signing official of my kabupaten with the state of their certificate."""
    require_role(actor, Role.ADMIN_KABUPATEN, "Hanya admin kabupaten yang mengelola sertifikat.")
    officials = db.session.scalars(
        select(User).where(User.role.in_(SIGNER_ROLES)).order_by(User.username)
    )
    return [certificate_status(u) for u in officials if _kabupaten_of(u) == actor.office_id]


def upload_certificate(
    actor: User, username: str, pkcs12: bytes, passphrase: str
) -> CertificateStatus:
    """Give an official a new certificate (replacing the old one); the passphrase only proves the
    file opens."""
    require_role(actor, Role.ADMIN_KABUPATEN, "Hanya admin kabupaten yang mengelola sertifikat.")
    if not pkcs12 or len(pkcs12) > MAX_PKCS12_BYTES:
        raise InvalidInput(
            "Unggah berkas sertifikat PKCS#12 (.p12) yang valid.",
            fields={"file": ["Berkas .p12 wajib diunggah (maks. 64 KB)."]},
        )
    with committing():
        official = _official(actor, username)
        add_certificate(official, pkcs12, passphrase or "")
    return certificate_status(official)


def revoke_certificate(actor: User, username: str) -> CertificateStatus:
    """Revoke an official's current certificate: it can no longer sign."""
    require_role(actor, Role.ADMIN_KABUPATEN, "Hanya admin kabupaten yang mengelola sertifikat.")
    with committing():
        official = _official(actor, username)
        certificate = current_certificate(official)
        if certificate is None or certificate.revoked_at is not None:
            raise NotFound("Tidak ada sertifikat aktif untuk dicabut.")
        certificate.revoked_at = utcnow()
    return certificate_status(official)
