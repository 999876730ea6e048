"""Public verification of letters: by the code in their QR, or by an uploaded PDF.

What the public sees of a letter is deliberately little: its type, number, office, issue date,
status, the applicant's name and a masked NIK (`mask_nik`), and the signers. The letter's other data
(address, income, purpose...) is only in the signed PDF, which is offered to whoever holds the
verification code of a completed letter, i.e. whoever holds the letter itself.

An uploaded file counts as "issued by this system" only when its bytes are exactly the signed PDF
that Layang holds for a letter. A signed earlier revision of that PDF (e.g. the kades-signed file
before the camat signed) or a file carrying a signature that was later voided is recognised and
named, but is neither "issued" nor valid: it is not the letter as issued.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

import signing
from app.domain.dates import waktu
from app.domain.errors import DocumentTooComplex, InvalidInput, NotFound
from app.domain.roles import ROLE_LABELS
from app.domain.status import LetterStatus
from app.extensions import db
from app.models import Letter, Signature, SignedRevision
from app.services.internal import revisions, throttle
from app.services.internal.blobs import stored_blob
from app.services.internal.process import route_of
from app.services.internal.required_signatures import missing_signatures
from signing.validate import ACCEPTABLE_LATER_CHANGES

log = logging.getLogger(__name__)

# Verdicts of a verification, as the page and the API name them.
VALID, INVALID, UNSIGNED, UNFINISHED, REJECTED = (
    "valid",
    "invalid",
    "unsigned",
    "unfinished",
    "rejected",
)

# Revisions an uploaded file can be of a letter we hold.
CURRENT, EARLIER, VOIDED = "current", "earlier", "voided"

# What the public is told about the copy in hand (SPEC: GET /verify/{code} `status`).
STATUS_VALID, SUPERSEDED, STATUS_REJECTED, IN_PROGRESS, TAMPERED = (
    "valid",
    "superseded",
    "rejected",
    "in_progress",
    "tampered",
)

NOT_A_PDF = "Berkas bukan PDF. Unggah berkas PDF surat yang ingin diperiksa."
UNREADABLE = (
    "Berkas PDF rusak atau terpotong sehingga tidak dapat diperiksa; "
    "surat ini tidak dapat dianggap sah."
)
UNKNOWN_CODE = (
    "Kode verifikasi tidak dikenal. Surat dengan kode ini tidak diterbitkan melalui Layang."
)
NOT_SIGNED = "Surat ini belum ditandatangani."
NO_SIGNATURE = "Berkas tidak memuat tanda tangan elektronik."
MODIFIED = "Dokumen diubah setelah tanda tangan terakhir."
NOT_OURS = "Berkas ini tidak sama dengan surat mana pun yang diterbitkan melalui Layang."
EARLIER_REVISION = (
    "Berkas ini adalah versi surat sebelum tanda tangan terakhir, bukan surat yang "
    "diterbitkan; surat yang berlaku memuat {count} tanda tangan."
)
VOIDED_SIGNATURE = (
    "Berkas ini memuat tanda tangan yang telah dibatalkan karena surat dikembalikan "
    "untuk diperbaiki; versi ini tidak berlaku."
)
SUPERSEDED_COPY = (
    "Salinan ini tidak berlaku: tanda tangan di dalamnya telah dibatalkan atau diganti pada "
    "{when}. "
    "Minta salinan terbaru kepada kantor desa."
)
SHARED_CODE = (
    "Kode QR ini milik tanda tangan {signer} dan juga tercetak pada salinan surat yang sudah "
    "dibatalkan (diganti pada {when}), sehingga kode ini saja tidak dapat memastikan bahwa salinan "
    "yang Anda pegang sah. Pindai kode QR tanda tangan terakhir pada surat, atau unggah PDF-nya."
)
MISSING_SIGNATURE = (
    "Tanda tangan {signer} yang diwajibkan rute surat ini tidak ada atau tidak berlaku pada "
    "dokumen; surat ini tidak dapat dianggap sah."
)
STATUS_REASONS: dict[str, str] = {
    LetterStatus.IN_PROGRESS: "Surat masih dalam proses dan belum selesai ditandatangani.",
    LetterStatus.RETURNED: "Surat dikembalikan untuk diperbaiki dan belum selesai.",
    LetterStatus.REJECTED: "Permohonan surat ini ditolak; surat tidak berlaku.",
}
NOT_INTACT = (
    "Isi dokumen tidak cocok dengan tanda tangan: berkas diubah, rusak atau disimpan ulang."
)
NOT_TRUSTED = (
    "Sertifikat penanda tangan tidak berantai ke otoritas sertifikat tepercaya, "
    "atau sudah kedaluwarsa atau dicabut."
)
TOO_COMPLEX = (
    "Berkas ini memuat terlalu banyak tanda tangan, revisi atau objek untuk sebuah surat, "
    "atau pemeriksaannya terlalu lama; berkas tidak dapat diperiksa dan tidak dapat dianggap sah."
)
UPLOADS = throttle.Rule(
    "verify-upload",
    limit=30,
    window=60,
    lock=60,
    message="Terlalu banyak berkas diperiksa dari alamat ini. Coba lagi dalam {minutes} menit.",
)
CHANGED_AFTER = (
    "Dokumen diubah setelah tanda tangan ini, dan perubahannya bukan tanda tangan berikutnya."
)

# Uploaded candidates: signatures by the same certificate within this window of the time in the
# file.
_MATCH_WINDOW = timedelta(minutes=10)
_MAX_CANDIDATES = 50
_CACHE_SIZE = 256  # checks kept per app, by (document, trust roots) digest
_cache_lock = threading.Lock()


class UnreadableDocument(InvalidInput):
    """The uploaded file is not a PDF, or is too damaged to check."""

    code = "invalid_document"


@dataclass(frozen=True)
class SignatureVerdict:
    """One signature in the document, as checked now."""

    signer: str
    role: str | None
    position: str | None
    field_name: str
    signed_at: datetime | None
    timestamped: bool  # False: the time is the signer's own claim, not vouched for by a TSA
    intact: bool
    trusted: bool
    valid: bool
    reasons: list[str]


@dataclass(frozen=True)
class Verification:
    """The answer to "is this letter genuine and unchanged?"."""

    verdict: str  # VALID, INVALID, UNSIGNED, UNFINISHED or REJECTED
    letter: Letter | None
    issued_by_this_system: bool
    modified_after_last_signature: bool
    signatures: list[SignatureVerdict] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    revision: str | None = None  # CURRENT, EARLIER, VOIDED, or None when no letter matched
    pdf_available: bool = False
    superseded_at: datetime | None = None  # when the copy in hand was replaced
    shared_code: bool = False  # the code is on the letter and on a voided copy: it proves neither

    @property
    def valid(self) -> bool:
        return self.verdict == VALID

    @property
    def status(self) -> str:
        """valid, superseded, rejected, in_progress or tampered: what holds for the copy in hand."""
        if self.verdict == VALID:
            return STATUS_VALID
        if self.letter is not None and self.letter.status == LetterStatus.REJECTED:
            return STATUS_REJECTED
        if self.superseded_at is not None:
            return SUPERSEDED
        if self.letter is None or self.verdict == INVALID:
            return TAMPERED
        return IN_PROGRESS

    @property
    def applicant(self) -> dict | None:
        """Name and masked NIK; none for a replaced copy, whose data may have been corrected."""
        if self.letter is None or self.superseded_at is not None:
            return None
        return {"name": self.letter.applicant_name, "nik": mask_nik(self.letter.applicant_nik)}


def verify_code(code: str) -> Verification:
    """Check the letter behind a QR code: its stored signed PDF, signature by signature.

    A code belongs to one signed revision; once that signature is voided the copy carrying it is
    answered as replaced, without looking at the letter as it stands now. A standing signature's
    code that a voided copy also carries (a later signature on top of it was voided) cannot tell
    that copy from the letter: it is never answered as valid either."""
    revision = revisions.revision_by_code(code)
    letter = revision.letter if revision is not None else _letter_by_code(code)
    if revision is not None and revision.signature.voided_at is not None:
        return _superseded(letter, revision.signature.voided_at, None)
    voided_copy_at = _voided_copy_carrying(revision) if revision is not None else None
    if revision is not None and voided_copy_at is not None:
        signer = ROLE_LABELS.get(revision.signature.role, revision.signature.role)
        reason = SHARED_CODE.format(signer=signer, when=waktu(voided_copy_at))
        return replace(
            _superseded(letter, voided_copy_at, None, reasons=[reason]), shared_code=True
        )
    if letter.signed_pdf_sha256 is None:
        rejected = letter.status == LetterStatus.REJECTED
        reasons = [STATUS_REASONS[LetterStatus.REJECTED]] if rejected else [NOT_SIGNED]
        return Verification(
            REJECTED if rejected else UNSIGNED,
            letter,
            issued_by_this_system=False,
            modified_after_last_signature=False,
            reasons=reasons,
        )
    return _letter_verdict(letter, _checks(stored_blob(letter.signed_pdf_sha256)), CURRENT)


def verify_upload(pdf: bytes, client_address: str | None = None) -> Verification:
    """Check an uploaded PDF: a letter we issued, its signatures valid and trusted, unchanged?

    Uploads are counted per client address (a check costs real work), and the check itself is
    bounded (signing.ValidationLimits): a file beyond them is refused with DocumentTooComplex.
    """
    throttle.check(UPLOADS, client_address or "unknown")
    throttle.hit(UPLOADS, client_address or "unknown")
    limit = max_upload_bytes()
    if len(pdf) > limit:
        raise UnreadableDocument(
            upload_too_large_message(), fields={"file": [upload_too_large_message()]}
        )
    if b"%PDF-" not in pdf[:1024]:
        raise UnreadableDocument(NOT_A_PDF, fields={"file": [NOT_A_PDF]})
    try:
        checks = _checks(pdf)
    except signing.InvalidDocument:
        raise UnreadableDocument(UNREADABLE, fields={"file": [UNREADABLE]}) from None
    except signing.DocumentTooComplex as problem:
        log.info("verification refused: %s", problem)
        raise DocumentTooComplex(TOO_COMPLEX, fields={"file": [TOO_COMPLEX]}) from None
    if not checks:
        return Verification(
            INVALID,
            None,
            issued_by_this_system=False,
            modified_after_last_signature=False,
            reasons=[NO_SIGNATURE],
        )
    letter, revision, replaced_at = _match_letter(pdf, checks)
    if revision == CURRENT and letter is not None:
        return _letter_verdict(letter, checks, CURRENT)
    signatures = [_signature_verdict(check, _stored_signature(letter, check)) for check in checks]
    modified = _modified_after_last_signature(checks)
    reasons = _document_reasons(signatures, modified)
    if revision == EARLIER and letter is not None:
        active = [s for s in letter.signatures if s.voided_at is None]
        reasons.insert(0, EARLIER_REVISION.format(count=len(active)))
    elif revision == VOIDED:
        reasons.insert(0, VOIDED_SIGNATURE)
    else:
        reasons.insert(0, NOT_OURS)
    if letter is not None and replaced_at is not None:
        return _superseded(letter, replaced_at, revision, signatures, reasons, modified)
    return Verification(
        INVALID,
        letter,
        issued_by_this_system=False,
        modified_after_last_signature=modified,
        signatures=signatures,
        reasons=reasons,
        revision=revision,
    )


def _superseded(
    letter: Letter,
    replaced_at: datetime,
    revision: str | None,
    signatures: list | None = None,
    reasons: list | None = None,
    modified: bool = False,
) -> Verification:
    """A copy of the letter that was replaced at `replaced_at`: never valid, and says when."""
    return Verification(
        INVALID,
        letter,
        issued_by_this_system=False,
        modified_after_last_signature=modified,
        signatures=signatures or [],
        reasons=reasons or [SUPERSEDED_COPY.format(when=waktu(replaced_at))],
        revision=revision or VOIDED,
        superseded_at=replaced_at,
    )


def public_pdf(code: str) -> tuple[Letter, bytes]:
    """The signed PDF of a completed letter, for whoever holds a standing code of it."""
    revision = revisions.revision_by_code(code)
    letter = revision.letter if revision is not None else _letter_by_code(code)
    if revision is not None and (
        revision.signature.voided_at is not None or _voided_copy_carrying(revision) is not None
    ):
        raise NotFound("Salinan ini tidak berlaku, sehingga PDF-nya tidak diberikan.")
    if letter.status != LetterStatus.COMPLETED or letter.signed_pdf_sha256 is None:
        raise NotFound("Surat ini belum selesai ditandatangani, sehingga PDF-nya belum tersedia.")
    return letter, stored_blob(letter.signed_pdf_sha256)


def _voided_copy_carrying(revision: SignedRevision) -> datetime | None:
    """When a copy that carries this standing signature's code too was voided: a signature made on
    top of it that no longer stands (None: no such copy)."""
    mine = revision.signature
    later = [s.voided_at for s in revision.letter.signatures if s.id > mine.id and s.voided_at]
    return min(later, default=None)


def mask_nik(nik: str) -> str:
    """A NIK as a public page may show it: region code and sequence number, birth date hidden
    (3316********0001)."""
    if len(nik) != 16:
        return "*" * len(nik)
    return f"{nik[:4]}{'*' * 8}{nik[12:]}"


def max_upload_bytes() -> int:
    """The largest PDF the public may upload for checking."""
    return int(current_app.config.get("VERIFY_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def upload_too_large_message() -> str:
    return f"Berkas terlalu besar: paling besar {max_upload_bytes() // (1024 * 1024)} MB."


def trust_roots() -> list[bytes]:
    """The PEM files of TRUST_ROOTS, read once per app (and again only when the setting changes)."""
    paths = current_app.config.get("TRUST_ROOTS") or []
    if isinstance(paths, str):
        paths = [p for p in paths.split(os.pathsep) if p]
    key = tuple(paths)
    loaded = current_app.extensions.setdefault("layang.trust_roots", {})
    if key not in loaded:
        roots = []
        for path in key:
            try:
                with open(path, "rb") as handle:
                    roots.append(handle.read())
            except OSError as error:
                # A missing root makes its signatures untrusted: a false "not valid", never a false
                # "valid".
                log.error("trust root %s cannot be read: %s", path, error)
        loaded[key] = roots
    return loaded[key]


def _letter_by_code(code: str) -> Letter:
    letter = None
    if code and len(code) <= 64:
        letter = db.session.scalar(select(Letter).where(Letter.verify_code == code))
    if letter is None:
        raise NotFound(UNKNOWN_CODE)
    return letter


def _checks(pdf: bytes) -> list[signing.SignatureCheck]:
    """signing.validate_pdf against the trust roots; answers for the same bytes are reused for a
    while."""
    roots = trust_roots()
    ttl = float(current_app.config.get("VERIFY_CACHE_SECONDS", 300))
    key = (hashlib.sha256(pdf).digest(), hashlib.sha256(b"".join(roots)).digest())
    cache = current_app.extensions.setdefault("layang.verification_cache", OrderedDict())
    now = time.monotonic()
    with _cache_lock:
        hit = cache.get(key)
        if hit is not None and now - hit[0] < ttl:
            return hit[1]
    config = current_app.config
    limits = signing.ValidationLimits(time_budget=float(config.get("VERIFY_TIME_BUDGET", 5)))
    checks = signing.validate_pdf(pdf, roots, limits=limits)
    with _cache_lock:
        cache[key] = (now, checks)
        cache.move_to_end(key)
        while len(cache) > _CACHE_SIZE:
            cache.popitem(last=False)
    return checks


def _letter_verdict(letter: Letter, checks: list, revision: str) -> Verification:
    """The verdict on a letter's own signed PDF (found by its code, or uploaded byte for byte)."""
    signatures = [_signature_verdict(check, _stored_signature(letter, check)) for check in checks]
    modified = _modified_after_last_signature(checks)
    reasons = [NOT_SIGNED] if not checks else _document_reasons(signatures, modified)
    if letter.status == LetterStatus.COMPLETED:  # the rule completion obeys, on what is stored
        reasons += _missing_reasons(letter, missing_signatures(letter, checks))
    if reasons:
        verdict = INVALID
    elif letter.status == LetterStatus.REJECTED:
        verdict = REJECTED
    elif letter.status != LetterStatus.COMPLETED:
        verdict = UNFINISHED
    else:
        verdict = VALID
    if letter.status in STATUS_REASONS:
        reasons.insert(0, STATUS_REASONS[letter.status])
    return Verification(
        verdict,
        letter,
        issued_by_this_system=True,
        modified_after_last_signature=modified,
        signatures=signatures,
        reasons=reasons,
        revision=revision,
        pdf_available=letter.status == LetterStatus.COMPLETED,
    )


def _missing_reasons(letter: Letter, missing: list[str]) -> list[str]:
    """Why a finished letter is not valid when a signature its route asks for is not in it."""
    route = route_of(letter.route_version)
    return [
        MISSING_SIGNATURE.format(signer=ROLE_LABELS.get(info.lane, info.lane) if info else step)
        for step in missing
        for info in [route.step(step)]
    ]


def _modified_after_last_signature(checks: list) -> bool:
    """Something was added after the last signature, or a change after any signature goes beyond
    signing."""
    if not checks:
        return False
    return not checks[-1].covers_document or any(
        c.modification_level not in ACCEPTABLE_LATER_CHANGES for c in checks
    )


def _document_reasons(signatures: list[SignatureVerdict], modified: bool) -> list[str]:
    reasons = [MODIFIED] if modified else []
    for s in signatures:
        reasons.extend(f"Tanda tangan {s.signer or s.field_name}: {reason}" for reason in s.reasons)
    return reasons


def _signature_verdict(check, stored: Signature | None) -> SignatureVerdict:
    reasons = []
    if not check.intact:
        reasons.append(NOT_INTACT)
    elif not check.trusted:
        reasons.append(NOT_TRUSTED)
    if check.modification_level not in ACCEPTABLE_LATER_CHANGES:
        reasons.append(CHANGED_AFTER)
    timestamp_at = getattr(check, "timestamp_at", None)
    return SignatureVerdict(
        signer=stored.signer_name if stored else check.signer_name,
        role=stored.role if stored else None,
        position=stored.signer_position if stored else None,
        field_name=check.field_name,
        signed_at=timestamp_at or check.signed_at or (stored.signed_at if stored else None),
        timestamped=timestamp_at is not None,
        intact=check.intact,
        trusted=check.trusted,
        valid=check.valid,
        reasons=reasons,
    )


def _stored_signature(letter: Letter | None, check) -> Signature | None:
    """Our record of the signature in the file: same field and certificate, the standing one
    first."""
    if letter is None:
        return None
    same = [
        s
        for s in letter.signatures
        if s.step == check.field_name and s.certificate_fingerprint == check.certificate_fingerprint
    ]
    same.sort(key=lambda s: s.voided_at is not None)
    return same[0] if same else None


def _match_letter(pdf: bytes, checks: list) -> tuple[Letter | None, str | None, datetime | None]:
    """The letter an uploaded file belongs to, which revision it is, and when it was replaced."""
    candidates = _candidate_signatures(checks)
    digest = hashlib.sha256(pdf).hexdigest()
    for letter in dict.fromkeys(s.letter for s in candidates):
        if letter.signed_pdf_sha256 is None:
            continue
        if letter.signed_pdf_sha256 == digest:
            return letter, CURRENT, None
        stored = stored_blob(letter.signed_pdf_sha256)
        # A file that stops exactly where a later standing signature began is that earlier signed
        # revision, replaced when that signature was made.
        later = {s.length_before: s for s in letter.signatures if s.voided_at is None}
        if len(pdf) in later and stored.startswith(pdf):
            return letter, EARLIER, later[len(pdf)].signed_at
    for check in checks:
        if not (check.intact and check.trusted) or check.signed_at is None:
            continue
        for s in candidates:
            if (
                s.voided_at is not None
                and s.step == check.field_name
                and s.certificate_fingerprint == check.certificate_fingerprint
                and abs(s.signed_at - check.signed_at) < timedelta(seconds=2)
            ):
                return s.letter, VOIDED, s.voided_at
    return None, None, None


def _candidate_signatures(checks: list) -> list[Signature]:
    """Our signature records made with the certificates in the file, around the times the file
    claims."""
    conditions = []
    for check in checks:
        if not check.certificate_fingerprint:
            continue
        condition = Signature.certificate_fingerprint == check.certificate_fingerprint
        if check.signed_at is not None:
            condition &= Signature.signed_at.between(
                check.signed_at - _MATCH_WINDOW, check.signed_at + _MATCH_WINDOW
            )
        conditions.append(condition)
    if not conditions:
        return []
    return list(
        db.session.scalars(
            select(Signature)
            .where(or_(*conditions))
            .order_by(Signature.id.desc())
            .limit(_MAX_CANDIDATES)
        )
    )
