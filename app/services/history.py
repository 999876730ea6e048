"""Appending to a letter's history. Events are only ever added, never changed."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import Letter, LetterEvent, User


def record_event(letter: Letter, kind: str, actor: User | None, data: dict | None = None,
                 client_address: str | None = None) -> LetterEvent:
    """Add the next event to the letter's history, in the caller's transaction."""
    db.session.flush()  # the letter needs its id
    last = db.session.scalar(select(func.max(LetterEvent.seq)).where(LetterEvent.letter_id == letter.id))
    event = LetterEvent(
        letter_id=letter.id, seq=(last or 0) + 1, kind=kind, data=data or {},
        actor_id=actor.id if actor else None, role=actor.role if actor else None,
        office_id=actor.office_id if actor else None, client_address=client_address,
    )
    db.session.add(event)
    return event


def list_events(letter: Letter) -> list[LetterEvent]:
    """The letter's history, oldest first."""
    return list(db.session.scalars(
        select(LetterEvent).where(LetterEvent.letter_id == letter.id).order_by(LetterEvent.seq)))
