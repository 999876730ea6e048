"""An online request's history: append-only events chained by hashes, as a letter's are.

The same design as a letter's history (internal/event_writer.py): each event stores what changed in
the request's audited state (`domain.residents.request_audit_state`), the hash of the whole state
and its link in the request's chain, so `flask audit verify` finds a changed, removed or inserted
event, and a request changed without an event. A request's events are few and written by one
person at a time, so each is sealed when it is recorded: record *after* the change.

When the request becomes a letter, the letter's first event names this chain's head (`anchor`):
the request's history is then part of the letter's audit chain too. A request refused or abandoned
before any letter exists keeps its history in its own chain.
"""

from sqlalchemy import select

from app.domain.events import link_hash, plain_json, state_hash, state_patch
from app.domain.residents import RequestEventKind, request_audit_state
from app.extensions import db
from app.models import RequestEvent, User
from app.models.base import utcnow
from app.models.resident import RequestAttachment, ResidentRequest
from app.services.internal.event_writer import ChainHead, chain_head, event_content


def record(
    request: ResidentRequest,
    kind: RequestEventKind,
    actor: User | None = None,
    client_address: str | None = None,
    **data,
) -> RequestEvent:
    """Seal the request's next event in the caller's transaction (after the change it records).

    `actor` None: the resident (or the system, e.g. retention)."""
    session = db.session()
    session.flush()  # the request and its attachments as they are now
    head = _head(request.id)
    state = request_state(request.id)
    event = RequestEvent(
        request_id=request.id,
        seq=head.seq + 1,
        kind=RequestEventKind(kind).value,
        actor_id=actor.id if actor else None,
        role=actor.role if actor else None,
        office_id=actor.office_id if actor else None,
        client_address=client_address,
        at=utcnow(),
        data=plain_json(data),
        state_patch=state_patch(head.state, state),
        state_hash=state_hash(state),
        prev_hash=head.hash,
    )
    event.hash = link_hash(event_content(event), head.hash)
    session.add(event)
    session.flush()
    return event


def anchor(request: ResidentRequest) -> dict:
    """The request chain's head, for the letter's first event: {"seq", "hash"} of its last event."""
    head = _head(request.id)
    return {"seq": head.seq, "hash": head.hash}


def events_of(request_id: int) -> list[RequestEvent]:
    """The request's history, oldest first."""
    return list(
        db.session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id == request_id)
            .order_by(RequestEvent.seq)
        )
    )


def request_state(request_id: int) -> dict:
    """The request's audited state as saved in the database now (what `flask audit verify`
    compares)."""
    row = db.session.execute(
        select(ResidentRequest.__table__).where(ResidentRequest.id == request_id)
    ).one()
    attachments = db.session.execute(
        select(
            RequestAttachment.id,
            RequestAttachment.requirement,
            RequestAttachment.sha256,
            RequestAttachment.size,
            RequestAttachment.removed_why,
        ).where(RequestAttachment.request_id == request_id)
    ).all()
    return request_audit_state(row, attachments)


def _head(request_id: int) -> ChainHead:
    """The request's last event (writers of one request queue on its row)."""
    return chain_head(db.session(), ResidentRequest, RequestEvent.request_id, request_id)
