"""Column helpers shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# Row ids are INTEGER columns (int4 on PostgreSQL): a larger id names no row, and PostgreSQL
# refuses to compare it ("integer out of range") instead of finding nothing.
MAX_ID = 2**31 - 1


def is_row_id(value) -> bool:
    """True for a number that can be a row id (JSON may send strings, booleans, huge numbers)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value
