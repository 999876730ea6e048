"""Officials managed by the kabupaten admin: create, edit, mutasi, deactivate, reset password."""

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.domain.errors import InvalidInput, NotFound
from app.domain.events import EventKind
from app.domain.nik import nik_problem
from app.domain.offices import head_title
from app.domain.roles import ROLE_LEVEL, SIGNER_ROLES, Role, parse_role, role_label
from app.extensions import db
from app.models import Delegation, Office, Task, TaskState, User, UserAssignment
from app.models.base import is_row_id, utcnow
from app.services.auth import end_sessions, hash_password
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event
from app.services.offices import get_office, require_admin

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,59}$")
NIP = re.compile(r"^\d{18}$")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,19}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Initial passwords: 12 characters from an unambiguous alphabet, about 62 bits.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
EDITABLE = ("full_name", "nik", "nip", "role", "office_id", "position", "email", "phone")


@dataclass(frozen=True)
class NewCredentials:
    """A password made for an official, shown once to the admin and never stored in clear."""

    user: User
    password: str


def initial_password() -> str:
    """A random password for a new or reset account; its holder must change it at first sign-in."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


def list_users(
    admin: User, office_id: int | None = None, q: str | None = None, active: bool | None = None
) -> list[User]:
    """The kabupaten's officials, by office and name; filtered by office, name and activity."""
    require_admin(admin)
    query = (
        select(User)
        .join(Office, User.office_id == Office.id)
        .where(or_(Office.id == admin.office_id, Office.kabupaten_id == admin.office_id))
        .order_by(Office.name, User.full_name, User.id)
    )
    if office_id is not None:
        query = query.where(User.office_id == office_id)
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            or_(func.lower(User.full_name).like(pattern), func.lower(User.username).like(pattern))
        )
    if active is not None:
        query = query.where(User.active.is_(active))
    return list(db.session.scalars(query.limit(2000)))


def get_user(admin: User, user_id: int) -> User:
    """One official of the admin's kabupaten, or NotFound."""
    require_admin(admin)
    user = db.session.get(User, user_id) if is_row_id(user_id) else None
    if user is None or not _in_kabupaten(admin, user.office):
        raise NotFound("Pengguna tidak ditemukan.")
    return user


def _in_kabupaten(admin: User, office: Office) -> bool:
    return office.id == admin.office_id or office.kabupaten_id == admin.office_id


def create_user(admin: User, data: object) -> NewCredentials:
    """A new official with a one-time initial password they must change at first sign-in."""
    require_admin(admin)
    data = json_object(data)
    with committing():
        clean = validate_official(admin, data, None)
        password = initial_password()
        user = User(
            username=clean.pop("username"),
            password_hash=hash_password(password),
            must_change_password=True,
            active=True,
            **clean,
        )
        db.session.add(user)
        db.session.flush()
        open_assignment(user, admin, "Pengangkatan")
    return NewCredentials(user, password)


def update_user(admin: User, user_id: int, data: object, client_address: str | None = None) -> User:
    """Change an official's data; a new office or role is a mutasi (see transfer rules below)."""
    require_admin(admin)
    data = json_object(data)
    with committing():
        user = get_user(admin, user_id)
        clean = validate_official(admin, {**_current(user), **data}, user)
        moved = clean["office_id"] != user.office_id or clean["role"] != user.role
        for key in EDITABLE:
            setattr(user, key, clean[key])
        if moved:
            transfer_side_effects(user, admin, str(data.get("reason") or "Mutasi"), client_address)
    return user


def deactivate_user(admin: User, user_id: int, client_address: str | None = None) -> User:
    """Switch an official off: every session and token ends now, their claimed tasks go back."""
    require_admin(admin)
    with committing():
        user = get_user(admin, user_id)
        if user.id == admin.id:
            raise InvalidInput("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        if user.active:
            user.active = False
            end_sessions(user)
            release_claims(user, admin, "Pengguna dinonaktifkan", client_address)
            end_delegations(user)
            close_assignment(user)
    return user


def reset_password(admin: User, user_id: int) -> NewCredentials:
    """A new one-time password; the official's sessions end and they must change it at sign-in."""
    require_admin(admin)
    with committing():
        user = get_user(admin, user_id)
        password = initial_password()
        user.password_hash = hash_password(password)
        user.must_change_password = True
        end_sessions(user)
    return NewCredentials(user, password)


def assignments(admin: User, user_id: int) -> list[UserAssignment]:
    """The official's posts, oldest first: which office and role, from when to when."""
    user = get_user(admin, user_id)
    return list(
        db.session.scalars(
            select(UserAssignment)
            .where(UserAssignment.user_id == user.id)
            .order_by(UserAssignment.id)
        )
    )


def validate_official(admin: User, data: dict, existing: User | None) -> dict:
    """The official's fields, checked; InvalidInput naming each bad field (API field names)."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    if existing is None:
        username = str(data.get("username") or "").strip().lower()
        if not USERNAME.match(username):
            errors["username"] = ["3-60 huruf kecil, angka, titik, minus atau garis bawah."]
        elif db.session.scalar(select(User.id).where(User.username == username)):
            errors["username"] = ["Nama pengguna sudah dipakai."]
        clean["username"] = username
    clean["full_name"] = str(data.get("name") or data.get("full_name") or "").strip()
    if not 2 <= len(clean["full_name"]) <= 120:
        errors["name"] = ["Nama 2-120 karakter."]
    role = parse_role(str(data.get("role") or ""))
    if role is None:
        errors["role"] = ["Peran tidak dikenal."]
    office = _office(admin, data.get("office_id"), errors)
    if role is not None and office is not None and ROLE_LEVEL[role] != office.level:
        errors["office_id"] = [f"{role_label(role)} bekerja di kantor tingkat {ROLE_LEVEL[role]}."]
    clean["nik"] = str(data.get("nik") or "").strip() or None
    if clean["nik"]:
        problem = nik_problem(clean["nik"])
        if problem:
            errors["nik"] = [problem]
        elif db.session.scalar(
            select(User.id).where(User.nik == clean["nik"], User.id != _id(existing))
        ):
            errors["nik"] = ["NIK sudah dipakai pengguna lain."]
    elif role in SIGNER_ROLES:
        errors["nik"] = ["Penanda tangan wajib memiliki NIK (untuk BSrE)."]
    clean["nip"] = str(data.get("nip") or "").replace(" ", "") or None
    if clean["nip"] and not NIP.match(clean["nip"]):
        errors["nip"] = ["NIP terdiri dari 18 angka."]
    clean["email"] = str(data.get("email") or "").strip() or None
    if clean["email"] and (len(clean["email"]) > 120 or not EMAIL.match(clean["email"])):
        errors["email"] = ["Alamat pos-el tidak sah."]
    clean["phone"] = str(data.get("phone") or "").strip() or None
    if clean["phone"] and not PHONE.match(clean["phone"]):
        errors["phone"] = ["Nomor telepon 6-20 angka, boleh diawali +."]
    clean["position"] = str(data.get("position") or "").strip()
    if len(clean["position"]) > 120:
        errors["position"] = ["Jabatan paling banyak 120 karakter."]
    if errors:
        raise InvalidInput("Periksa kembali isian pengguna.", fields=errors)
    assert role is not None and office is not None  # both are errors above when missing
    clean["role"], clean["office_id"] = role.value, office.id
    clean["position"] = clean["position"] or default_position(role, office)
    return clean


def default_position(role: str, office: Office) -> str:
    """The position printed when none is given, e.g. "Kepala Desa Bogem" or "Lurah Kauman"."""
    if role == Role.KADES:
        return f"{head_title(office.kind)} {office.name}"
    return f"{role_label(role, office.kind)} {office.name}"


def _office(admin: User, office_id, errors: dict) -> Office | None:
    try:
        return get_office(admin, int(office_id))
    except (TypeError, ValueError, OverflowError, NotFound):
        errors["office_id"] = ["Pilih kantor yang ada."]
        return None


def _id(user: User | None) -> int:
    return user.id if user is not None else -1


def _current(user: User) -> dict:
    """The official's fields under the API's names."""
    current = {key: getattr(user, key) for key in EDITABLE if key != "full_name"}
    return {**current, "name": user.full_name}


def json_object(data: object) -> dict:
    """The request body as a dict, or InvalidInput (400) for anything else."""
    if not isinstance(data, dict):
        raise InvalidInput("Kirim objek JSON.", fields={"body": ["Harus berupa objek JSON."]})
    return data


def transfer_side_effects(user: User, admin: User, reason: str, client_address=None) -> None:
    """Mutasi: close the old post in the history, open the new one, hand back claimed tasks and
    end delegations given or received (they were for the old post)."""
    close_assignment(user)
    open_assignment(user, admin, reason)
    release_claims(user, admin, reason, client_address)
    end_delegations(user)


def open_assignment(user: User, admin: User, reason: str) -> None:
    """Start a row of the official's post history."""
    db.session.add(
        UserAssignment(
            user_id=user.id,
            office_id=user.office_id,
            role=user.role,
            position=user.position,
            started_at=utcnow(),
            changed_by_id=admin.id,
            reason=reason[:200],
        )
    )


def close_assignment(user: User) -> None:
    """End the official's current post in the history."""
    current = db.session.scalar(
        select(UserAssignment).where(
            UserAssignment.user_id == user.id, UserAssignment.ended_at.is_(None)
        )
    )
    if current is not None:
        current.ended_at = utcnow()


def release_claims(user: User, admin: User, reason: str, client_address=None) -> int:
    """Give the official's claimed open tasks back to their office, each release in the history."""
    tasks = list(
        db.session.scalars(
            select(Task).where(Task.claimed_by_id == user.id, Task.state == TaskState.OPEN)
        )
    )
    for task in tasks:
        task.claimed_by_id = None
        record_event(
            task.letter,
            EventKind.UNCLAIMED,
            admin,
            {
                "task_id": task.id,
                "step": task.step,
                "released_from": user.username,
                "reason": reason,
            },
            client_address,
        )
    return len(tasks)


def end_delegations(user: User) -> None:
    """End now every running delegation the official gave or received."""
    now = utcnow()
    for delegation in db.session.scalars(
        select(Delegation).where(
            or_(Delegation.from_user_id == user.id, Delegation.to_user_id == user.id),
            Delegation.revoked_at.is_(None),
            Delegation.ends_at > now,
        )
    ):
        delegation.revoked_at = now
