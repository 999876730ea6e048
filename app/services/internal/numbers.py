"""Letter number allocation: per issuing office and year, from 1, no gaps, no repeats.

The counter row is bumped in the signing transaction; if signing fails the bump rolls back with it.
"""

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from app.domain.dates import WIB
from app.domain.numbering import format_letter_number
from app.extensions import db
from app.models import Letter, NumberSequence


def allocate_number(letter: Letter) -> str:
    """Give the letter the next number of its desa for the year it is issued in."""
    if letter.issued_at is None:
        raise ValueError("a letter is numbered when it is issued (issued_at is set first)")
    issued = letter.issued_at.astimezone(WIB)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    db.session.execute(
        insert(NumberSequence)
        .values(office_id=letter.desa_id, year=issued.year, last_value=0)
        .on_conflict_do_nothing()
    )
    sequence = db.session.execute(
        update(NumberSequence)
        .where(NumberSequence.office_id == letter.desa_id, NumberSequence.year == issued.year)
        .values(last_value=NumberSequence.last_value + 1)
        .returning(NumberSequence.last_value)
    ).scalar_one()
    return format_letter_number(
        letter.letter_type.classification, sequence, letter.desa.code, issued
    )
