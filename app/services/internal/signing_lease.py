"""A signing step held while BSrE or the TSA works, with no database transaction open meanwhile.

Signing a letter is three short steps, each its own transaction (inbox.sign_in_steps):

1. reserve: the signer takes the step's lease (a token on the task), the letter gets its number if
   it has none, the PDF and the visible block are prepared; event `signing_started`.
2. sign: the remote call (BSrE, or the local key with its TSA), outside any transaction.
3. record: the signed PDF, the signature and the decision, only if the lease is still this signer's
   and the letter did not change; event `signed` and the decision's events. The lease ends with the
   task.

A signing that fails or times out releases its lease at once (event `signing_released`). A process
that dies between 1 and 3 leaves the lease behind; after SIGNING_LEASE_SECONDS it is stale: the
next attempt on the step (by anyone) releases it first, and the scheduler's minute job releases
the ones nobody tries again (stale_lease_task_ids). While a lease is live nobody else may
complete the step: two signers of one letter never both sign.

The number stays with its letter, so the sequence stays gapless whatever happens: a later attempt
signs with the same number. Released, a number that never went on a signed PDF goes back to the
sequence if it is still the last one taken (numbers.hand_back_number).
"""

import secrets
from datetime import datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm.attributes import set_committed_value

from app.domain.errors import Conflict
from app.domain.events import EventKind
from app.extensions import db
from app.models import Letter, Task, TaskState, User
from app.models.base import utcnow
from app.services.internal.event_writer import record_event
from app.services.internal.numbers import allocate_number, hand_back_number
from app.services.internal.signatures import SigningWork, prepare_signature

HELD = "Surat ini sedang ditandatangani. Coba lagi sebentar lagi."


def reserve_signing(
    task: Task, signer: User, prints_heading: bool, client_address: str | None = None
) -> SigningWork:
    """Take the signing step's lease and the letter's number, and prepare the signature (in the
    caller's transaction); `prints_heading` as the signing session's."""
    let_go_if_stale(task)
    token, now = secrets.token_hex(16), utcnow()
    if not _set_lease(task, None, token, now):
        raise Conflict(HELD)  # two signers racing: the second finds the lease taken
    letter = task.letter
    event = record_event(
        letter,
        EventKind.SIGNING_STARTED,
        signer,
        {"task_id": task.id, "step": task.step, "acting_role": _acting(signer, task)},
        client_address,
    )
    if letter.number is None:
        letter.issued_at = now
        letter.number = allocate_number(letter)
        event.data["number_reserved"] = True
    event.data["number"] = letter.number
    return prepare_signature(letter, task, signer, token, prints_heading)


def holds_lease(task: Task, token: str | None) -> None:
    """The step may be completed by this caller: with the live lease's token, or when no live lease
    is held (a stale one is released first)."""
    if token is None:
        let_go_if_stale(task)
    if task.signing_token != token:
        raise Conflict(
            HELD
            if token is None
            else "Waktu penandatanganan habis dan langkah ini sudah dibuka kembali. Coba lagi."
        )


def release_signing(
    task_id: int, token: str, actor: User | None, reason: str, client_address: str | None = None
) -> None:
    """A signing that did not finish lets go of its step (in the caller's transaction); nothing if
    its lease already ended."""
    task = db.session.get(Task, task_id)
    if task is not None and task.signing_token == token:
        _release(task, actor, reason, client_address)


def _lease_length() -> timedelta:
    return timedelta(seconds=float(current_app.config["SIGNING_LEASE_SECONDS"]))


def let_go_if_stale(task: Task) -> None:
    """Release the step's lease if its holder is gone (it outlived SIGNING_LEASE_SECONDS)."""
    if task.signing_token is None or task.signing_since is None:
        return
    if task.signing_since + _lease_length() < utcnow():
        _release(task, None, "lease_expired")


def stale_lease_task_ids() -> list[int]:
    """The open steps whose signing lease outlived SIGNING_LEASE_SECONDS (their holder died)."""
    return list(
        db.session.scalars(
            select(Task.id).where(
                Task.state == TaskState.OPEN,
                Task.signing_token.is_not(None),
                Task.signing_since < utcnow() - _lease_length(),
            )
        )
    )


def _release(task: Task, actor: User | None, reason: str, client_address: str | None = None):
    letter: Letter = task.letter
    if not _set_lease(task, task.signing_token, None, None):
        return  # another process released it or finished first
    event = record_event(
        letter,
        EventKind.SIGNING_RELEASED,
        actor,
        {"task_id": task.id, "step": task.step, "reason": reason},
        client_address,
    )
    if letter.number is not None and not letter.signatures and hand_back_number(letter):
        event.data["number_handed_back"] = letter.number
        letter.number = letter.issued_at = None


def _set_lease(task: Task, held: str | None, token: str | None, since: datetime | None) -> bool:
    if not change_open_task(task, held, signing_token=token, signing_since=since):
        return False
    set_committed_value(task, "signing_token", token)
    set_committed_value(task, "signing_since", since)
    return True


def change_open_task(task: Task, held: str | None, **values) -> bool:
    """Change the open task only if its lease is still `held` (None: no lease): a conditional
    UPDATE, so that of two processes racing for it (PostgreSQL: the second waits for the first's
    commit) exactly one wins."""
    changed = cast(
        CursorResult,
        db.session.execute(
            update(Task)
            .where(
                Task.id == task.id,
                Task.state == TaskState.OPEN,
                Task.signing_token.is_(None) if held is None else Task.signing_token == held,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        ),
    )
    return changed.rowcount == 1


def _acting(signer: User, task: Task) -> str | None:
    return task.role if task.role != signer.role else None
