"""Office scoping: which letters and tasks a user may see. Every query goes through here."""

from sqlalchemy import ColumnElement, false

from app.domain.errors import NotAllowed
from app.domain.roles import OfficeLevel
from app.models import Letter, Office, Task, TaskState, User


def require_role(user: User, role: str, message: str) -> None:
    """Refuse (NotAllowed, 403) a user whose role is not `role`; `message` says who may."""
    if user.role != role:
        raise NotAllowed(message)


def letter_scope(user: User) -> ColumnElement[bool]:
    """The condition selecting the letters of the user's office (desa, kecamatan or kabupaten)."""
    column = {
        OfficeLevel.DESA: Letter.desa_id,
        OfficeLevel.KECAMATAN: Letter.kecamatan_id,
        OfficeLevel.KABUPATEN: Letter.kabupaten_id,
    }.get(OfficeLevel(user.office.level))
    return column == user.office_id if column is not None else false()


def inbox_scope(user: User, roles: set[str]) -> ColumnElement[bool]:
    """The condition selecting the open tasks waiting for the user's roles (own and delegated) in
    their office."""
    return (
        (Task.state == TaskState.OPEN) & (Task.role.in_(roles)) & (Task.office_id == user.office_id)
    )


def task_office_for(role_level: OfficeLevel, desa: Office) -> Office:
    """The office whose people get a task of a lane: the letter's desa, or the kecamatan above
    it."""
    if role_level is OfficeLevel.DESA:
        return desa
    if role_level is OfficeLevel.KECAMATAN:
        return desa.above
    return desa.above.above
