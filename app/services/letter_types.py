"""Letter types as data, edited by admin_kabupaten: fields, template text, classification code and
route."""

import re
from string import Template

from sqlalchemy import select

from app.domain.errors import InvalidInput, NotFound
from app.domain.letter_fields import FIELD_TYPES
from app.extensions import db
from app.models import LetterType, Office, Route, User
from app.services import letters
from app.services.internal import documents
from app.services.internal.database import committing
from app.services.route_admin import require_admin

# Placeholders every template may use besides the type's own fields (services/internal/documents.py
# and services/internal/letterhead.office_words): kantor is "Desa Bogem" or "Kelurahan Kauman",
# kepala "Kepala Desa Bogem" or "Lurah Kauman", sebutan "Desa" or "Kelurahan".
BUILTIN_PLACEHOLDERS = (
    "nama",
    "nik",
    "desa",
    "kecamatan",
    "kabupaten",
    "sebutan",
    "kantor",
    "kepala",
)
CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,19}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CLASSIFICATION = re.compile(r"^\d{1,3}(\.\d{1,3}){0,3}$")
MAX_TEMPLATE = 2000


def list_letter_types(user: User) -> list[LetterType]:
    """Every letter type, by code."""
    require_admin(user)
    return letters.list_letter_types()


def get_letter_type(user: User, code: str) -> LetterType:
    """One letter type by code, or NotFound."""
    require_admin(user)
    letter_type = db.session.scalar(select(LetterType).where(LetterType.code == code))
    if letter_type is None:
        raise NotFound("Jenis surat tidak ditemukan.")
    return letter_type


def save_letter_type(user: User, data: dict, code: str | None = None) -> LetterType:
    """Create a letter type (code None) or change one; letters already made keep their data."""
    require_admin(user)
    with committing():
        letter_type = get_letter_type(user, code) if code else LetterType()
        clean = _validated(data, new=code is None)
        if code is None:
            if (
                db.session.scalar(select(LetterType.id).where(LetterType.code == clean["code"]))
                is not None
            ):
                raise InvalidInput(
                    "Kode jenis surat sudah dipakai.", fields={"code": ["Kode sudah dipakai."]}
                )
            letter_type.code = clean["code"]
            db.session.add(letter_type)
        letter_type.name = clean["name"]
        letter_type.classification = clean["classification"]
        letter_type.fields = clean["fields"]
        letter_type.template = clean["template"]
        letter_type.route = clean["route"]
    return letter_type


def preview_letter_type(user: User, data: dict) -> bytes:
    """The PDF a letter of this (unsaved) type would print, with sample values in every field."""
    require_admin(user)
    clean = _validated(data, new=False)
    sample_desa = db.session.scalar(
        select(Office)
        .where(Office.kabupaten_id == user.office_id, Office.level == "desa")
        .order_by(Office.id)
    )
    if sample_desa is None:
        raise InvalidInput("Belum ada desa untuk contoh pratinjau.")
    draft = LetterType(
        code="PRATINJAU",
        name=clean["name"],
        classification=clean["classification"],
        fields=clean["fields"],
        template=clean["template"],
        route=clean["route"],
    )
    fields = {f["name"]: SAMPLE_VALUES.get(f["type"], "Contoh") for f in clean["fields"]}
    return documents.sample_pdf(draft, sample_desa, fields)


SAMPLE_VALUES = {
    "text": "Contoh isian",
    "textarea": "Contoh isian panjang",
    "date": "2026-01-02",
    "number": "3",
}


def _validated(data: dict, new: bool) -> dict:
    errors: dict[str, list[str]] = {}
    code = str(data.get("code") or "").strip().upper()
    if new and not CODE.match(code):
        errors["code"] = [
            "Kode 2-20 huruf besar, angka atau garis bawah, diawali huruf (misalnya SKD)."
        ]
    name = str(data.get("name") or "").strip()
    if not 3 <= len(name) <= 120:
        errors["name"] = ["Nama 3-120 karakter."]
    classification = str(data.get("classification") or "").strip()
    if not CLASSIFICATION.match(classification):
        errors["classification"] = ["Kode klasifikasi berupa angka, misalnya 470 atau 400.12."]
    fields = _fields(data.get("fields"), errors)
    template = _template(data.get("template") or {}, [f["name"] for f in fields], errors)
    route = _route(data.get("route"), errors)
    if errors:
        raise InvalidInput("Periksa kembali isian jenis surat.", fields=errors)
    return {
        "code": code,
        "name": name,
        "classification": classification,
        "fields": fields,
        "template": template,
        "route": route,
    }


def _fields(raw, errors: dict) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        errors["fields"] = ["Jenis surat perlu paling sedikit satu isian."]
        return []
    clean, seen = [], set()
    for i, item in enumerate(raw):
        item = item if isinstance(item, dict) else {}
        name = str(item.get("name") or "").strip()
        label = str(item.get("label") or "").strip()
        kind = str(item.get("type") or "text").strip()
        problems = []
        if not FIELD_NAME.match(name):
            problems.append("Nama isian: huruf kecil, angka dan garis bawah, diawali huruf.")
        elif name in seen or name in BUILTIN_PLACEHOLDERS:
            problems.append(f"Nama isian '{name}' sudah dipakai.")
        if not 1 <= len(label) <= 120:
            problems.append("Label isian wajib diisi (paling banyak 120 karakter).")
        if kind not in FIELD_TYPES:
            problems.append(f"Jenis isian harus salah satu dari: {', '.join(FIELD_TYPES)}.")
        if problems:
            errors[f"fields.{i}"] = problems
        seen.add(name)
        clean.append(
            {
                "name": name,
                "label": label,
                "type": kind,
                "required": bool(item.get("required", True)),
            }
        )
    return clean


def _template(raw: dict, field_names: list[str], errors: dict) -> dict:
    known = set(field_names) | set(BUILTIN_PLACEHOLDERS)
    clean = {}
    for part in ("opening", "closing"):
        text = str(raw.get(part) or "").strip()
        template = Template(text)
        if len(text) > MAX_TEMPLATE:
            errors[f"template.{part}"] = [f"Paling banyak {MAX_TEMPLATE} karakter."]
        elif not template.is_valid():
            errors[f"template.{part}"] = [
                "Penanda isian ditulis ${nama_isian}; tanda $ sendiri ditulis $$."
            ]
        else:
            unknown = sorted(set(template.get_identifiers()) - known)
            if unknown:
                errors[f"template.{part}"] = [
                    f"Penanda tidak dikenal: {', '.join('${' + u + '}' for u in unknown)}. "
                    f"Yang tersedia: {', '.join(sorted(known))}."
                ]
        clean[part] = text
    if not clean["closing"]:
        errors.setdefault("template.closing", ["Teks penutup wajib diisi."])
    return clean


def _route(code, errors: dict) -> Route | None:
    route = db.session.scalar(select(Route).where(Route.code == str(code or "")))
    if route is None:
        errors["route"] = ["Pilih rute yang ada."]
    elif route.deployed_version_id is None:
        errors["route"] = ["Rute ini belum pernah diterapkan; terapkan satu versinya dahulu."]
    return route
