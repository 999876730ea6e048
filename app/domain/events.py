"""What can happen to a letter (the history's event kinds), and the hash chain that makes its
history tamper-evident.

Plain Python: the services record events and check chains with these rules.
"""

import hashlib
import json
from enum import StrEnum


class EventKind(StrEnum):
    CREATED = "created"  # the request is registered and its route started
    TASK_CREATED = "task_created"  # a step opened in someone's inbox
    CLAIMED = "claimed"
    UNCLAIMED = "unclaimed"
    COMPLETED = "completed"  # a step approved (decision, reason, changed fields)
    # a signing began: the step is held for the signer while BSrE/TSA work, the number reserved
    SIGNING_STARTED = "signing_started"
    # a signing that did not finish let go of its step (and handed its unused number back)
    SIGNING_RELEASED = "signing_released"
    SIGNED = "signed"  # signer, certificate fingerprint, document hashes, letter number
    RETURNED = "returned"
    REJECTED = "rejected"
    DATA_CHANGED = "data_changed"  # the applicant's data corrected
    MIGRATED = "migrated"  # moved to another version of its route
    TIMER_FIRED = "timer_fired"  # a step passed its due date (services/timers.py)
    DELEGATED = "delegated"  # a Plt acted in a role delegated to them (before their decision)
    # signing refused for an official for a while after repeated wrong passphrases (nothing changes)
    SIGNING_LOCKED = "signing_locked"
    COMPLETION_REFUSED = "completion_refused"  # finishing refused: a signature is missing
    ADMIN_CORRECTION = (
        "admin_correction"  # the kabupaten admin fixed a running letter's data, with a reason
    )
    # The resident's attachments (online request) deleted after the retention period.
    ATTACHMENTS_DELETED = "attachments_deleted"


EVENT_LABELS: dict[str, str] = {
    EventKind.CREATED: "Surat dibuat",
    EventKind.TASK_CREATED: "Langkah dibuka",
    EventKind.CLAIMED: "Tugas diambil",
    EventKind.UNCLAIMED: "Tugas dilepaskan",
    EventKind.COMPLETED: "Tugas diselesaikan",
    EventKind.SIGNING_STARTED: "Penandatanganan dimulai (nomor surat dipesan)",
    EventKind.SIGNING_RELEASED: "Penandatanganan tidak selesai (langkah dibuka kembali)",
    EventKind.SIGNED: "Ditandatangani secara elektronik",
    EventKind.RETURNED: "Dikembalikan",
    EventKind.REJECTED: "Ditolak",
    EventKind.DATA_CHANGED: "Data pemohon diubah",
    EventKind.MIGRATED: "Dipindahkan ke versi rute lain",
    EventKind.TIMER_FIRED: "Tenggat waktu tercapai",
    EventKind.DELEGATED: "Didelegasikan",
    EventKind.ADMIN_CORRECTION: "Koreksi oleh admin",
    EventKind.ATTACHMENTS_DELETED: "Lampiran pemohon dihapus (masa simpan berakhir)",
    EventKind.COMPLETION_REFUSED: "Penyelesaian ditahan: tanda tangan belum lengkap",
    EventKind.SIGNING_LOCKED: "Penandatanganan dikunci sementara (passphrase salah berulang kali)",
}

GENESIS = "0" * 64  # the prev_hash of every chain's first link


def canonical(value) -> bytes:
    """The one byte form of a JSON value that hashes are taken over: sorted keys, no spaces,
    UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plain_json(value):
    """A deep copy of `value` as the database will give it back (tuples become lists, keys
    strings)."""
    return json.loads(canonical(value))


def link_hash(content: dict, prev_hash: str) -> str:
    """The hash of one chain link: its content together with the previous link's hash."""
    return sha256_hex(canonical({"content": content, "prev_hash": prev_hash}))


def state_hash(state: dict) -> str:
    """The hash of a letter's audited state (status, data, open tasks, signatures, document,
    process)."""
    return sha256_hex(canonical(state))


def state_patch(before: dict, after: dict) -> dict:
    """The top-level parts of the state that changed, with their new values."""
    return {key: value for key, value in after.items() if before.get(key, _MISSING) != value}


def apply_patch(state: dict, patch: dict) -> dict:
    """The state after one event's patch."""
    return {**state, **patch}


_MISSING = object()
