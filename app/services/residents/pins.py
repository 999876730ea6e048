"""PINs the desa office issues to residents (like OpenSID's Layanan Mandiri) to confirm requests."""

import secrets

from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.domain.errors import InvalidInput
from app.domain.nik import nik_problem
from app.domain.roles import Role
from app.extensions import db
from app.models import Office, User
from app.models.base import utcnow
from app.models.resident import ResidentPin
from app.services.auth import hash_password
from app.services.internal import throttle
from app.services.internal.database import committing
from app.services.internal.scope import require_role
from app.services.residents import limits

PIN_LENGTH = 6
_WRONG = "NIK atau PIN salah."
_DUMMY_HASH = hash_password("layang-pin-timing-equaliser")


def issue_pin(operator: User, nik: str) -> str:
    """Give a resident of my desa a new PIN (replacing an earlier one); answers it to hand over."""
    require_role(operator, Role.OPERATOR_DESA, "Hanya operator desa yang dapat membuat PIN warga.")
    nik = (nik or "").strip()
    problem = nik_problem(nik)
    if problem:
        raise InvalidInput(problem, fields={"nik": [problem]})
    pin = f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"
    with committing():
        row = db.session.scalar(
            select(ResidentPin).where(
                ResidentPin.desa_id == operator.office_id, ResidentPin.nik == nik
            )
        )
        if row is None:
            row = ResidentPin(desa_id=operator.office_id, nik=nik)
            db.session.add(row)
        row.pin_hash, row.issued_by_id, row.issued_at = hash_password(pin), operator.id, utcnow()
    return pin


def desa_issues_pins(desa: Office) -> bool:
    """Whether the desa chose NIK + PIN confirmation (it has issued at least one PIN)."""
    return (
        db.session.scalar(select(ResidentPin.id).where(ResidentPin.desa_id == desa.id).limit(1))
        is not None
    )


def check_pin(desa: Office, nik: str, pin: str) -> None:
    """Accept the NIK + PIN the desa issued, or InvalidInput not saying which part was wrong."""
    throttle.check(limits.PIN_BY_NIK, nik)
    row = db.session.scalar(
        select(ResidentPin).where(ResidentPin.desa_id == desa.id, ResidentPin.nik == nik)
    )
    # An unknown NIK costs the same KDF run as a wrong PIN: timing tells nothing either.
    known = row.pin_hash if row else _DUMMY_HASH
    if not check_password_hash(known, (pin or "").strip()) or row is None:
        throttle.hit(limits.PIN_BY_NIK, nik)
        raise InvalidInput(_WRONG, fields={"pin": [_WRONG]})
