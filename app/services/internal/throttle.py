"""Throttling shared by every app process: attempt counters kept in the database.

flask-limiter would be the usual choice, but its storages are process memory, Redis, Memcached or
MongoDB; Layang runs on one SQL database (SQLite or PostgreSQL) and a second store only for counters
would be one more service for a kabupaten to run. A fixed window per key, bumped by one atomic
upsert, is enough to stop password and passphrase guessing across several gunicorn workers.

Each bump commits on its own (the counter must survive the failed action it counts), so callers
bump between their transactions, never inside one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, case, select
from sqlalchemy.dialects import postgresql, sqlite

from app.domain.errors import TooManyAttempts
from app.extensions import db
from app.models import ThrottleCounter
from app.models.base import utcnow


@dataclass(frozen=True)
class Rule:
    """At most `limit` attempts per `window` seconds; reaching it locks for `lock` seconds."""

    name: str
    limit: int
    window: int
    lock: int
    message: str

    def key(self, subject: str) -> str:
        return f"{self.name}:{subject}"[:160]


def retry_after(rule: Rule, subject: str) -> int:
    """Seconds until the subject may try again under this rule; 0 when it may try now."""
    counter = db.session.get(ThrottleCounter, rule.key(subject))
    if counter is None or counter.locked_until is None:
        return 0
    seconds = (counter.locked_until - utcnow()).total_seconds()
    return max(0, int(seconds + 0.999))


def check(rule: Rule, subject: str) -> None:
    """Refuse with TooManyAttempts (429) while the subject is locked under this rule."""
    wait = retry_after(rule, subject)
    if wait:
        raise TooManyAttempts(rule.message.format(minutes=_minutes(wait)), retry_after=wait)


def hit(rule: Rule, subject: str) -> bool:
    """Count one attempt and commit it; answers True when this attempt locked the subject."""
    now = utcnow()
    key = rule.key(subject)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    table = cast(Table, ThrottleCounter.__table__)
    expired = table.c.window_start < now - timedelta(seconds=rule.window)
    statement = insert(table).values(key=key, window_start=now, hits=1)
    upsert = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "hits": case((expired, 1), else_=table.c.hits + 1),
            "window_start": case((expired, now), else_=table.c.window_start),
        },
    ).returning(table.c.hits)
    hits = db.session.execute(upsert).scalar_one()
    locked = hits >= rule.limit
    if locked:
        counter = db.session.get(ThrottleCounter, key, populate_existing=True)
        assert counter is not None  # the upsert above just wrote it
        counter.locked_until = now + timedelta(seconds=rule.lock)
        counter.hits = 0  # a new window starts once the lock ends
        counter.window_start = now
    db.session.commit()
    return locked


def reset(rule: Rule, subject: str) -> None:
    """Forget the subject's failures (after a success); commits."""
    counter = db.session.get(ThrottleCounter, rule.key(subject))
    if counter is not None and (counter.hits or counter.locked_until):
        counter.hits, counter.locked_until = 0, None
        db.session.commit()


def locked_until(rule: Rule, subject: str) -> datetime | None:
    """When the subject's lock under this rule ends, if it is locked now."""
    counter = db.session.scalar(
        select(ThrottleCounter).where(ThrottleCounter.key == rule.key(subject))
    )
    if counter is None or counter.locked_until is None or counter.locked_until <= utcnow():
        return None
    return counter.locked_until


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)
