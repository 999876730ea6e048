"""A resident asks for a letter online: choose, fill, attach, confirm; fix it when the desa asks."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.domain.errors import Conflict, InvalidInput, NotFound, RuleRefused
from app.domain.letter_fields import FieldSpec, validate_letter_input
from app.domain.residents import (
    OTP_MAX_ATTEMPTS,
    OTP_MINUTES,
    PIN_CHANNEL,
    Delivery,
    RequestEventKind,
    RequestStatus,
    keyed_hash,
    new_otp,
    new_tracking_code,
    normalize_contact,
    same_hash,
)
from app.domain.roles import OfficeLevel
from app.extensions import db
from app.models import LetterType, Office
from app.models.base import utcnow
from app.models.resident import ResidentRequest
from app.services.internal import throttle
from app.services.internal.database import committing
from app.services.notifications.triggers import online_request_confirmed
from app.services.residents import attachments, history, limits, messages, pins, tracking
from app.services.residents.uploads import clean_upload

HONEYPOT_FIELD = "situs_web"  # hidden from people by CSS; bots fill every input
OPEN_STATUSES = (RequestStatus.UNCONFIRMED, RequestStatus.SUBMITTED, RequestStatus.NEEDS_FIX)


@dataclass(frozen=True)
class Contact:
    """How the resident confirms: a channel and address for a one-time code, or the desa's PIN."""

    channel: str
    address: str = ""
    pin: str = ""


@dataclass(frozen=True)
class Submission:
    """What a resident sends: the letter type, applicant, fields, files by requirement, contact."""

    type_code: str
    applicant: dict
    fields: dict
    files: dict  # requirement code -> bytes
    contact: Contact
    delivery: str
    honeypot: str = ""


def online_desa(desa_code: str) -> Office:
    """The desa (or kelurahan) whose online counter this is, or NotFound."""
    office = db.session.scalar(select(Office).where(Office.code == (desa_code or "").upper()))
    if office is None or office.level not in (OfficeLevel.DESA, "kelurahan"):
        raise NotFound("Desa tidak ditemukan.")
    return office


def confirmation_choices(desa: Office) -> list[str]:
    """How the desa's residents can confirm a request: the configured message channels, and
    NIK + PIN where the desa chose it (by issuing PINs at its office)."""
    pin = [PIN_CHANNEL] if pins.desa_issues_pins(desa) else []
    return [*messages.available_channels(), *pin]


def online_letter_types() -> list[LetterType]:
    """The letter types a resident can ask for online, by name."""
    return list(db.session.scalars(select(LetterType).order_by(LetterType.name)))


def online_letter_type(code: str) -> LetterType:
    """One letter type of the online catalogue, or InvalidInput naming the field."""
    letter_type = db.session.scalar(select(LetterType).where(LetterType.code == code))
    if letter_type is None:
        raise InvalidInput("Pilih jenis surat.", fields={"type": ["Jenis surat tidak dikenal."]})
    return letter_type


def submit_request(desa_code: str, sent: Submission, client_address: str | None) -> ResidentRequest:
    """Register a resident's request; with a PIN it is confirmed at once, else a code is sent."""
    if sent.honeypot:
        raise InvalidInput("Permohonan tidak dapat diproses.")
    throttle.use(limits.SUBMIT_BY_ADDRESS, client_address)
    desa = online_desa(desa_code)
    letter_type = online_letter_type(sent.type_code)
    specs = [FieldSpec.from_dict(f) for f in letter_type.fields]
    (applicant, fields), address, cleaned, _ = _all_checked(
        lambda: validate_letter_input(specs, sent.applicant, sent.fields),
        lambda: _contact_address(sent.contact, confirmation_choices(desa)),
        lambda: _cleaned_files(letter_type, sent.files),
        lambda: _delivery(sent.delivery),
    )
    throttle.use(limits.SUBMIT_BY_NIK, applicant["nik"])
    if sent.contact.channel == PIN_CHANNEL:
        pins.check_pin(desa, applicant["nik"], sent.contact.pin)
    else:
        throttle.use(limits.CODE_BY_CONTACT, f"{sent.contact.channel}:{address}")
    with committing():
        _refuse_duplicate(desa, letter_type, applicant["nik"])
        request = ResidentRequest(
            public_id=secrets.token_urlsafe(24),
            desa=desa,
            letter_type=letter_type,
            applicant_nik=applicant["nik"],
            applicant_name=applicant["name"],
            fields=fields,
            contact_channel=sent.contact.channel,
            contact_address=address,
            delivery=sent.delivery,
            status=RequestStatus.UNCONFIRMED,
            tracking_code=new_tracking_code(),
            client_address=client_address,
            created_at=utcnow(),
        )
        db.session.add(request)
        for requirement, clean in cleaned.items():
            attachments.attach(request, requirement, clean)
        history.record(request, RequestEventKind.SUBMITTED, client_address=client_address)
        if sent.contact.channel == PIN_CHANNEL:
            _confirmed(request, "pin", client_address)
        else:
            _send_code(request)
    return request


def confirm_request(public_id: str, otp: str, client_address: str | None) -> ResidentRequest:
    """Confirm a request with the one-time code sent to the resident; it gets its tracking code."""
    throttle.use(limits.CONFIRM_BY_ADDRESS, client_address)
    with committing():
        request = _by_public_id(public_id)
        if request.status != RequestStatus.UNCONFIRMED:
            if request.confirmed_at is not None:
                return request  # a double submit of the form: same answer
            raise NotFound("Permohonan tidak ditemukan.")
        expires = request.otp_expires_at
        if request.otp_attempts >= OTP_MAX_ATTEMPTS or expires is None or expires < utcnow():
            raise RuleRefused("Kode sudah tidak berlaku. Ajukan permohonan kembali.")
        given = (otp or "").strip()
        if not same_hash(request.otp_hash, keyed_hash(_secret(), given)):
            request.otp_attempts += 1
            left = OTP_MAX_ATTEMPTS - request.otp_attempts
            error = InvalidInput(
                f"Kode salah. Sisa percobaan: {left}.", fields={"otp": ["Kode salah."]}
            )
        else:
            _confirmed(request, request.contact_channel, client_address)
            error = None
    if error:
        raise error
    return request


def pending_request(public_id: str) -> ResidentRequest:
    """A request waiting for its code (for the confirmation page), or NotFound."""
    return _by_public_id(public_id)


def fix_form(code: str, nik4: str, client_address: str | None) -> ResidentRequest:
    """The request the desa asked to fix, for the holder of its tracking code and NIK digits."""
    request, letter = tracking.unlock(code, nik4, client_address)
    if request is None or letter is not None or request.status != RequestStatus.NEEDS_FIX:
        raise NotFound("Permohonan ini tidak sedang menunggu perbaikan.")
    return request


def resubmit_request(
    code: str, nik4: str, fields: dict, files: dict, client_address: str | None
) -> ResidentRequest:
    """The resident fixes fields and re-uploads documents; the same request returns to the desa."""
    request = fix_form(code, nik4, client_address)
    letter_type = request.letter_type
    applicant = {"nik": request.applicant_nik, "name": request.applicant_name}
    _, clean_fields = validate_letter_input(
        [FieldSpec.from_dict(f) for f in letter_type.fields], applicant, fields
    )
    cleaned = _cleaned_files(letter_type, files, existing=_kept_requirements(request))
    with committing():
        replaced = [
            a for a in request.attachments if a.requirement in cleaned and a.removed_at is None
        ]
        attachments.remove(replaced, "replaced")
        for requirement, clean in cleaned.items():
            attachments.attach(request, requirement, clean)
        changed = sorted(k for k, v in clean_fields.items() if request.fields.get(k) != v)
        request.fields = clean_fields
        request.status = RequestStatus.SUBMITTED
        history.record(
            request,
            RequestEventKind.RESUBMITTED,
            client_address=client_address,
            changed=changed,
            replaced=[a.sha256 for a in replaced],
        )
    return request


def _all_checked(*checks) -> list:
    """Run every check and answer their results, or one InvalidInput naming every problem found:
    a resident on a slow connection should not discover them one upload at a time."""
    results, problems = [], {}
    for check in checks:
        try:
            results.append(check())
        except InvalidInput as problem:
            problems.update(problem.fields or {"form": [problem.message]})
            results.append(None)
    if problems:
        raise InvalidInput("Periksa kembali isian yang ditandai.", fields=problems)
    return results


def _delivery(choice: str) -> str:
    if choice not in Delivery._value2member_map_:
        raise InvalidInput("Pilih cara menerima surat.", fields={"delivery": ["Wajib dipilih."]})
    return choice


def _contact_address(contact: Contact, choices: list[str]) -> str:
    if contact.channel not in choices:
        raise InvalidInput(
            "Pilih cara konfirmasi.", fields={"channel": ["Cara konfirmasi ini tidak tersedia."]}
        )
    if contact.channel == PIN_CHANNEL:
        if not contact.pin:
            raise InvalidInput("PIN wajib diisi.", fields={"pin": ["Wajib diisi."]})
        return ""
    address = normalize_contact(contact.channel, contact.address)
    if address is None:
        problem = {
            "whatsapp": "Nomor WhatsApp tidak valid (contoh: 081234567890).",
            "email": "Alamat e-mail tidak valid.",
        }.get(contact.channel, "ID chat Telegram tidak valid.")
        raise InvalidInput(problem, fields={"address": [problem]})
    return address


def _cleaned_files(
    letter_type: LetterType, files: dict, existing: frozenset[str] | set[str] = frozenset()
) -> dict:
    """Each uploaded requirement, cleaned; InvalidInput for a missing required one or a bad file."""
    problems, cleaned = {}, {}
    for requirement in letter_type.requirements or []:
        code = requirement["code"]
        data = files.get(code)
        if not data:
            if requirement.get("required", True) and code not in existing:
                problems[f"files.{code}"] = [f"{requirement['label']} wajib dilampirkan."]
            continue
        try:
            cleaned[code] = clean_upload(data, f"files.{code}")
        except InvalidInput as bad:
            problems.update(bad.fields)
    if problems:
        raise InvalidInput("Periksa kembali lampiran yang ditandai.", fields=problems)
    return cleaned


def _kept_requirements(request: ResidentRequest) -> set[str]:
    return {a.requirement for a in request.attachments if a.removed_at is None}


def _refuse_duplicate(desa: Office, letter_type: LetterType, nik: str) -> None:
    """One open request per resident, type and desa: a second is almost always a double tap."""
    open_request = db.session.scalar(
        select(ResidentRequest.id)
        .where(
            ResidentRequest.desa_id == desa.id,
            ResidentRequest.letter_type_id == letter_type.id,
            ResidentRequest.applicant_nik == nik,
            ResidentRequest.ended_at.is_(None),
            # an unconfirmed one never reaches the desa: asking again (a lost code) is fine
            ResidentRequest.status.not_in((RequestStatus.REJECTED, RequestStatus.UNCONFIRMED)),
        )
        .limit(1)
    )
    if open_request is not None:
        raise Conflict(
            "Permohonan surat yang sama untuk NIK ini masih diproses. "
            "Pantau dengan kode lacak yang sudah Anda terima."
        )


def _send_code(request: ResidentRequest) -> None:
    otp = new_otp()
    request.otp_hash = keyed_hash(_secret(), otp)
    request.otp_expires_at = utcnow() + timedelta(minutes=OTP_MINUTES)
    request.otp_attempts = 0
    messages.send(
        request.contact_channel,
        request.contact_address,
        f"Kode konfirmasi permohonan surat Layang: {otp}. Berlaku {OTP_MINUTES} menit. "
        "Jangan berikan kode ini kepada siapa pun, termasuk petugas.",
        key=f"resident-otp-{request.public_id}",
    )


def _confirmed(request: ResidentRequest, how: str, client_address: str | None) -> None:
    request.status, request.confirmed_at = RequestStatus.SUBMITTED, utcnow()
    request.otp_hash = None
    history.record(request, RequestEventKind.CONFIRMED, client_address=client_address, via=how)
    online_request_confirmed(request)


def _by_public_id(public_id: str) -> ResidentRequest:
    request = db.session.scalar(
        select(ResidentRequest).where(ResidentRequest.public_id == (public_id or ""))
    )
    if request is None:
        raise NotFound("Permohonan tidak ditemukan.")
    return request


def _secret() -> str:
    return current_app.config["SECRET_KEY"]
