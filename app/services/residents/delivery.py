"""Telling the resident their letter is finished (or refused), in the transaction that ends it."""

from sqlalchemy import select

from app.domain.residents import PIN_CHANNEL, Delivery, RequestEventKind
from app.domain.status import LetterStatus
from app.extensions import db
from app.models import Letter
from app.models.base import utcnow
from app.models.resident import ResidentRequest
from app.services.residents import history, messages


def letter_ended(letter: Letter) -> None:
    """When a letter from an online request ends (completed/rejected): mark it, tell the resident.

    Runs inside the caller's transaction; the message is queued only if that transaction commits.
    """
    if letter.status not in (LetterStatus.COMPLETED, LetterStatus.REJECTED):
        return
    request = db.session.scalar(
        select(ResidentRequest).where(ResidentRequest.letter_id == letter.id)
    )
    if request is None or request.ended_at is not None:
        return
    request.ended_at = utcnow()
    tracking_link = messages.link(f"/lacak?kode={letter.tracking_code}")
    name = letter.letter_type.name
    if letter.status == LetterStatus.REJECTED:
        text = f"Permohonan {name} Anda ditolak. Lihat keterangannya di {tracking_link}"
    elif request.delivery == Delivery.DOWNLOAD:
        text = (
            f"{name} Anda sudah selesai dan ditandatangani secara elektronik. Unduh di "
            f"{tracking_link} dengan 4 digit terakhir NIK Anda."
        )
    else:
        text = f"{name} Anda sudah selesai dan dapat diambil di balai desa {letter.desa.name}."
    history.record(request, RequestEventKind.LETTER_ENDED, status=letter.status)
    if request.contact_channel != PIN_CHANNEL and request.contact_address:
        messages.send(
            request.contact_channel,
            request.contact_address,
            text,
            key=f"resident-ended-{letter.id}",
        )
