"""Roll-out readiness: per kecamatan, which desa can take and sign letters today."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

import signing
from app.domain.roles import OFFICE_HEADS, OFFICE_OPERATOR, OfficeLevel
from app.extensions import db
from app.models import Office, SignerCertificate, User
from app.models.base import utcnow
from app.services.certificates import EXPIRY_WARNING
from app.services.offices import get_office, require_admin

# BSrE's user-status answers, in the admin's words.
BSRE_STATES = {
    "ISSUE": ("valid", "Terdaftar, sertifikat aktif"),
    "NOT_REGISTERED": ("missing", "NIK belum terdaftar di BSrE"),
    "EXPIRED": ("expired", "Sertifikat BSrE kedaluwarsa"),
    "REVOKE": ("revoked", "Sertifikat BSrE dicabut"),
    "SUSPEND": ("revoked", "Sertifikat BSrE tidak aktif"),
}
STATE_LABELS = {
    "valid": "Sertifikat berlaku",
    "expiring": "Segera kedaluwarsa",
    "expired": "Kedaluwarsa",
    "revoked": "Dicabut",
    "missing": "Belum ada sertifikat",
    "unknown": "Tidak dapat diperiksa",
}


@dataclass
class SignerReadiness:
    """A signer as the page shows them: plain values, so the page needs no open transaction."""

    username: str
    full_name: str
    role: str
    nik: str | None
    state: str  # valid | expiring | expired | revoked | missing | unknown
    detail: str
    not_after: datetime | None = None


@dataclass
class OfficeReadiness:
    office_id: int
    parent_id: int | None
    name: str
    kind: str
    code: str
    level: str
    operators: list[str] = field(default_factory=list)  # full names of active operators
    signers: list[SignerReadiness] = field(default_factory=list)  # the head first, then a deputy

    @property
    def ready(self) -> bool:
        """True when someone can register letters and the head can sign them."""
        return (
            bool(self.operators)
            and bool(self.signers)
            and self.signers[0].state
            in (
                "valid",
                "expiring",
            )
        )


@dataclass
class KecamatanSummary:
    kecamatan: Office
    offices: int
    ready: int


def overview(admin: User) -> list[KecamatanSummary]:
    """Every kecamatan with how many of its offices (itself and its desa) are ready."""
    require_admin(admin)
    readiness = _readiness(admin, None)
    summaries = []
    for kecamatan in _kecamatan_list(admin):
        rows = [r for r in readiness if kecamatan.id in (r.office_id, r.parent_id)]
        summaries.append(KecamatanSummary(kecamatan, len(rows), sum(r.ready for r in rows)))
    return summaries


def kecamatan_readiness(admin: User, kecamatan_id: int) -> list[OfficeReadiness]:
    """The kecamatan office and each of its desa/kelurahan: operators, signers, certificates.

    With the BSrE backend each signer's NIK is checked at BSrE's user-status endpoint, outside any
    database transaction (a slow BSrE slows only this page)."""
    require_admin(admin)
    kecamatan = get_office(admin, kecamatan_id)
    rows = _readiness(admin, kecamatan)
    client = _bsre_client() if current_app.config.get("SIGNER_BACKEND") == "bsre" else None
    if client is not None:
        db.session.rollback()  # end the read transaction: no database lock while BSrE answers
        for row in rows:
            for signer in row.signers:
                if signer.username != "-":
                    _check_at_bsre(client, signer)
    return rows


def _kecamatan_list(admin: User) -> list[Office]:
    return list(
        db.session.scalars(
            select(Office)
            .where(Office.kabupaten_id == admin.office_id, Office.level == OfficeLevel.KECAMATAN)
            .order_by(Office.name)
        )
    )


def _readiness(admin: User, kecamatan: Office | None) -> list[OfficeReadiness]:
    query = select(Office).where(
        Office.kabupaten_id == admin.office_id, Office.level != OfficeLevel.KABUPATEN
    )
    if kecamatan is not None:
        query = query.where((Office.id == kecamatan.id) | (Office.parent_id == kecamatan.id))
    rows = {
        o.id: OfficeReadiness(o.id, o.parent_id, o.name, o.kind, o.code, o.level)
        for o in db.session.scalars(query.order_by(Office.level.desc(), Office.name))
    }
    users = db.session.scalars(
        select(User).where(User.office_id.in_(rows), User.active.is_(True)).order_by(User.id)
    ).all()
    certificates = _latest_certificates([u.id for u in users])
    for user in users:
        row = rows[user.office_id]
        if user.role == OFFICE_OPERATOR.get(OfficeLevel(row.level)):
            row.operators.append(user.full_name)
        elif user.role in OFFICE_HEADS.get(OfficeLevel(row.level), ()):
            row.signers.append(_local_state(user, certificates))
    for row in rows.values():
        order = OFFICE_HEADS[OfficeLevel(row.level)]
        row.signers.sort(key=lambda s: order.index(s.role))
        if not row.signers or row.signers[0].role != order[0]:
            row.signers.insert(
                0, SignerReadiness("-", "(kosong)", order[0], None, "missing", "Belum ada pejabat")
            )
    return list(rows.values())


def _latest_certificates(user_ids: list[int]) -> dict[int, SignerCertificate]:
    if not user_ids:
        return {}
    newest = (
        select(SignerCertificate.user_id, func.max(SignerCertificate.id).label("id"))
        .where(SignerCertificate.user_id.in_(user_ids))
        .group_by(SignerCertificate.user_id)
        .subquery()
    )
    return {
        c.user_id: c
        for c in db.session.scalars(
            select(SignerCertificate).join(newest, SignerCertificate.id == newest.c.id)
        )
    }


def _local_state(user: User, certificates: dict[int, SignerCertificate]) -> SignerReadiness:
    certificate = certificates.get(user.id)
    now = utcnow()
    if certificate is None:
        state = "missing"
    elif certificate.revoked_at is not None:
        state = "revoked"
    elif certificate.not_after <= now:
        state = "expired"
    elif certificate.not_after - now <= EXPIRY_WARNING:
        state = "expiring"
    else:
        state = "valid"
    not_after = certificate.not_after if certificate else None
    return SignerReadiness(
        user.username, user.full_name, user.role, user.nik, state, STATE_LABELS[state], not_after
    )


def _bsre_client() -> signing.BsreClient | None:
    config = current_app.config
    if not config.get("BSRE_URL"):
        return None
    return signing.BsreClient(
        config["BSRE_URL"],
        config.get("BSRE_CLIENT_ID") or "",
        config.get("BSRE_CLIENT_SECRET") or "",
        timeout=min(config.get("BSRE_TIMEOUT", 30), 10),
    )


def _check_at_bsre(client: signing.BsreClient, signer: SignerReadiness) -> None:
    """Replace the signer's state with what BSrE says of their NIK."""
    if not signer.nik:
        signer.state, signer.detail = "missing", "NIK belum diisi"
        return
    try:
        status = client.user_status(signer.nik)
    except signing.SigningError as error:
        signer.state, signer.detail = "unknown", f"Tidak dapat diperiksa di BSrE: {error}"
        return
    if status is None:
        signer.state, signer.detail = "unknown", "BSrE ini tidak menyediakan status pengguna"
    else:
        signer.state, signer.detail = BSRE_STATES.get(status, ("unknown", f"Status BSrE {status}"))
    signer.not_after = None
