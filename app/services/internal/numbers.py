"""Letter number allocation: per issuing office and year, from 1, no gaps, no repeats.

The counter row is bumped in the signing transaction; if signing fails the bump rolls back with it.
"""

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.domain.dates import WIB
from app.domain.numbering import format_letter_number
from app.extensions import db
from app.models import Letter, NumberSequence, Office


def allocate_number(letter: Letter) -> str:
    """The next number of the letter's desa for its year of issue, in the kabupaten's format."""
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
    template = db.session.scalar(
        select(Office.number_format).where(Office.id == letter.kabupaten_id)
    )
    return format_letter_number(
        letter.letter_type.classification, sequence, letter.desa.code, issued, template
    )
