"""The desa's side of online requests: the inbox, starting the route, asking for a fix, refusing.

Requests and their attachments are seen only by the officials of the request's own desa and by the
kabupaten's auditor; to everyone else they do not exist (NotFound).
"""

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.errors import InvalidInput, NotFound, RuleRefused
from app.domain.letter_fields import FieldSpec, validate_letter_input
from app.domain.residents import PIN_CHANNEL, RequestEventKind, RequestStatus
from app.domain.roles import DESA_OFFICIAL_ROLES, Role
from app.extensions import db
from app.models import Letter, Office, RequestEvent, User
from app.models.base import utcnow
from app.models.resident import RequestAttachment, ResidentRequest
from app.services import audit_reader, integrity, letters
from app.services.internal.database import committing
from app.services.internal.scope import require_role
from app.services.residents import attachments, history, messages

_OPERATOR_ONLY = "Hanya operator desa yang dapat memproses permohonan online."


def list_online_requests(user: User) -> list[ResidentRequest]:
    """Confirmed requests waiting for my desa's operator, oldest first."""
    if user.role != Role.OPERATOR_DESA:
        return []
    return list(
        db.session.scalars(
            select(ResidentRequest)
            .where(
                ResidentRequest.desa_id == user.office_id,
                ResidentRequest.status == RequestStatus.SUBMITTED,
            )
            .order_by(ResidentRequest.confirmed_at, ResidentRequest.id)
        )
    )


def get_request(user: User, request_id: int) -> ResidentRequest:
    """A request of my desa (or, for the auditor, of my kabupaten); NotFound otherwise."""
    request = db.session.get(ResidentRequest, request_id)
    if (
        request is None
        or request.status == RequestStatus.UNCONFIRMED
        or not _may_see(user, request.desa)
    ):
        raise NotFound("Permohonan tidak ditemukan.")
    return request


def request_of_letter(user: User, letter: Letter) -> ResidentRequest | None:
    """The online request a letter came from, when the user may see its attachments."""
    if not _may_see(user, letter.desa):
        return None
    return db.session.scalar(select(ResidentRequest).where(ResidentRequest.letter_id == letter.id))


@dataclass(frozen=True)
class Trail:
    """A request's history as its chain proves it: the events, and whether the chain holds."""

    events: list[RequestEvent]
    verified: bool
    problems: list[str]


def request_trail(user: User, request: ResidentRequest, client_address: str | None = None) -> Trail:
    """The history of a request already checked (`get_request`) to be in the reader's scope,
    checked link by link; the reading is logged in the read log as a letter history's is (action
    `request_history`, with the letter the request became, if any)."""
    with audit_reader.logged_read():
        events = history.events_of(request.id)
        problems, _ = integrity.check_chain(events)
        audit_reader.record_read(
            user,
            "request_history",
            db.session.get(Letter, request.letter_id) if request.letter_id else None,
            {"request_id": request.id, "events": len(events)},
            client_address,
        )
    return Trail(events, not problems, [p.describe() for p in problems])


def attachment_file(user: User, attachment_id: int) -> tuple[RequestAttachment, bytes]:
    """An attachment's bytes for an official who may see its request; else (or deleted) NotFound."""
    attachment = db.session.get(RequestAttachment, attachment_id)
    if attachment is None:
        raise NotFound("Lampiran tidak ditemukan.")
    get_request(user, attachment.request_id)
    return attachment, attachments.content(attachment)


def start_route(
    user: User, request_id: int, applicant: dict, fields: dict, client_address: str | None = None
) -> Letter:
    """The operator accepts the request (with any corrections) and starts the letter's route."""
    require_role(user, Role.OPERATOR_DESA, _OPERATOR_ONLY)
    with committing():
        request = _submitted(user, request_id)
        letter_type = request.letter_type
        applicant = {"nik": request.applicant_nik, "name": request.applicant_name, **applicant}
        clean_applicant, clean_fields = validate_letter_input(
            [FieldSpec.from_dict(f) for f in letter_type.fields], applicant, fields
        )
        letter = letters.register_letter(
            user,
            letter_type,
            clean_applicant,
            clean_fields,
            tracking_code=request.tracking_code,
            origin={"online_request": _summary(request)},
            client_address=client_address,
        )
        request.letter_id, request.status = letter.id, RequestStatus.STARTED
        history.record(request, RequestEventKind.STARTED, user, client_address, letter_id=letter.id)
    return letter


def ask_fix(
    user: User, request_id: int, reason: str, client_address: str | None = None
) -> ResidentRequest:
    """Send the request back to the resident with what to fix; the same request continues."""
    require_role(user, Role.OPERATOR_DESA, _OPERATOR_ONLY)
    reason = _reason(reason)
    with committing():
        request = _submitted(user, request_id)
        request.status, request.reason = RequestStatus.NEEDS_FIX, reason
        event = history.record(
            request, RequestEventKind.FIX_REQUESTED, user, client_address, reason=reason
        )
        _tell(
            request,
            f"Permohonan {request.letter_type.name} Anda perlu diperbaiki: {reason} "
            f"Perbaiki di {messages.link('/lacak?kode=' + request.tracking_code)}",
            key=f"resident-fix-{request.id}-{event.seq}",
        )
    return request


def reject_request(
    user: User, request_id: int, reason: str, client_address: str | None = None
) -> ResidentRequest:
    """Refuse the request with a reason; the resident is told."""
    require_role(user, Role.OPERATOR_DESA, _OPERATOR_ONLY)
    reason = _reason(reason)
    with committing():
        request = _submitted(user, request_id)
        request.status, request.reason, request.ended_at = RequestStatus.REJECTED, reason, utcnow()
        history.record(request, RequestEventKind.REJECTED, user, client_address, reason=reason)
        _tell(
            request,
            f"Permohonan {request.letter_type.name} Anda ditolak oleh desa. Alasan: {reason}",
            key=f"resident-rejected-{request.id}",
        )
    return request


def _submitted(user: User, request_id: int) -> ResidentRequest:
    request = get_request(user, request_id)
    if request.status != RequestStatus.SUBMITTED:
        raise RuleRefused("Permohonan ini sudah diproses atau sedang menunggu perbaikan.")
    return request


def _summary(request: ResidentRequest) -> dict:
    """What the letter's first history event keeps of the request: the head of the request's own
    hash chain (so the request's history is part of the letter's chain) and what it brought."""
    return {
        "id": request.id,
        "channel": request.contact_channel,
        "delivery": request.delivery,
        "submitted": {"applicant": {"nik": request.applicant_nik, "name": request.applicant_name}},
        "history_head": history.anchor(request),
        "attachments": [
            {"id": a.id, "requirement": a.requirement, "sha256": a.sha256, "size": a.size}
            for a in request.attachments
            if a.removed_at is None
        ],
    }


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Alasan wajib diisi.", fields={"reason": ["Wajib diisi."]})
    return reason[:500]


def _tell(request: ResidentRequest, text: str, key: str) -> None:
    """Message the resident where they gave an address; PIN users read it on the tracking page."""
    if request.contact_channel != PIN_CHANNEL and request.contact_address:
        messages.send(request.contact_channel, request.contact_address, text, key=key)


def _may_see(user: User, desa: Office) -> bool:
    if user.role in DESA_OFFICIAL_ROLES:
        return user.office_id == desa.id
    if user.role == Role.AUDITOR:
        return desa.parent is not None and desa.parent.parent_id == user.office_id
    return False
