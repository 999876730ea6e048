"""The kabupaten's cuti bersama days: its admin lists, adds and removes them; service levels skip
them as they skip weekends and public holidays (services/service_levels.py)."""

from datetime import date

from sqlalchemy import select

from app.domain.errors import Conflict, InvalidInput, NotFound
from app.domain.roles import Role
from app.extensions import db
from app.models import CutiBersama, User
from app.services.internal.database import committing
from app.services.internal.scope import require_role

_ADMIN_ONLY = "Hanya admin kabupaten yang mengatur cuti bersama."


def list_days(user: User) -> list[CutiBersama]:
    """The cuti bersama days of the admin's kabupaten, in date order."""
    require_role(user, Role.ADMIN_KABUPATEN, _ADMIN_ONLY)
    return list(
        db.session.scalars(
            select(CutiBersama)
            .where(CutiBersama.kabupaten_id == user.office_id)
            .order_by(CutiBersama.day)
        )
    )


def add_day(user: User, day: date | None, name: str) -> CutiBersama:
    """Add a cuti bersama day to the admin's kabupaten; timers started from now on skip it."""
    require_role(user, Role.ADMIN_KABUPATEN, _ADMIN_ONLY)
    name = (name or "").strip()
    if day is None:
        raise InvalidInput("Isi tanggal cuti bersama.", fields={"day": ["Isi tanggal."]})
    if len(name) > 120:
        raise InvalidInput("Keterangan terlalu panjang.", fields={"name": ["Paling banyak 120."]})
    with committing():
        taken = db.session.scalar(
            select(CutiBersama.id).where(
                CutiBersama.kabupaten_id == user.office_id, CutiBersama.day == day
            )
        )
        if taken is not None:
            raise Conflict(f"Tanggal {day:%d-%m-%Y} sudah tercatat sebagai cuti bersama.")
        row = CutiBersama(kabupaten_id=user.office_id, day=day, name=name, created_by_id=user.id)
        db.session.add(row)
    return row


def remove_day(user: User, day_id: int) -> None:
    """Remove one cuti bersama day of the admin's kabupaten (NotFound for another's)."""
    require_role(user, Role.ADMIN_KABUPATEN, _ADMIN_ONLY)
    with committing():
        row = db.session.scalar(
            select(CutiBersama).where(
                CutiBersama.id == day_id, CutiBersama.kabupaten_id == user.office_id
            )
        )
        if row is None:
            raise NotFound("Hari cuti bersama tidak ditemukan.")
        db.session.delete(row)


def days_of(kabupaten_id: int | None) -> frozenset[date]:
    """The cuti bersama days of a kabupaten, for the working-day arithmetic."""
    return frozenset(
        db.session.scalars(select(CutiBersama.day).where(CutiBersama.kabupaten_id == kabupaten_id))
    )
