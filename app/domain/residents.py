"""Rules of a resident's online request: its statuses, the public timeline, codes and masking.

Plain Python: no Flask, SQLAlchemy or SpiffWorkflow.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.events import plain_json

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the counter
TRACKING_CODE = re.compile(rf"[{TRACKING_ALPHABET}]{{10}}")
OTP_DIGITS = 6
OTP_MINUTES = 10
OTP_MAX_ATTEMPTS = 5


class RequestStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"  # waiting for the one-time code (or PIN)
    SUBMITTED = "submitted"  # in the desa's inbox
    NEEDS_FIX = "needs_fix"  # the operator asked the resident to fix something
    STARTED = "started"  # the letter's route runs
    REJECTED = "rejected"  # refused by the operator before the route started


class RequestEventKind(StrEnum):
    """The steps of a request's own history (its hash chain)."""

    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"
    FIX_REQUESTED = "fix_requested"
    RESUBMITTED = "resubmitted"
    REJECTED = "rejected"
    STARTED = "started"  # became a letter: the letter's first event names this chain's head
    ATTACHMENTS_DELETED = "attachments_deleted"  # by retention
    LETTER_ENDED = "letter_ended"  # the letter finished or was refused; the resident is told
    IMPORTED = "imported"  # history kept before requests had a hash chain (migration)


REQUEST_EVENT_LABELS = {
    RequestEventKind.SUBMITTED: "Permohonan dikirim pemohon",
    RequestEventKind.CONFIRMED: "Dikonfirmasi pemohon",
    RequestEventKind.FIX_REQUESTED: "Diminta perbaikan",
    RequestEventKind.RESUBMITTED: "Diperbaiki pemohon",
    RequestEventKind.REJECTED: "Ditolak",
    RequestEventKind.STARTED: "Proses surat dimulai",
    RequestEventKind.ATTACHMENTS_DELETED: "Lampiran dihapus (masa simpan berakhir)",
    RequestEventKind.LETTER_ENDED: "Surat selesai atau ditolak; pemohon diberi tahu",
    RequestEventKind.IMPORTED: "Riwayat lama dipindahkan",
}


def request_audit_state(request, attachments) -> dict:
    """What a request's hash chain vouches for, from its row and its attachments' rows (mappings
    or objects with these names): no contact address, no codes."""
    return plain_json(
        {
            "desa_id": request.desa_id,
            "letter_type_id": request.letter_type_id,
            "applicant": {"nik": request.applicant_nik, "name": request.applicant_name},
            "fields": request.fields,
            "delivery": request.delivery,
            "status": request.status,
            "reason": request.reason,
            "letter_id": request.letter_id,
            "attachments": [
                {
                    "id": a.id,
                    "requirement": a.requirement,
                    "sha256": a.sha256,
                    "size": a.size,
                    "removed_why": a.removed_why,
                }
                for a in sorted(attachments, key=lambda a: a.id)
            ],
        }
    )


class Delivery(StrEnum):
    DOWNLOAD = "download"
    PICKUP = "pickup"


DELIVERY_LABELS = {
    Delivery.DOWNLOAD: "Unduh PDF bertanda tangan elektronik",
    Delivery.PICKUP: "Ambil di balai desa",
}

PIN_CHANNEL = "pin"  # confirmed with the NIK + PIN issued at the desa office


class Stage(StrEnum):
    """Where a request stands, as the public timeline names it."""

    RECEIVED = "received"
    NEEDS_FIX = "needs_fix"
    CHECKING = "checking"
    AWAITING_KADES = "awaiting_kades"
    AT_KECAMATAN = "at_kecamatan"
    HANDOVER = "handover"
    READY_DOWNLOAD = "ready_download"
    READY_PICKUP = "ready_pickup"
    REJECTED = "rejected"


STAGE_LABELS = {
    Stage.RECEIVED: "Permohonan diterima",
    Stage.NEEDS_FIX: "Perlu perbaikan dari pemohon",
    Stage.CHECKING: "Diperiksa di kantor desa",
    Stage.AWAITING_KADES: "Menunggu tanda tangan kepala desa",
    Stage.AT_KECAMATAN: "Di kecamatan",
    Stage.HANDOVER: "Disiapkan untuk diserahkan",
    Stage.READY_DOWNLOAD: "Selesai — siap diunduh",
    Stage.READY_PICKUP: "Selesai — siap diambil di balai desa",
    Stage.REJECTED: "Ditolak",
}

_ROLE_STAGES = {
    "kades": Stage.AWAITING_KADES,
    "sekdes": Stage.AWAITING_KADES,
    "operator_kecamatan": Stage.AT_KECAMATAN,
    "camat": Stage.AT_KECAMATAN,
}


@dataclass(frozen=True)
class Step:
    stage: Stage
    at: datetime | None

    @property
    def label(self) -> str:
        return STAGE_LABELS[self.stage]


@dataclass
class Timeline:
    """The steps a resident sees, oldest first; the last one is where the request stands now."""

    steps: list[Step] = field(default_factory=list)

    def add(self, stage: Stage, at: datetime | None) -> None:
        """Append a step, unless it repeats the one before (e.g. two kecamatan steps in a row)."""
        if not self.steps or self.steps[-1].stage is not stage:
            self.steps.append(Step(stage, at))

    @property
    def current(self) -> Stage:
        return self.steps[-1].stage


def timeline_of(
    request_history: list[dict],
    letter_events: list[tuple[str, dict, datetime]],
    letter_status: str | None,
    delivery: str,
) -> Timeline:
    """The public timeline from the request's own history and its letter's events (kind, data, at).

    Only stages are shown: no names, no officials, no reasons but the resident's own fix request.
    """
    timeline = Timeline()
    for entry in request_history:
        kind = entry.get("kind")
        at = datetime.fromisoformat(entry["at"]) if entry.get("at") else None
        if kind in ("confirmed", "resubmitted"):
            timeline.add(Stage.RECEIVED, at)
        elif kind == "fix_requested":
            timeline.add(Stage.NEEDS_FIX, at)
        elif kind == "rejected":
            timeline.add(Stage.REJECTED, at)
    if letter_events and not timeline.steps:
        timeline.add(Stage.RECEIVED, letter_events[0][2])  # registered at the counter
    signed = False
    for kind, data, at in letter_events:
        if kind == "signed":
            signed = True
        elif kind == "task_created":
            role = data.get("role")
            if role == "operator_desa":
                timeline.add(Stage.HANDOVER if signed else Stage.CHECKING, at)
            elif role in _ROLE_STAGES:
                timeline.add(_ROLE_STAGES[role], at)
    last_at = letter_events[-1][2] if letter_events else None
    if letter_status == "completed":
        pickup = delivery == Delivery.PICKUP
        timeline.add(Stage.READY_PICKUP if pickup else Stage.READY_DOWNLOAD, last_at)
    elif letter_status == "rejected":
        timeline.add(Stage.REJECTED, last_at)
    return timeline


def new_tracking_code() -> str:
    """Ten characters from an alphabet without look-alikes: about 50 bits, unguessable online."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def normalize_tracking_code(raw: str | None) -> str:
    """What a person typed, as stored: upper case, spaces and dashes dropped."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def looks_like_tracking_code(raw: str | None) -> bool:
    """True when the text has the form of a tracking code (says nothing about whether it exists)."""
    return bool(TRACKING_CODE.fullmatch(normalize_tracking_code(raw)))


def new_otp() -> str:
    """A six-digit one-time code."""
    return f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"


def keyed_hash(secret: str, value: str) -> str:
    """An HMAC-SHA256 of a short secret (a one-time code): useless to whoever reads the row."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def same_hash(expected: str | None, actual: str) -> bool:
    return expected is not None and hmac.compare_digest(expected, actual)


def mask_name(name: str) -> str:
    """A name as a public page may show it: each word's first letter, e.g. "B*** S*******"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def mask_address(channel: str, address: str) -> str:
    """A phone number, chat or e-mail address with most of it hidden, e.g. "0812****78"."""
    if channel == "email" and "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(address) <= 4:
        return "*" * len(address)
    return f"{address[:4]}{'*' * (len(address) - 6)}{address[-2:]}"


def normalize_phone(raw: str) -> str | None:
    """An Indonesian mobile number as 62…, or None when it is not one (08…, +62…, 62…)."""
    digits = re.sub(r"[\s().-]", "", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if re.fullmatch(r"628\d{7,12}", digits) else None


_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")


def normalize_contact(channel: str, raw: str) -> str | None:
    """The address a channel sends to, cleaned, or None when it cannot be one."""
    raw = (raw or "").strip()
    if channel == "whatsapp":
        return normalize_phone(raw)
    if channel == "email":
        return raw.lower() if _EMAIL.fullmatch(raw) and len(raw) <= 200 else None
    if channel == "telegram":
        return raw if re.fullmatch(r"-?\d{5,20}", raw) else None
    return None
