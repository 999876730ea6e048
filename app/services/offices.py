"""Offices (kabupaten, kecamatan, desa, kelurahan): listed in scope, edited by the admin."""

import io
import re
from datetime import UTC, datetime

from sqlalchemy import select

import signing
from app.domain.errors import InvalidInput, NotAllowed, NotFound
from app.domain.numbering import DEFAULT_NUMBER_FORMAT, format_letter_number, number_format_problem
from app.domain.offices import KIND_LEVEL, OfficeKind, code_problem, derive_code, parse_kind
from app.domain.roles import OfficeLevel, Role
from app.extensions import db
from app.models import Office, User
from app.models.base import is_row_id
from app.services.internal.database import committing
from app.services.internal.letterhead import letterhead_of, sample_letter

ADMIN_ONLY = "Hanya admin kabupaten yang dapat mengelola kantor."
LETTERHEAD_KEYS = ("phone", "email", "website", "postal_code")
MAX_LOGO_BYTES = 512 * 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The parent each kind hangs under.
PARENT_KIND = {
    OfficeKind.KECAMATAN: {OfficeKind.KABUPATEN},
    OfficeKind.DESA: {OfficeKind.KECAMATAN},
    OfficeKind.KELURAHAN: {OfficeKind.KECAMATAN},
}


def require_admin(user: User) -> None:
    """Only the kabupaten's admins change offices and officials."""
    if user.role != Role.ADMIN_KABUPATEN:
        raise NotAllowed(ADMIN_ONLY)


def list_offices(user: User, kind: str | None = None, parent_id: int | None = None) -> list[Office]:
    """The offices the user may see: the kabupaten, a kecamatan with its desa, or one desa."""
    query = select(Office).where(_scope(user)).order_by(Office.level, Office.name, Office.id)
    if kind:
        query = query.where(Office.kind == kind)
    if parent_id is not None:
        query = query.where(Office.parent_id == parent_id)
    return list(db.session.scalars(query))


def get_office(user: User, office_id: int) -> Office:
    """One office in the user's scope, or NotFound."""
    if not is_row_id(office_id):
        raise NotFound("Kantor tidak ditemukan.")
    office = db.session.scalar(select(Office).where(Office.id == office_id, _scope(user)))
    if office is None:
        raise NotFound("Kantor tidak ditemukan.")
    return office


def _scope(user: User):
    level = user.office.level
    if level == OfficeLevel.KABUPATEN:
        return (Office.id == user.office_id) | (Office.kabupaten_id == user.office_id)
    if level == OfficeLevel.KECAMATAN:
        return (Office.id == user.office_id) | (Office.parent_id == user.office_id)
    return Office.id == user.office_id


def create_office(user: User, data: object) -> Office:
    """A new kecamatan, desa or kelurahan of the admin's kabupaten; code derived if empty."""
    require_admin(user)
    with committing():
        office = Office(letterhead={})
        _apply(user, office, data, new=True)
        db.session.add(office)
    return office


def update_office(user: User, office_id: int, data: object) -> Office:
    """Change an office's name, code, address, letterhead, kind or number format."""
    require_admin(user)
    with committing():
        office = get_office(user, office_id)
        _apply(user, office, data, new=False)
    return office


def set_logo(user: User, office_id: int, image: bytes | None) -> Office:
    """Put the logo (PNG or JPEG) on the office's letterhead, or remove it with None."""
    require_admin(user)
    if image is not None:
        _check_image(image)
    with committing():
        office = get_office(user, office_id)
        office.logo = image
    return office


def _check_image(image: bytes) -> None:
    from PIL import Image, UnidentifiedImageError  # Pillow comes with fpdf2

    problem = None
    if len(image) > MAX_LOGO_BYTES:
        problem = f"Logo paling besar {MAX_LOGO_BYTES // 1024} KB."
    else:
        try:
            with Image.open(io.BytesIO(image)) as picture:
                if picture.format not in ("PNG", "JPEG"):
                    problem = "Logo harus berupa gambar PNG atau JPEG."
                elif picture.width * picture.height > 4_000_000:
                    problem = "Logo terlalu besar (paling banyak 4 megapiksel)."
        except (UnidentifiedImageError, OSError):
            problem = "Berkas logo bukan gambar yang dapat dibaca."
    if problem:
        raise InvalidInput(problem, fields={"logo": [problem]})


def _apply(user: User, office: Office, data, new: bool) -> None:
    if not isinstance(data, dict):
        raise InvalidInput("Kirim objek JSON.", fields={"body": ["Harus berupa objek JSON."]})
    errors: dict[str, list[str]] = {}
    kind = parse_kind(str(data.get("kind", office.kind or "")))
    if kind is None or (new and kind == OfficeKind.KABUPATEN):
        errors["kind"] = ["Jenis kantor: kecamatan, desa atau kelurahan."]
    elif not new and KIND_LEVEL[kind] != office.level:
        errors["kind"] = ["Hanya desa dan kelurahan yang dapat saling diubah jenisnya."]
    name = str(data.get("name", office.name or "")).strip()
    if not 2 <= len(name) <= 120:
        errors["name"] = ["Nama 2-120 karakter."]
    parent = _parent(user, office, kind, data, errors)
    address = str(data.get("address", office.address or "")).strip()
    if len(address) > 200:
        errors["address"] = ["Alamat paling banyak 200 karakter."]
    letterhead = _letterhead(data.get("letterhead"), office.letterhead or {}, errors)
    number_format = _number_format(office, kind, data, errors)
    code = str(data.get("code") or "").strip().upper()
    if code:
        problem = code_problem(code)
        if problem:
            errors["code"] = [problem]
        elif db.session.scalar(
            select(Office.id).where(Office.code == code, Office.id != office.id)
        ):
            errors["code"] = ["Kode kantor sudah dipakai kantor lain."]
    if errors:
        raise InvalidInput("Periksa kembali isian kantor.", fields=errors)
    assert kind is not None  # a missing kind is an error above
    if not code:
        code = office.code or derive_code(kind, name, set(db.session.scalars(select(Office.code))))
    office.kind, office.level, office.name, office.code = kind, KIND_LEVEL[kind], name, code
    office.address, office.letterhead = address, letterhead
    if parent is not None:
        office.parent = parent
        office.kabupaten_id = (
            parent.id if parent.level == OfficeLevel.KABUPATEN else parent.kabupaten_id
        )
    if number_format is not None:
        office.number_format = number_format


def _parent(user: User, office: Office, kind, data: dict, errors: dict) -> Office | None:
    if kind is None or kind == OfficeKind.KABUPATEN:
        return None
    parent_id = data.get("parent_id", office.parent_id)
    if kind == OfficeKind.KECAMATAN and parent_id is None:
        parent_id = user.office_id  # a kecamatan hangs under the admin's own kabupaten
    parent = db.session.get(Office, parent_id) if is_row_id(parent_id) else None
    if parent is None or parent.kind not in PARENT_KIND[kind] or not _in_kabupaten(user, parent):
        label = "kabupaten" if kind == OfficeKind.KECAMATAN else "kecamatan"
        errors["parent_id"] = [f"Pilih {label} induk yang ada."]
        return None
    return parent


def _in_kabupaten(user: User, office: Office) -> bool:
    return office.id == user.office_id or office.kabupaten_id == user.office_id


def _letterhead(raw, current: dict, errors: dict) -> dict:
    if raw is None:
        return dict(current)
    if not isinstance(raw, dict):
        errors["letterhead"] = ["Kop surat berupa objek {lines, phone, email, website}."]
        return dict(current)
    clean = dict(current)
    if "lines" in raw:
        lines = raw["lines"]
        if isinstance(lines, str):
            lines = lines.splitlines()
        if not isinstance(lines, list) or len(lines) > 5:
            errors["letterhead.lines"] = ["Paling banyak 5 baris kop."]
        else:
            lines = [str(line).strip() for line in lines if str(line).strip()]
            if any(len(line) > 60 for line in lines):
                errors["letterhead.lines"] = ["Setiap baris kop paling banyak 60 karakter."]
            clean["lines"] = lines
    for key in LETTERHEAD_KEYS:
        if key in raw:
            value = str(raw[key] or "").strip()
            if len(value) > 100:
                errors[f"letterhead.{key}"] = ["Paling banyak 100 karakter."]
            elif key == "email" and value and not _EMAIL.match(value):
                errors["letterhead.email"] = ["Alamat pos-el tidak sah."]
            clean[key] = value
    return clean


def _number_format(office: Office, kind, data: dict, errors: dict) -> str | None:
    if "number_format" not in data:
        return None
    if kind != OfficeKind.KABUPATEN:
        errors["number_format"] = ["Format nomor surat diatur pada kantor kabupaten."]
        return None
    template = str(data.get("number_format") or "").strip() or DEFAULT_NUMBER_FORMAT
    problem = number_format_problem(template)
    if problem:
        errors["number_format"] = [problem]
    return template


def number_example(office: Office) -> str:
    """How this kabupaten's next letter number looks, for the admin's page."""
    kabupaten = (
        office
        if office.level == OfficeLevel.KABUPATEN
        else db.session.get(Office, office.kabupaten_id)
    )
    assert kabupaten is not None  # every office below a kabupaten names it
    return format_letter_number(
        "400.12.2.1", 12, "DS-BGM", datetime.now(UTC).date(), kabupaten.number_format
    )


def letterhead_preview(user: User, office_id: int, data: dict | None = None) -> bytes:
    """A sample letter's PDF with the office's letterhead, as saved or with unsaved changes."""
    require_admin(user)
    office = get_office(user, office_id)
    data = data or {}
    errors: dict = {}
    letterhead = _letterhead(data.get("letterhead"), office.letterhead or {}, errors)
    if errors:
        raise InvalidInput("Periksa kembali isian kop surat.", fields=errors)
    address = str(data.get("address", office.address) or "")[:200]
    return signing.render_letter(sample_letter(letterhead_of(office, letterhead, address)))
