"""A letter's history: append-only events, each with the letter's state after it, chained by hashes.

How an event is written. `record_event` *opens* the letter's next event inside the caller's
transaction. Every change the transaction makes to the letter from then on, until the letter's next
event is opened or the transaction commits, belongs to that event: only then is the event *sealed* —
the letter's audited state is read from the database, the event stores what changed in it
(`state_patch`), the hash of the whole state, and its link in the letter's hash chain — and added.
So record before you change, and the state after event N is exactly what was saved when N ended.
A rolled-back transaction (or savepoint) takes its open events with it.

Nothing here updates or deletes an event (models/event.py refuses it; PostgreSQL has a trigger).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

from app.domain.events import (
    GENESIS,
    EventKind,
    apply_patch,
    canonical,
    link_hash,
    plain_json,
    sha256_hex,
    state_hash,
    state_patch,
)
from app.extensions import db
from app.models import (
    AuditBlob,
    Letter,
    LetterEvent,
    RequestEvent,
    Signature,
    Task,
    TaskState,
    User,
)
from app.models.base import utcnow
from app.services.internal.blobs import put_blob
from app.services.notifications import triggers as notification_triggers

_PENDING = (
    "layang.history.pending"  # session.info: {letter_id: _Pending}, the open event of each letter
)
# session.info key: {letter_id: ChainHead}, the chain heads sealed in this transaction.
_HEADS = "layang.history.heads"


@dataclass
class _Pending:
    letter: Letter
    event: LetterEvent
    transaction: SessionTransaction


@dataclass(frozen=True)
class ChainHead:
    """A hash chain's last event: its seq, its hash and the state its patches fold to."""

    seq: int
    hash: str
    state: dict


def record_event(
    letter: Letter,
    kind: str,
    actor: User | None,
    data: dict | None = None,
    client_address: str | None = None,
) -> LetterEvent:
    """Open the letter's next history event in the caller's transaction (see the module docstring).

    The returned event's `data` may still be completed until it is sealed. An event without an actor
    (one the system makes, e.g. task_created) carries the actor and address of the event that caused
    it.
    """
    kind = EventKind(kind)
    session = db.session()
    session.flush()  # the letter needs its id
    pending = session.info.setdefault(_PENDING, {})
    cause = pending.pop(letter.id, None)
    if cause is not None:
        _seal(session, cause)
    if actor is None and cause is not None:
        actor_id, role, office_id = cause.event.actor_id, cause.event.role, cause.event.office_id
        client_address = client_address or cause.event.client_address
    else:
        actor_id, role, office_id = (
            (actor.id, actor.role, actor.office_id) if actor else (None, None, None)
        )
    event = LetterEvent(
        letter_id=letter.id,
        kind=kind.value,
        actor_id=actor_id,
        role=role,
        office_id=office_id,
        client_address=client_address,
        at=utcnow(),
        data=dict(data or {}),
    )
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:
        raise RuntimeError("events are recorded inside a transaction (committing())")
    pending[letter.id] = _Pending(letter, event, transaction)
    return event


def chain_owner(event: LetterEvent | RequestEvent) -> dict:
    """Whose chain an event is in: {"letter_id": n}, or {"request_id": n} for an online request."""
    if isinstance(event, RequestEvent):
        return {"request_id": event.request_id}
    return {"letter_id": event.letter_id}


def event_content(event: LetterEvent | RequestEvent) -> dict:
    """What an event's hash covers: everything but its row id and the hash itself."""
    return {
        **chain_owner(event),
        "seq": event.seq,
        "kind": event.kind,
        "actor_id": event.actor_id,
        "role": event.role,
        "office_id": event.office_id,
        "client_address": event.client_address,
        "at": iso(event.at),
        "data": event.data,
        "state_patch": event.state_patch,
        "state_hash": event.state_hash,
    }


def iso(moment: datetime | None) -> str | None:
    """A datetime as the audit trail writes it: ISO 8601 in UTC, to the microsecond."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def letter_state(letter_id: int, store_blobs: bool = False, kept: dict | None = None) -> dict:
    """The letter's audited state as saved in the database now (also what `flask audit verify`
    compares); `store_blobs` keeps the process snapshot as a blob unless it is `kept`, the process
    of a state already sealed (whose snapshot was kept then)."""
    session = db.session()
    row = session.execute(
        select(
            Letter.letter_type_id,
            Letter.desa_id,
            Letter.route_version_id,
            Letter.status,
            Letter.number,
            Letter.issued_at,
            Letter.applicant_nik,
            Letter.applicant_name,
            Letter.fields,
            Letter.process_state,
            Letter.serializer_version,
            Letter.signed_pdf_sha256,
            AuditBlob.size.label("signed_pdf_size"),
        )
        .outerjoin(AuditBlob, AuditBlob.sha256 == Letter.signed_pdf_sha256)
        .where(Letter.id == letter_id)
    ).one()
    tasks = session.execute(
        select(
            Task.id,
            Task.step,
            Task.name,
            Task.role,
            Task.office_id,
            Task.signing,
            Task.claimed_by_id,
            Task.due_at,
        )
        .where(Task.letter_id == letter_id, Task.state == TaskState.OPEN)
        .order_by(Task.id)
    ).all()
    signatures = session.execute(
        select(
            Signature.id,
            Signature.step,
            Signature.signer_id,
            Signature.signer_name,
            Signature.signer_position,
            Signature.role,
            Signature.certificate_fingerprint,
            Signature.signed_at,
            Signature.length_before,
        )
        .where(Signature.letter_id == letter_id, Signature.voided_at.is_(None))
        .order_by(Signature.id)
    ).all()
    document = process = None
    if row.signed_pdf_sha256 is not None:  # a blob already: put there when it was signed
        document = {"sha256": row.signed_pdf_sha256, "length": row.signed_pdf_size}
    if row.process_state:
        process_bytes = canonical(row.process_state)
        process = {
            "sha256": sha256_hex(process_bytes),
            "serializer_version": row.serializer_version,
        }
        if store_blobs and process != kept:
            put_blob(process_bytes, "application/json", sha256=process["sha256"])
    return plain_json(
        {
            "letter_type_id": row.letter_type_id,
            "desa_id": row.desa_id,
            "route_version_id": row.route_version_id,
            "status": row.status,
            "number": row.number,
            "issued_at": iso(row.issued_at),
            "applicant": {"nik": row.applicant_nik, "name": row.applicant_name},
            "fields": row.fields,
            "open_tasks": [{**t._asdict(), "due_at": iso(t.due_at)} for t in tasks],
            "signatures": [{**s._asdict(), "signed_at": iso(s.signed_at)} for s in signatures],
            "document": document,
            "process": process,
        }
    )


def fold_states(patches) -> dict:
    """The state after a run of events, from their patches (events before the audit trail have
    none)."""
    state: dict = {}
    for patch in patches:
        state = apply_patch(state, patch or {})
    return state


def _seal(session: Session, pending: _Pending) -> None:
    """Take the letter's state now, chain the event to the letter's head, and add it."""
    event, letter_id = pending.event, pending.letter.id
    head = _head(session, letter_id)
    state = letter_state(letter_id, store_blobs=True, kept=head.state.get("process"))
    event.seq = head.seq + 1
    event.data = plain_json(event.data)
    event.state_patch = state_patch(head.state, state)
    event.state_hash = state_hash(state)
    event.prev_hash = head.hash
    event.hash = link_hash(event_content(event), head.hash)
    session.add(event)
    session.info.setdefault(_HEADS, {})[letter_id] = ChainHead(event.seq, event.hash, state)
    notification_triggers.after_event(event, pending.letter)  # same transaction as the event


def _head(session: Session, letter_id: int) -> ChainHead:
    """The letter's last sealed event: from this transaction, else from the database (locked on
    PostgreSQL)."""
    heads = session.info.setdefault(_HEADS, {})
    if letter_id in heads:
        return heads[letter_id]
    return chain_head(session, Letter, LetterEvent.letter_id, letter_id)


def chain_head(session: Session, owner, owner_column, owner_id: int) -> ChainHead:
    """The last event of one owner's chain (a letter's, a resident request's), read from the
    database with the owner's row locked on PostgreSQL: concurrent writers of a chain queue here."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(owner.id).where(owner.id == owner_id).with_for_update())
    events = owner_column.class_
    rows = session.execute(
        select(events.seq, events.hash, events.state_patch)
        .where(owner_column == owner_id)
        .order_by(events.seq)
    ).all()
    if not rows:
        return ChainHead(0, GENESIS, {})
    return ChainHead(
        rows[-1].seq, rows[-1].hash or GENESIS, fold_states(r.state_patch for r in rows)
    )


@sa_event.listens_for(Session, "before_commit")
def _seal_open_events(session: Session) -> None:
    """At commit, every still-open event takes the letter's final state."""
    pending = session.info.get(_PENDING)
    while pending:
        _seal(session, pending.pop(next(iter(pending))))


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back_events(session: Session, previous_transaction: SessionTransaction) -> None:
    """Events opened inside a rolled-back transaction or savepoint never happened."""
    pending = session.info.get(_PENDING) or {}
    for letter_id, entry in list(pending.items()):
        transaction = entry.transaction
        while transaction is not None and transaction is not previous_transaction:
            transaction = transaction.parent
        if transaction is not None:
            del pending[letter_id]
    session.info.pop(_HEADS, None)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_transaction(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_HEADS, None)
