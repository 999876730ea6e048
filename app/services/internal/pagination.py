"""Cursor pagination, newest first: the cursor is the id of the last row seen."""

from dataclasses import dataclass

from sqlalchemy import Select

from app.domain.errors import InvalidInput
from app.extensions import db
from app.models.base import MAX_ID

MAX_LIMIT = 100


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None
    total: int | None = None


def page_of(
    query: Select, id_column, limit: int | None, cursor: str | None, total: int | None = None
) -> Page:
    """One page of `query`, newest first, starting after `cursor`."""
    limit = min(max(int(limit or 20), 1), MAX_LIMIT)
    if cursor:
        if not (cursor.isascii() and cursor.isdigit() and int(cursor) <= MAX_ID):
            raise InvalidInput("Cursor tidak valid.", fields={"cursor": ["Cursor tidak valid."]})
        query = query.where(id_column < int(cursor))
    rows = list(db.session.scalars(query.order_by(id_column.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, str(rows[-1].id) if more else None, total)
