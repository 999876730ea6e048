"""Officials' inboxes: list, claim, unclaim and complete tasks."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult

import signing
from app.domain.errors import (
    Conflict,
    DecisionNotAvailable,
    DomainError,
    InvalidInput,
    NotFound,
    RuleRefused,
    SignaturesIncomplete,
)
from app.domain.events import EventKind
from app.domain.status import Decision, DecisionKind, LetterStatus, status_after
from app.extensions import db
from app.models import Letter, Task, TaskState, User
from app.models.base import utcnow
from app.services import verification
from app.services.delegations import acting_roles
from app.services.internal import signatures, signing_lease
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event
from app.services.internal.pagination import Page, page_of
from app.services.internal.process import apply_snapshot, rewound, run_step
from app.services.internal.required_signatures import require_every_signature
from app.services.internal.scope import inbox_scope, letter_scope
from app.services.internal.signing_guard import passphrase_attempt
from app.services.letters import first_standing_signature_step, update_applicant_data
from app.services.permissions import TaskPermissions, task_permissions, task_refusal
from app.services.residents.delivery import letter_ended

log = logging.getLogger(__name__)


def list_inbox(user: User, limit: int = 20, cursor: str | None = None) -> Page:
    """My open tasks, newest first, one page at a time, with the total count."""
    query = select(Task).where(inbox_scope(user, acting_roles(user)))
    return page_of(query, Task.id, limit, cursor, total=count_inbox(user))


def list_signing_tasks(user: User, limit: int = 200) -> list[Task]:
    """My open signing tasks, oldest first: the letters a bulk signature can take."""
    query = (
        select(Task)
        .where(inbox_scope(user, acting_roles(user)), Task.signing.is_(True))
        .order_by(Task.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def count_inbox(user: User) -> int:
    """How many open tasks wait for me."""
    count = db.session.scalar(
        select(func.count(Task.id)).where(inbox_scope(user, acting_roles(user)))
    )
    return count or 0  # COUNT always answers a row; None only in the type


def get_task(user: User, task_id: int) -> Task:
    """A task of a letter in the user's scope, or NotFound."""
    task = db.session.scalar(
        select(Task).join(Letter).where(Task.id == task_id, letter_scope(user))
    )
    if task is None:
        raise NotFound("Tugas tidak ditemukan.")
    return task


@dataclass(frozen=True)
class TaskDetail:
    """A task with what the signed-in user may do with it; reads through to the task."""

    task: Task
    permissions: TaskPermissions

    def __getattr__(self, name):
        return getattr(self.task, name)


def get_task_detail(user: User, task_id: int) -> TaskDetail:
    """A task in my scope: may I act, with which decisions, and may I edit the data."""
    task = get_task(user, task_id)
    return TaskDetail(task, task_permissions(user, task))


def _eligible_open_task(user: User, task_id: int) -> Task:
    task = get_task(user, task_id)
    refusal = task_refusal(user, task)
    if refusal is not None:
        raise refusal
    return task


def release_abandoned_signings() -> int:
    """Release the signing leases whose process died (the scheduler's job), each in its own short
    transaction, so that the step's holders see it free again without having to retry first."""
    with committing():
        task_ids = signing_lease.stale_lease_task_ids()
    for task_id in task_ids:
        with committing():
            task = db.session.get(Task, task_id)
            if task is not None:
                signing_lease.let_go_if_stale(task)
    return len(task_ids)


def claim_task(user: User, task_id: int, client_address: str | None = None) -> Task:
    """Take a task so colleagues see that I am working on it."""
    with committing():
        task = _eligible_open_task(user, task_id)
        taken = cast(  # an UPDATE answers a CursorResult, which has the rowcount
            CursorResult,
            db.session.execute(
                update(Task)
                .where(
                    Task.id == task.id,
                    Task.state == TaskState.OPEN,
                    (Task.claimed_by_id.is_(None)) | (Task.claimed_by_id == user.id),
                )
                .values(claimed_by_id=user.id)
                .execution_options(synchronize_session="fetch")
            ),
        )
        if taken.rowcount != 1:
            raise Conflict("Tugas ini baru saja diambil pengguna lain.")
        record_event(
            task.letter,
            EventKind.CLAIMED,
            user,
            {"task_id": task.id, "step": task.step},
            client_address,
        )
    return task


def unclaim_task(user: User, task_id: int, client_address: str | None = None) -> Task:
    """Give a task I hold back to my colleagues."""
    with committing():
        task = _eligible_open_task(user, task_id)
        if task.claimed_by_id is None:
            raise Conflict("Tugas ini belum diambil siapa pun.")
        task.claimed_by_id = None
        record_event(
            task.letter,
            EventKind.UNCLAIMED,
            user,
            {"task_id": task.id, "step": task.step},
            client_address,
        )
    return task


_DECISION_EVENTS = {
    DecisionKind.APPROVE: EventKind.COMPLETED,
    DecisionKind.RETURN: EventKind.RETURNED,
    DecisionKind.REJECT: EventKind.REJECTED,
}


@dataclass(frozen=True)
class Completion:
    """What an official submits to finish a task."""

    decision: Decision
    passphrase: str | None = None
    data: dict | None = None  # corrected applicant data, on the desa operator's steps


def complete_task(
    user: User, task_id: int, completion: Completion, client_address: str | None = None
) -> Letter:
    """Record an official's decision (signing first when the step signs) and move the letter
    along its route."""
    with refused_completion_flagged(user, task_id, client_address):
        task = get_task(user, task_id)
        signs = task.signing and completion.decision.kind is DecisionKind.APPROVE
        if not (signs and completion.passphrase):
            with committing():
                return complete_in_transaction(user, task_id, completion, client_address)
        with passphrase_attempt(user, task.letter_id):
            session = signatures.open_signing_session(user, completion.passphrase)
            return sign_in_steps(user, task_id, completion, session, client_address)


@contextmanager
def refused_completion_flagged(
    user: User, task_id: int, client_address: str | None = None
) -> Iterator[None]:
    """Around a task's completion and its transaction: when finishing the letter is refused for a
    missing signature (SignaturesIncomplete, re-raised), record after the rollback that the letter
    cannot finish, for the admins. Single and bulk completion both go through here."""
    try:
        yield
    except SignaturesIncomplete as refused:
        with committing():
            task = get_task(user, task_id)
            record_event(
                task.letter,
                EventKind.COMPLETION_REFUSED,
                user,
                {
                    "task_id": task.id,
                    "step": task.step,
                    "missing_steps": refused.fields["missing_steps"],
                },
                client_address,
            )
        raise


def sign_in_steps(
    user: User,
    task_id: int,
    completion: Completion,
    session: signing.SigningSession,
    client_address: str | None = None,
) -> Letter:
    """Sign the task's letter and complete the task: reserve, sign with no transaction open, record
    (each step safe to crash after; see signing_lease.py)."""
    with committing():
        if not get_task(user, task_id).signing:
            raise RuleRefused("Tugas ini bukan langkah tanda tangan.")
        task = _checked_task(user, task_id, completion)
        work = signing_lease.reserve_signing(task, user, session.prints_heading, client_address)
    try:
        signed = work.sign(session)  # BSrE or the TSA: the database is not held meanwhile
        with committing():
            return complete_in_transaction(
                user, task_id, completion, client_address, signed=(work, signed)
            )
    except BaseException as failure:
        _let_go(work, user, failure, client_address)
        raise


def _let_go(
    work: signatures.SigningWork, user: User, failure: BaseException, client_address: str | None
) -> None:
    """Release the step after a failed signing; if even that fails, the lease goes stale."""
    reason = failure.code if isinstance(failure, DomainError) else type(failure).__name__
    try:
        with committing():
            signing_lease.release_signing(work.task_id, work.token, user, reason, client_address)
    except Exception:
        log.exception("could not release the signing lease of task %s", work.task_id)


def _checked_task(user: User, task_id: int, completion: Completion) -> Task:
    """The open task, if this user may decide this way (and change the data, when sent)."""
    task = _eligible_open_task(user, task_id)
    allowed = task_permissions(user, task)
    decision = completion.decision
    if decision.kind.value not in allowed.decisions:
        raise DecisionNotAvailable(
            f"Keputusan '{decision.kind.value}' tidak tersedia pada langkah {task.name}; "
            f"pilih: {', '.join(allowed.decisions)}.",
            fields={"decision": [f"Pilih salah satu: {', '.join(allowed.decisions)}."]},
        )
    if completion.data and not allowed.data_editable:
        raise InvalidInput(
            "Data surat hanya dapat diubah oleh operator desa surat ini pada langkahnya sendiri.",
            fields={"data": ["Tidak diizinkan pada langkah ini."]},
        )
    return task


def complete_in_transaction(
    user: User,
    task_id: int,
    completion: Completion,
    client_address: str | None = None,
    signed: tuple[signatures.SigningWork, signing.SignedDocument] | None = None,
) -> Letter:
    """complete_task's work inside the caller's transaction; `signed` is the signature made under
    the step's lease (sign_in_steps)."""
    task = _checked_task(user, task_id, completion)
    decision = completion.decision
    _take_for_completion(task, signed[0].token if signed else None)
    letter = task.letter
    if (
        task.role != user.role
    ):  # a Plt acts for the role's holder: the history says so before anything else
        record_event(
            letter,
            EventKind.DELEGATED,
            user,
            {"task_id": task.id, "step": task.step, "acting_role": task.role},
            client_address,
        )
    changed, reopen = {}, None
    if completion.data:
        reopen = first_standing_signature_step(letter)
        changed = update_applicant_data(letter, completion.data, user, client_address)
    if task.signing and decision.kind is DecisionKind.APPROVE:
        if signed is None:
            raise InvalidInput(
                "Passphrase wajib diisi untuk menandatangani.",
                fields={"passphrase": ["Wajib diisi."]},
            )
        signatures.record_signature(letter, task, user, *signed, client_address)
    # The decision's event is opened before the process moves, so the move is recorded as its doing.
    record_event(
        letter,
        _DECISION_EVENTS[decision.kind],
        user,
        {
            "task_id": task.id,
            "step": task.step,
            "decision": decision.kind.value,
            "reason": decision.reason or None,
            "changed_fields": sorted(changed),
            "acting_role": task.role if task.role != user.role else None,
        },
        client_address,
    )
    _finish(task, user, decision)
    snapshot = run_step(letter, task, decision.as_task_data())
    ahead = {view.step for view in snapshot.ready_tasks}
    if changed and reopen and decision.kind is not DecisionKind.REJECT and reopen not in ahead:
        # The change voided signatures: the letter goes back to the first voided signer, never on.
        snapshot = rewound(letter, snapshot.state, reopen)
    letter.status = status_after(decision.kind, snapshot.completed)
    if letter.status == LetterStatus.COMPLETED:
        require_every_signature(
            letter, verification.trust_roots(), signed[1].pdf if signed else None
        )
    for view in snapshot.ready_tasks:
        if (
            view.signing
        ):  # a signing step open again: its earlier signature, and later ones, no longer stand
            signatures.void_signatures_from(letter, view.step)
    apply_snapshot(letter, snapshot)  # opens a task_created event per new inbox row
    letter_ended(letter)  # a resident who asked online is told, in this transaction
    return letter


def _take_for_completion(task: Task, token: str | None) -> None:
    """Mark the task done unless someone else did first, or holds it to sign: exactly one of two
    racing officials wins."""
    signing_lease.holds_lease(task, token)
    if not signing_lease.change_open_task(
        task, token, state=TaskState.COMPLETED, signing_token=None, signing_since=None
    ):
        raise Conflict("Tugas ini sudah diselesaikan oleh pengguna lain.")


def _finish(task: Task, user: User, decision: Decision) -> None:
    task.state = TaskState.COMPLETED
    task.signing_token = task.signing_since = None
    task.completed_by_id = user.id
    task.completed_at = utcnow()
    task.decision = decision.kind.value
    task.reason = decision.reason or None
