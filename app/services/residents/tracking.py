"""Tracking: where a request or letter stands, and its signed PDF, for whoever holds its code.

The tracking code plus the last four NIK digits is the resident's key. A wrong pair is answered the
same way whichever part was wrong, wrong guesses are counted per address and per code, and nothing
personal is shown: no name, no officials, no letter number, only the stages and their times.
"""

import hmac
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from sqlalchemy import select

from app.domain.errors import InvalidInput, NotFound
from app.domain.residents import (
    Delivery,
    RequestEventKind,
    RequestStatus,
    Stage,
    Step,
    normalize_tracking_code,
    timeline_of,
)
from app.domain.status import LetterStatus
from app.extensions import db
from app.models import Letter, LetterEvent
from app.models.resident import ResidentRequest
from app.services.internal import throttle
from app.services.internal.blobs import get_blob
from app.services.residents import history, limits

NO_MATCH = "Kode lacak atau 4 digit terakhir NIK tidak cocok."


@dataclass(frozen=True)
class Tracked:
    """What the public may know of a request: its stage, the steps so far and what to do next."""

    stage: Stage
    steps: list[Step]
    letter_type: str
    download_url: str | None = None
    fix_url: str | None = None
    reason: str | None = None  # the desa's words when it asks for a fix or refuses


def track(code: str, nik4: str, client_address: str | None) -> Tracked:
    """The progress of the request or letter with this tracking code, when the NIK digits match."""
    request, letter = unlock(code, nik4, client_address)
    request_steps: list[dict] = []
    for event in history.events_of(request.id) if request else []:
        if event.kind == RequestEventKind.IMPORTED:  # kept before requests had chains
            request_steps += event.data.get("history", [])
        else:
            request_steps.append({"kind": event.kind, "at": event.at.isoformat()})
    events = []
    if letter is not None:
        rows = db.session.execute(
            select(LetterEvent.kind, LetterEvent.data, LetterEvent.at)
            .where(LetterEvent.letter_id == letter.id)
            .order_by(LetterEvent.seq)
        ).all()
        events = [(r.kind, r.data or {}, r.at) for r in rows]
    delivery = request.delivery if request else Delivery.PICKUP
    timeline = timeline_of(request_steps, events, letter.status if letter else None, delivery)
    stage = timeline.current
    source = letter or request
    assert source is not None  # unlock() found one of them
    result = Tracked(stage, timeline.steps, source.letter_type.name)
    if stage is Stage.READY_DOWNLOAD:
        query = urlencode({"kode": normalize_tracking_code(code), "nik4": nik4})
        result = replace(result, download_url=f"/lacak/unduh?{query}")
    elif stage is Stage.NEEDS_FIX and request is not None:
        result = replace(result, reason=request.reason, fix_url="/lacak/perbaiki")
    elif stage is Stage.REJECTED and request is not None and letter is None:
        result = replace(result, reason=request.reason)
    return result


def signed_letter(code: str, nik4: str, client_address: str | None) -> tuple[str, bytes]:
    """The signed PDF (file name, bytes) of a finished letter the resident chose to download."""
    request, letter = unlock(code, nik4, client_address)
    if (
        letter is None
        or letter.status != LetterStatus.COMPLETED
        or request is None
        or request.delivery != Delivery.DOWNLOAD
    ):
        raise NotFound("Surat belum dapat diunduh.")
    pdf = get_blob(letter.signed_pdf_sha256)
    if not pdf:
        raise NotFound("Surat belum dapat diunduh.")
    return (letter.number or letter.tracking_code).replace("/", "-") + ".pdf", pdf


def unlock(
    code: str, nik4: str, client_address: str | None
) -> tuple[ResidentRequest | None, Letter | None]:
    """The request and letter behind a tracking code whose NIK digits match; NotFound otherwise.

    Rate-limited per address; wrong pairs are counted per address and per code.
    """
    code, nik4 = normalize_tracking_code(code), (nik4 or "").strip()
    if not code or not re.fullmatch(r"\d{4}", nik4):
        raise InvalidInput(
            "Masukkan kode lacak dan 4 digit terakhir NIK.",
            fields={"code": ["Wajib diisi."]} if not code else {"nik4": ["Isi 4 angka."]},
        )
    throttle.use(limits.TRACK_BY_ADDRESS, client_address)
    throttle.check(limits.TRACK_MISS_BY_ADDRESS, client_address)
    throttle.check(limits.TRACK_MISS_BY_CODE, code)
    letter = db.session.scalar(select(Letter).where(Letter.tracking_code == code))
    request = db.session.scalar(
        select(ResidentRequest).where(
            ResidentRequest.tracking_code == code
            if letter is None
            else ResidentRequest.letter_id == letter.id
        )
    )
    if request is not None and request.status == RequestStatus.UNCONFIRMED:
        request = None  # not confirmed: as if it did not exist
    nik = letter.applicant_nik if letter else (request.applicant_nik if request else "0000")
    if (letter is None and request is None) or not hmac.compare_digest(nik[-4:], nik4):
        throttle.hit(limits.TRACK_MISS_BY_ADDRESS, client_address)
        throttle.hit(limits.TRACK_MISS_BY_CODE, code)
        raise NotFound(NO_MATCH)
    return request, letter
