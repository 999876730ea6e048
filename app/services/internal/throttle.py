"""Throttling shared by every app process: attempt counters kept in the database.

One mechanism for every limit Layang keeps: wrong passwords and passphrases, verification uploads,
and the residents' public pages (requests, codes, PINs, tracking; their rules are in
services/residents/limits.py). flask-limiter would be the usual choice, but its storages are
process memory, Redis, Memcached or MongoDB; Layang runs on one SQL database (SQLite or
PostgreSQL) and a second store only for counters would be one more service for a kabupaten to run.

A window per key starts at its first counted attempt and is bumped by one atomic upsert, so
concurrent processes never lose a count. The attempt that reaches the limit locks the key; the
first attempt after the lock starts a new window. Each bump commits on its own (the counter must
survive the failed action it counts), so callers bump between their transactions, never inside one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.domain.errors import TooManyAttempts
from app.extensions import db
from app.models import ThrottleCounter
from app.models.base import utcnow
from app.services.internal.database import committing


@dataclass(frozen=True)
class Rule:
    """At most `limit` attempts per `window` seconds; reaching it locks for `lock` seconds, or
    until the window ends when `lock` is None. `message` may use {minutes}."""

    name: str
    limit: int
    window: int
    message: str
    lock: int | None = None

    def key(self, subject: str | None) -> str:
        return f"{self.name}:{subject or '-'}"[:160]


def retry_after(rule: Rule, subject: str | None) -> int:
    """Seconds until the subject may try again under this rule; 0 when it may try now."""
    until = locked_until(rule, subject)
    if until is None:
        return 0
    return max(1, int((until - utcnow()).total_seconds() + 0.999))


def check(rule: Rule, subject: str | None) -> None:
    """Refuse with TooManyAttempts (429) while the subject is locked under this rule."""
    wait = retry_after(rule, subject)
    if wait:
        raise TooManyAttempts(rule.message.format(minutes=_minutes(wait)), retry_after=wait)


def use(rule: Rule, subject: str | None) -> None:
    """Refuse (429) while the subject is locked; otherwise count this use (commits)."""
    check(rule, subject)
    hit(rule, subject)


def hit(rule: Rule, subject: str | None) -> bool:
    """Count one attempt and commit it; answers True when this attempt locked the subject."""
    now = utcnow()
    key = rule.key(subject)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    table = cast(Table, ThrottleCounter.__table__)  # a declarative model's table is a Table
    expired = table.c.window_start <= now - timedelta(seconds=rule.window)
    statement = insert(table).values(key=key, window_start=now, hits=1)
    upsert = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "hits": case((expired, 1), else_=table.c.hits + 1),
            "window_start": case((expired, now), else_=table.c.window_start),
        },
    ).returning(table.c.hits, table.c.window_start)
    with committing():
        hits, window_start = db.session.execute(upsert).one()
        locked = hits >= rule.limit
        if locked:
            if rule.lock is None:
                until = window_start + timedelta(seconds=rule.window)
            else:
                until = now + timedelta(seconds=rule.lock)
            # The window is over when the lock is: the first attempt after it starts a new one.
            db.session.execute(
                update(table)
                .where(table.c.key == key)
                .values(
                    hits=0, locked_until=until, window_start=until - timedelta(seconds=rule.window)
                )
            )
    return locked


def reset(rule: Rule, subject: str | None) -> None:
    """Forget the subject's failures (after a success); commits."""
    counter = db.session.get(ThrottleCounter, rule.key(subject))
    if counter is not None and (counter.hits or counter.locked_until):
        with committing():
            counter.hits, counter.locked_until = 0, None


def locked_until(rule: Rule, subject: str | None) -> datetime | None:
    """When the subject's lock under this rule ends, if it is locked now."""
    until = db.session.scalar(
        select(ThrottleCounter.locked_until).where(ThrottleCounter.key == rule.key(subject))
    )
    if until is None or until <= utcnow():
        return None
    return until


def forget_old_windows(now: datetime | None = None) -> None:
    """Delete counters whose window started over two days ago; commits.

    The longest window is one day, and a lock moves the window's start to its own end (see hit),
    so no counter that still refuses anyone is forgotten.
    """
    cutoff = (now or utcnow()) - timedelta(days=2)
    with committing():
        db.session.execute(delete(ThrottleCounter).where(ThrottleCounter.window_start < cutoff))


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)
