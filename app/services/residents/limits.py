"""Rate limits of the public pages, per client address and per NIK, phone or tracking code.

A window per key that starts at its first use, counted in the database (one atomic upsert) so
that every worker process sees the same counts; flask-limiter's storages (memory, Redis,
Memcached, MongoDB) would not. Each use is counted in its own commit, before the action it
guards: a refused action still counts.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from app.domain.errors import TooManyAttempts
from app.extensions import db
from app.models import RateCounter
from app.models.base import utcnow
from app.services.internal.database import committing


@dataclass(frozen=True)
class Rule:
    """At most `limit` uses per `window` seconds for one subject."""

    name: str
    limit: int
    window: int
    message: str


_AGAIN = "Coba lagi dalam {minutes} menit."
SUBMIT_BY_ADDRESS = Rule(
    "submit-addr", 10, 3600, "Terlalu banyak permohonan dari jaringan ini. " + _AGAIN
)
SUBMIT_BY_NIK = Rule("submit-nik", 5, 86400, "Terlalu banyak permohonan untuk NIK ini. " + _AGAIN)
CODE_BY_CONTACT = Rule(
    "code-contact", 3, 3600, "Terlalu banyak kode dikirim ke alamat ini. " + _AGAIN
)
CONFIRM_BY_ADDRESS = Rule("confirm-addr", 20, 600, "Terlalu banyak percobaan. " + _AGAIN)
PIN_BY_NIK = Rule("pin-nik", 5, 3600, "Terlalu banyak PIN salah untuk NIK ini. " + _AGAIN)
TRACK_BY_ADDRESS = Rule(
    "track-addr", 30, 600, "Terlalu banyak pencarian dari jaringan ini. " + _AGAIN
)
TRACK_MISS_BY_ADDRESS = Rule(
    "track-miss-addr", 10, 3600, "Terlalu banyak percobaan yang salah. " + _AGAIN
)
TRACK_MISS_BY_CODE = Rule(
    "track-miss-code", 5, 3600, "Terlalu banyak percobaan yang salah. " + _AGAIN
)


def use(rule: Rule, subject: str | None) -> None:
    """Refuse (429) when the subject already reached the rule's limit; otherwise count this use."""
    check(rule, subject)
    miss(rule, subject)


def check(rule: Rule, subject: str | None) -> None:
    """Refuse (429) while the subject is at the rule's limit in its current window."""
    counter = db.session.scalar(select(RateCounter).where(RateCounter.key == _key(rule, subject)))
    if counter is None or counter.hits < rule.limit:
        return
    ends = counter.window_start + timedelta(seconds=rule.window)
    wait = int((ends - utcnow()).total_seconds()) + 1
    if wait > 0:
        minutes = max(1, (wait + 59) // 60)
        raise TooManyAttempts(rule.message.format(minutes=minutes), retry_after=wait)


def miss(rule: Rule, subject: str | None) -> None:
    """Count one use (or one failed attempt: a wrong code, PIN or NIK digits); commits.

    A window starts at its first use and lasts `rule.window` seconds; the first use after it
    starts a new one. One atomic upsert, so concurrent processes never lose a count.
    """
    now = utcnow()
    table = cast(Table, RateCounter.__table__)  # a declarative model's table is a Table
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    expired = table.c.window_start <= now - timedelta(seconds=rule.window)
    statement = insert(table).values(key=_key(rule, subject), window_start=now, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "hits": case((expired, 1), else_=table.c.hits + 1),
            "window_start": case((expired, now), else_=table.c.window_start),
        },
    )
    with committing():
        db.session.execute(statement)


def forget_old_windows(now: datetime | None = None) -> None:
    """Delete counters of windows that ended more than a day ago (the longest window); commits."""
    cutoff = (now or utcnow()) - timedelta(days=2)
    with committing():
        db.session.execute(delete(RateCounter).where(RateCounter.window_start < cutoff))


def _key(rule: Rule, subject: str | None) -> str:
    return f"{rule.name}:{subject or '-'}"[:160]
