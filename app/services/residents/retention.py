"""Deleting residents' attachments a set number of days after their letter (or request) ended."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.domain.events import EventKind
from app.domain.residents import RequestEventKind, RequestStatus
from app.extensions import db
from app.models import Letter
from app.models.base import utcnow
from app.models.resident import RequestAttachment, ResidentRequest
from app.services.internal import throttle
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event
from app.services.residents import attachments, history

UNCONFIRMED_KEPT = timedelta(days=1)  # a request nobody confirmed keeps its files this long


def purge_expired_attachments(now: datetime | None = None) -> int:
    """Delete the bytes of attachments whose request ended more than the retention period ago
    (or that nobody confirmed within a day).

    The deletion is recorded in the request's hash-chained history and, when the request became a
    letter, in the letter's history too. Answers how many files were deleted.
    """
    now = now or utcnow()
    days = current_app.config["ATTACHMENT_RETENTION_DAYS"]
    cutoff = now - timedelta(days=days)
    deleted = 0
    with committing():
        with_files = select(RequestAttachment.request_id).where(
            RequestAttachment.removed_at.is_(None)
        )
        ended = (ResidentRequest.ended_at.is_not(None)) & (ResidentRequest.ended_at <= cutoff)
        never_confirmed = (ResidentRequest.status == RequestStatus.UNCONFIRMED) & (
            ResidentRequest.created_at <= now - UNCONFIRMED_KEPT
        )
        requests = db.session.scalars(
            select(ResidentRequest)
            .where(ended | never_confirmed, ResidentRequest.id.in_(with_files))
            .order_by(ResidentRequest.id)
        ).all()
        for request in requests:
            gone = [a for a in request.attachments if a.removed_at is None]
            facts = {
                "request_id": request.id,
                "retention_days": days,
                "attachments": [
                    {"id": a.id, "requirement": a.requirement, "sha256": a.sha256} for a in gone
                ],
            }
            if request.letter_id is not None:
                letter = db.session.get_one(Letter, request.letter_id)
                record_event(letter, EventKind.ATTACHMENTS_DELETED, None, facts)
            attachments.remove(gone, "retention", now)
            if request.status == RequestStatus.UNCONFIRMED:
                request.ended_at = request.ended_at or now
            history.record(request, RequestEventKind.ATTACHMENTS_DELETED, **facts)
            deleted += len(gone)
    return deleted


def nightly_cleanup(now: datetime | None = None) -> int:
    """The nightly clean-up: attachments past their retention period, then throttle counters of
    windows long over; answers how many files were deleted."""
    deleted = purge_expired_attachments(now)
    throttle.forget_old_windows(now)
    return deleted
