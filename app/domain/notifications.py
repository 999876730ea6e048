"""What Layang tells officials, in short Indonesian, and the rules of delivering it.

Plain Python: no Flask, SQLAlchemy or SpiffWorkflow. Times are WIB (Asia/Jakarta, UTC+7, no DST).
"""

from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


class Kind(StrEnum):
    NEW_TASK = "new_task"
    RETURNED = "returned"
    REMINDER = "reminder"
    ESCALATION = "escalation"
    FINISHED = "finished"
    CERTIFICATE_EXPIRING = "certificate_expiring"
    DIGEST = "digest"
    ONLINE_REQUEST = "online_request"  # a resident's online request confirmed, on the desa's desk
    DIRECT = "direct"  # a message to an address, not to an official (e.g. a resident's code)


class Channel(StrEnum):
    EMAIL = "email"
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"


CHANNEL_LABELS = {
    Channel.EMAIL: "E-mail",
    Channel.TELEGRAM: "Telegram",
    Channel.WHATSAPP: "WhatsApp",
}

MAX_ATTEMPTS = 12  # about 3.5 hours of retries before a message is given up
FIRST_RETRY_SECONDS = 5
LONGEST_RETRY_SECONDS = 3600


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: 5 s, 10 s, 20 s, ... at most an hour."""
    return timedelta(
        seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS)
    )


def parse_clock(value: str | None) -> time | None:
    """'21:30' -> time(21, 30); empty -> None; anything else -> ValueError."""
    if not value:
        return None
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes or 0))


def after_quiet_hours(now: datetime, quiet_from: time | None, quiet_until: time | None) -> datetime:
    """The first moment at or after `now` (UTC) outside the official's quiet hours (WIB)."""
    if quiet_from is None or quiet_until is None or quiet_from == quiet_until:
        return now
    local = now.astimezone(WIB)
    clock = local.time()
    if quiet_from < quiet_until:  # e.g. 12:00-13:00 the same day
        quiet = quiet_from <= clock < quiet_until
        end_day = local.date()
    else:  # e.g. 21:00-06:00 across midnight
        quiet = clock >= quiet_from or clock < quiet_until
        end_day = local.date() + timedelta(days=1) if clock >= quiet_from else local.date()
    if not quiet:
        return now
    return datetime.combine(end_day, quiet_until, tzinfo=WIB).astimezone(UTC)


def message_text(kind: Kind, facts: dict) -> str:
    """The short Indonesian text of one notification, from the facts of its cause."""
    letter = f"{facts.get('letter_type', 'Surat')} a.n. {facts.get('applicant', '-')}"
    texts = {
        Kind.NEW_TASK: f"Tugas baru: {facts.get('step', '')} untuk {letter}.",
        Kind.RETURNED: f"{letter} dikembalikan kepada Anda. Alasan: {facts.get('reason') or '-'}",
        Kind.REMINDER: f"Pengingat: {letter} melewati batas waktu layanan ({facts.get('step')}).",
        Kind.ESCALATION: (
            f"Eskalasi: {letter} belum diproses pada langkah {facts.get('step')} "
            f"sejak {facts.get('since', '-')}."
        ),
        Kind.FINISHED: f"{letter} telah selesai dengan nomor {facts.get('number') or '-'}.",
        Kind.CERTIFICATE_EXPIRING: (
            f"Sertifikat elektronik Anda berakhir pada {facts.get('not_after')}. "
            "Hubungi admin untuk memperbaruinya."
        ),
        Kind.DIGEST: f"{facts.get('count', 0)} surat menunggu tanda tangan Anda.",
        Kind.ONLINE_REQUEST: f"Permohonan online baru: {letter}.",
    }
    return texts.get(kind) or str(facts.get("text", ""))


SUBJECTS = {
    Kind.NEW_TASK: "Tugas baru di Layang",
    Kind.RETURNED: "Surat dikembalikan",
    Kind.REMINDER: "Pengingat batas waktu layanan",
    Kind.ESCALATION: "Eskalasi surat",
    Kind.FINISHED: "Surat selesai",
    Kind.CERTIFICATE_EXPIRING: "Sertifikat elektronik segera berakhir",
    Kind.DIGEST: "Surat menunggu tanda tangan",
    Kind.ONLINE_REQUEST: "Permohonan online baru",
    Kind.DIRECT: "Layang",
}
