"""Letters: the catalogue, registering a resident's request, and reading letters in scope."""

import secrets

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

import signing
from app.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound, RuleRefused
from app.domain.events import EventKind
from app.domain.letter_fields import FieldSpec, validate_letter_input
from app.domain.residents import new_tracking_code
from app.domain.roles import Role
from app.domain.status import LetterStatus
from app.extensions import db
from app.models import Letter, LetterEvent, LetterType, SignedRevision, User
from app.models.base import utcnow
from app.services.internal.blobs import stored_blob
from app.services.internal.database import committing
from app.services.internal.documents import current_pdf
from app.services.internal.event_writer import record_event
from app.services.internal.pagination import Page, page_of
from app.services.internal.process import reopen_step, start_process
from app.services.internal.scope import letter_scope, require_role
from app.services.permissions import letter_data_editable


def list_letter_types() -> list[LetterType]:
    """The catalogue of letter types, by code."""
    return list(db.session.scalars(select(LetterType).order_by(LetterType.code)))


def get_letter_type(code: str) -> LetterType:
    """A letter type by code, or InvalidInput naming the field."""
    letter_type = db.session.scalar(select(LetterType).where(LetterType.code == code))
    if letter_type is None:
        raise InvalidInput(
            "Jenis surat tidak dikenal.", fields={"type": ["Jenis surat tidak dikenal."]}
        )
    return letter_type


IDEMPOTENCY_KEY_MAX = 100  # the column's length


def create_letter(
    user: User,
    type_code: str,
    applicant: dict,
    fields: dict,
    idempotency_key: str | None = None,
    client_address: str | None = None,
) -> Letter:
    """Register a resident's request at the desa office and start its route."""
    if user.role != Role.OPERATOR_DESA:
        raise NotAllowed("Hanya operator desa yang dapat membuat surat.")
    if idempotency_key and len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise InvalidInput(
            f"Idempotency-Key paling banyak {IDEMPOTENCY_KEY_MAX} karakter.",
            fields={"Idempotency-Key": ["Terlalu panjang."]},
        )
    letter_type = get_letter_type(type_code)
    clean_applicant, clean_fields = validate_letter_input(
        [FieldSpec.from_dict(f) for f in letter_type.fields], applicant, fields
    )
    if idempotency_key:
        existing = _by_idempotency_key(user, idempotency_key)
        if existing is not None:
            return _same_request(existing, letter_type.code, clean_applicant, clean_fields)
    try:
        with committing():
            letter = register_letter(
                user,
                letter_type,
                clean_applicant,
                clean_fields,
                idempotency_key=idempotency_key,
                client_address=client_address,
            )
    except IntegrityError:
        # A concurrent retry with the same Idempotency-Key won the race: answer with its letter.
        existing = _by_idempotency_key(user, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return _same_request(existing, letter_type.code, clean_applicant, clean_fields)
    return letter


def register_letter(
    user: User,
    letter_type: LetterType,
    applicant: dict,
    fields: dict,
    *,
    tracking_code: str | None = None,
    origin: dict | None = None,
    idempotency_key: str | None = None,
    client_address: str | None = None,
) -> Letter:
    """Add a letter with validated data to the operator's desa and start its route, in the caller's
    transaction; `origin` (e.g. the online request it came from) goes into its first event."""
    version = letter_type.route.deployed_version
    if version is None:
        raise RuleRefused("Rute jenis surat ini belum diterapkan; hubungi admin kabupaten.")
    desa = user.office
    letter = Letter(
        letter_type=letter_type,
        desa=desa,
        kecamatan_id=desa.parent_id,
        kabupaten_id=desa.above.parent_id,
        route_version=version,
        status=LetterStatus.IN_PROGRESS,
        applicant_nik=applicant["nik"],
        applicant_name=applicant["name"],
        fields=fields,
        process_state={},
        serializer_version="",
        tracking_code=tracking_code or new_tracking_code(),
        verify_code=secrets.token_urlsafe(24),
        idempotency_key=idempotency_key,
        created_by_id=user.id,
        created_at=utcnow(),
    )
    db.session.add(letter)
    db.session.flush()
    record_event(
        letter,
        EventKind.CREATED,
        user,
        {
            "type": letter_type.code,
            "route_version_id": version.id,
            "applicant": applicant,
            "fields": fields,
            **(origin or {}),
        },
        client_address,
    )  # opened before the route starts: its first tasks get their own events
    start_process(letter)
    return letter


def _same_request(letter: Letter, type_code: str, applicant: dict, fields: dict) -> Letter:
    """The letter a retry asks for again; a different request under the same key is a conflict."""
    same = (
        letter.letter_type.code == type_code
        and letter.applicant_nik == applicant["nik"]
        and letter.applicant_name == applicant["name"]
        and letter.fields == fields
    )
    if not same:
        raise IdempotencyKeyReused(
            "Idempotency-Key ini sudah dipakai untuk permohonan lain. Pakai kunci baru untuk "
            "surat baru.",
            fields={"Idempotency-Key": ["Sudah dipakai untuk isi yang berbeda."]},
        )
    return letter


class IdempotencyKeyReused(Conflict):
    """An Idempotency-Key sent again with a different request body."""

    code = "idempotency_key_reused"


def _by_idempotency_key(user: User, key: str) -> Letter | None:
    return db.session.scalar(
        select(Letter).where(Letter.created_by_id == user.id, Letter.idempotency_key == key)
    )


def first_standing_signature_step(letter: Letter) -> str | None:
    """The step of the letter's earliest standing signature: where a voiding change sends it."""
    return next((s.step for s in letter.signatures if s.voided_at is None), None)


def update_applicant_data(
    letter: Letter,
    data: dict,
    user: User,
    client_address: str | None = None,
    kind: EventKind = EventKind.DATA_CHANGED,
    reason: str | None = None,
) -> dict:
    """Correct the applicant's data (in the caller's transaction); any signature on the old text is
    voided.

    Answers what changed: {field (or "applicant.nik"/"applicant.name"): new value}.
    """
    for part in ("applicant", "fields"):
        if not isinstance(data.get(part) or {}, dict):
            raise InvalidInput(
                "Periksa kembali isian yang ditandai.",
                fields={f"data.{part}": ["Harus berupa objek berisi isian."]},
            )
    letter_type = letter.letter_type
    applicant = {
        "nik": letter.applicant_nik,
        "name": letter.applicant_name,
        **(data.get("applicant") or {}),
    }
    fields = {**letter.fields, **(data.get("fields") or {})}
    clean_applicant, clean_fields = validate_letter_input(
        [FieldSpec.from_dict(f) for f in letter_type.fields], applicant, fields
    )
    changed = {k: v for k, v in clean_fields.items() if letter.fields.get(k) != v}
    changed.update(
        {
            f"applicant.{k}": v
            for k, v in clean_applicant.items()
            if getattr(letter, f"applicant_{k}") != v
        }
    )
    if not changed:
        return {}
    before = {
        k: (letter.fields.get(k) if "." not in k else getattr(letter, k.replace(".", "_")))
        for k in changed
    }
    record_event(
        letter,
        kind,
        user,
        {"changed": changed, "before": before, **({"reason": reason} if reason else {})},
        client_address,
    )
    letter.applicant_nik, letter.applicant_name = clean_applicant["nik"], clean_applicant["name"]
    letter.fields = clean_fields
    now = utcnow()
    for signature in letter.signatures:
        signature.voided_at = signature.voided_at or now
    letter.signed_pdf_sha256 = None
    return changed


def list_letters(
    user: User,
    status: str | None = None,
    q: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page:
    """Letters of my office, newest first, filtered by status or by number, NIK or applicant
    name."""
    query = select(Letter).where(letter_scope(user))
    if status:
        if status not in LetterStatus._value2member_map_:
            raise InvalidInput(
                "Status tidak dikenal.", fields={"status": ["Status tidak dikenal."]}
            )
        query = query.where(Letter.status == status)
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Letter.applicant_name).like(pattern),
                Letter.applicant_nik.like(pattern),
                func.lower(Letter.number).like(pattern),
                Letter.tracking_code == q.strip().upper(),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return page_of(query, Letter.id, limit, cursor, total=total)


def get_letter(user: User, letter_id: int) -> Letter:
    """A letter of my office, or NotFound (also for letters of other offices)."""
    letter = db.session.scalar(select(Letter).where(Letter.id == letter_id, letter_scope(user)))
    if letter is None:
        raise NotFound("Surat tidak ditemukan.")
    return letter


def letter_pdf(user: User, letter_id: int) -> tuple[Letter, bytes]:
    """The letter and its current PDF (draft or signed)."""
    letter = get_letter(user, letter_id)
    return letter, current_pdf(letter)


def voided_revision_pdf(
    user: User, letter_id: int, revision_id: int
) -> tuple[SignedRevision, bytes]:
    """A voided signed copy of a letter in my scope, as it was signed and marked DIBATALKAN."""
    letter = get_letter(user, letter_id)
    revision = next((r for r in letter.voided_revisions if r.id == revision_id), None)
    if revision is None or revision.pdf_sha256 is None:
        raise NotFound("Versi surat yang dibatalkan ini tidak ditemukan.")
    return revision, signing.mark_signed_copy(stored_blob(revision.pdf_sha256), signing.VOIDED_MARK)


def voided_filename(revision: SignedRevision) -> str:
    """The download name of a voided copy: the letter's number (or id), marked as voided."""
    letter = revision.letter
    stem = (letter.number or f"surat-{letter.id}").replace("/", "-")
    return f"{stem}-dibatalkan-{revision.id}.pdf"


def list_events(letter: Letter) -> list[LetterEvent]:
    """The letter's history as its officials see it, oldest first."""
    return list(
        db.session.scalars(
            select(LetterEvent).where(LetterEvent.letter_id == letter.id).order_by(LetterEvent.seq)
        )
    )


def correct_letter(
    admin: User, letter_id: int, data: dict, reason: str, client_address: str | None = None
) -> Letter:
    """The kabupaten admin fixes a running letter's data, with a reason on the record.

    Allowed before anyone signed or once the letter came back; a change that voids a signature sends
    the letter back to the first voided signer's step."""
    require_role(
        admin, Role.ADMIN_KABUPATEN, "Hanya admin kabupaten yang dapat mengoreksi data surat."
    )
    if not (reason or "").strip():
        raise InvalidInput("Alasan koreksi wajib diisi.", fields={"reason": ["Wajib diisi."]})
    with committing():
        letter = get_letter(admin, letter_id)
        if not letter_data_editable(letter):
            raise RuleRefused(
                "Hanya surat yang masih berjalan, belum ditandatangani atau sedang dikembalikan, "
                "yang dapat dikoreksi; kembalikan surat ke desa untuk memperbaikinya."
            )
        reopen = first_standing_signature_step(letter)
        if not update_applicant_data(
            letter, data, admin, client_address, EventKind.ADMIN_CORRECTION, reason.strip()
        ):
            raise InvalidInput(
                "Tidak ada data yang berubah.", fields={"data": ["Tidak ada perubahan."]}
            )
        if reopen is not None:
            letter.status = LetterStatus.IN_PROGRESS
            reopen_step(letter, reopen)
    return letter
