"""Letter number allocation: per issuing office and year, from 1, no gaps, no repeats.

A number is taken when a signing starts (signing_lease.py) and stays with its letter from then on:
it is used by that letter's signature, now or on a later attempt. The one exception keeps the
sequence gapless the other way round: a number that never went on a signed PDF is handed back when
its signing is released, if it is still the last one taken (nobody numbered after it).
"""

from typing import cast

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult

from app.domain.dates import WIB
from app.domain.numbering import format_letter_number
from app.extensions import db
from app.models import Letter, NumberSequence, Office


def allocate_number(letter: Letter) -> str:
    """The next number of the letter's desa for its year of issue, in the kabupaten's format."""
    if letter.issued_at is None:
        raise ValueError("a letter is numbered when it is issued (issued_at is set first)")
    year = letter.issued_at.astimezone(WIB).year
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    db.session.execute(
        insert(NumberSequence)
        .values(office_id=letter.desa_id, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    sequence = db.session.execute(
        update(NumberSequence)
        .where(NumberSequence.office_id == letter.desa_id, NumberSequence.year == year)
        .values(last_value=NumberSequence.last_value + 1)
        .returning(NumberSequence.last_value)
    ).scalar_one()
    return _formatted(letter, sequence)


def hand_back_number(letter: Letter) -> bool:
    """Give the letter's number back to the sequence if it is still the last one taken.

    The caller has checked that the number is on no signed PDF, and clears it from the letter."""
    if letter.number is None or letter.issued_at is None:
        return False
    year = letter.issued_at.astimezone(WIB).year
    last = db.session.scalar(
        select(NumberSequence.last_value).where(
            NumberSequence.office_id == letter.desa_id, NumberSequence.year == year
        )
    )
    if not last or _formatted(letter, last) != letter.number:
        return False
    taken_back = cast(
        CursorResult,
        db.session.execute(
            update(NumberSequence)
            .where(
                NumberSequence.office_id == letter.desa_id,
                NumberSequence.year == year,
                NumberSequence.last_value == last,  # nobody took the next one meanwhile
            )
            .values(last_value=last - 1)
        ),
    )
    return taken_back.rowcount == 1


def _formatted(letter: Letter, sequence: int) -> str:
    assert letter.issued_at is not None
    template = db.session.scalar(
        select(Office.number_format).where(Office.id == letter.kabupaten_id)
    )
    return format_letter_number(
        letter.letter_type.classification,
        sequence,
        letter.desa.code,
        letter.issued_at.astimezone(WIB),
        template,
    )
