"""The outbox: messages written in the caller's transaction, delivered later, at least once.

A sender claims a due row (a short transaction), delivers it with no transaction open, then records
the result (another short transaction). A failure is retried with exponential backoff; after the
last try the row is `failed` and listed for the admin. A claimed row whose sender died becomes due
again when its claim runs out, so a crash loses nothing (and may at worst repeat one message, which
the idempotency key lets the receiver drop).
"""

from datetime import datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.engine import CursorResult

from app.domain.notifications import MAX_ATTEMPTS, retry_delay
from app.extensions import db
from app.models.base import utcnow
from app.models.notification import OutboxMessage
from app.services.internal.database import committing
from app.services.notifications import channels

CLAIM_SECONDS = 60  # longer than one delivery can take (channel timeouts are 10 s)

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def add_message(
    channel: str,
    address: str,
    text: str,
    idempotency_key: str,
    subject: str = "",
    notification_id: int | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Queue one message in the caller's transaction; the same key twice queues it once."""
    existing = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
    )
    if existing is not None:
        return existing
    message = OutboxMessage(
        idempotency_key=idempotency_key,
        notification_id=notification_id,
        channel=channel,
        address=address,
        subject=subject,
        text=text,
        status=PENDING,
        attempts=0,
        next_attempt_at=not_before or utcnow(),
    )
    db.session.add(message)
    return message


def deliver_due(now: datetime | None = None, limit: int = 100) -> dict:
    """Send every message that is due now; answer how many were sent, retried and given up."""
    now = now or utcnow()
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(
            or_(OutboxMessage.status == PENDING, OutboxMessage.status == SENDING),
            OutboxMessage.next_attempt_at <= now,
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.rollback()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in due:
        message = _claim(message_id, now)
        if message is None:
            continue  # another sender took it
        try:
            channels.send(
                current_app.config,
                message["channel"],
                message["address"],
                message["subject"],
                message["text"],
                message["key"],
            )
        except channels.DeliveryFailed as err:
            counts[_record_failure(message_id, str(err))] += 1
        else:
            _record_success(message_id)
            counts["sent"] += 1
    return counts


def _claim(message_id: int, now: datetime) -> dict | None:
    with committing():
        taken = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                or_(OutboxMessage.status == PENDING, OutboxMessage.status == SENDING),
                OutboxMessage.next_attempt_at <= now,
            )
            .values(status=SENDING, next_attempt_at=utcnow() + timedelta(seconds=CLAIM_SECONDS))
        )
        if cast(CursorResult, taken).rowcount != 1:
            return None
        row = db.session.get_one(OutboxMessage, message_id)
        return {
            "channel": row.channel,
            "address": row.address,
            "subject": row.subject,
            "text": row.text,
            "key": row.idempotency_key,
        }


def _record_success(message_id: int) -> None:
    with committing():
        message = db.session.get_one(OutboxMessage, message_id)
        message.status = SENT
        message.sent_at = utcnow()
        message.attempts += 1
        message.last_error = None


def _record_failure(message_id: int, error: str) -> str:
    with committing():
        message = db.session.get_one(OutboxMessage, message_id)
        message.attempts += 1
        message.last_error = error[:500]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = FAILED
            return "failed"
        message.status = PENDING
        message.next_attempt_at = utcnow() + retry_delay(message.attempts)
        return "retry"
