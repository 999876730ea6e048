"""Offices and officials from a spreadsheet: a dry run reporting every row, then all rows or none.

Sheet "kantor" (offices): jenis, nama, kode, kecamatan, alamat, kode_pos, telepon, email, laman.
Sheet "pejabat" (officials): username, nama, peran, kantor, nik, nip, jabatan, email, telepon.
A CSV file holds one of the two tables; one upload may carry several files (kantor.csv and
pejabat.csv), whose offices are planned before the officials. Rows match what exists by office
code (or kecamatan and name) and by username, so importing the same file again changes nothing.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.domain.errors import Conflict
from app.domain.nik import nik_problem
from app.domain.offices import KIND_LEVEL, OfficeKind, code_problem, derive_code, parse_kind
from app.domain.roles import ROLE_LEVEL, SIGNER_ROLES, OfficeLevel, parse_role, role_label
from app.extensions import db
from app.models import Office, User
from app.services import officials
from app.services.auth import hash_initial_password
from app.services.internal.database import committing
from app.services.internal.spreadsheet import Table, read_uploads
from app.services.offices import require_admin

OFFICE_COLUMNS = ("jenis", "nama", "kode", "kecamatan", "alamat", "kode_pos", "telepon", "email")
OFFICE_REQUIRED = ("jenis", "nama")
OFFICIAL_COLUMNS = ("username", "nama", "peran", "kantor", "nik", "nip", "jabatan", "email")
OFFICIAL_REQUIRED = ("username", "nama", "peran", "kantor")
OFFICE_SHEETS = {"kantor", "wilayah", "offices"}
OFFICIAL_SHEETS = {"pejabat", "pengguna", "users", "officials"}


@dataclass
class RowOutcome:
    sheet: str
    row: int
    key: str
    outcome: str  # created | updated | unchanged | error


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), row by row, with every error."""

    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    credentials: list[officials.NewCredentials] = field(default_factory=list)
    applied: bool = False

    def count(self, outcome: str) -> int:
        """How many rows had this outcome."""
        return sum(1 for r in self.rows if r.outcome == outcome)

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        """Note an error of a cell (row 1 is the header)."""
        self.errors.append({"sheet": sheet, "row": row, "column": column, "message": message})


@dataclass
class _Plan:
    """One row's change, made only when the whole file is clean."""

    existing: Any  # the Office or User the row changes; None for a new one
    values: dict
    parent_key: str = ""  # the code of the office's kecamatan (or kabupaten)
    office_key: str = ""  # the code of the official's office


def import_spreadsheet(admin: User, files: list[tuple[str, bytes]], dry_run: bool) -> ImportReport:
    """Check every row of the uploaded files (name, content); unless a dry run, and when all is
    well, apply all in one transaction."""
    require_admin(admin)
    report = ImportReport(dry_run=dry_run)
    office_tables, official_tables = _classify(read_uploads(files), report)
    offices = _Offices(admin)
    office_plans = [p for t in office_tables for p in _plan_offices(t, offices, report)]
    user_plans = [p for t in official_tables for p in _plan_officials(t, offices, report)]
    if report.errors or dry_run:
        return report
    try:
        with committing():
            created = _apply_offices(admin, office_plans, offices)
            report.credentials = _apply_officials(admin, user_plans, created)
    except IntegrityError:
        raise Conflict(
            "Data berubah selama impor (kode atau pengguna kembar). Ulangi impor."
        ) from None
    report.applied = True
    return report


def _classify(tables: list[Table], report: ImportReport) -> tuple[list[Table], list[Table]]:
    offices, people = [], []
    for table in tables:
        name = table.name.strip().lower()
        if name in OFFICIAL_SHEETS or "username" in table.header:
            people.append(table)
        elif name in OFFICE_SHEETS or "jenis" in table.header:
            offices.append(table)
        elif len(tables) == 1 or table.whole_file:
            report.error(
                table.name,
                1,
                "",
                "Kolom tidak dikenali: perlu kolom 'jenis' (kantor) atau 'username' (pejabat).",
            )
    for table, required in [(t, OFFICE_REQUIRED) for t in offices] + [
        (t, OFFICIAL_REQUIRED) for t in people
    ]:
        for column in required:
            if column not in table.header:
                report.error(table.name, 1, column, f"Kolom wajib '{column}' tidak ada.")
    if not offices and not people and not report.errors:
        report.error("", 1, "", "Berkas tidak memuat lembar 'kantor' atau 'pejabat'.")
    return offices, people


class _Offices:
    """The kabupaten's offices as the import sees them: those saved and those the file adds."""

    def __init__(self, admin: User):
        self.kabupaten = admin.office
        saved = db.session.scalars(select(Office).where(Office.kabupaten_id == admin.office_id))
        self.by_code: dict[str, Office] = {o.code: o for o in saved}
        self.by_code[self.kabupaten.code] = self.kabupaten
        self.all_codes = set(db.session.scalars(select(Office.code)))
        # Codes of other kabupaten's offices: a row naming one is refused, never moved here.
        self.foreign = self.all_codes - set(self.by_code)
        self.level: dict[str, str] = {c: o.level for c, o in self.by_code.items()}
        self.kecamatan_by_name = {
            o.name.lower(): c for c, o in self.by_code.items() if o.level == OfficeLevel.KECAMATAN
        }
        self.by_place = {
            (o.parent.code if o.parent else None, o.name.lower()): c
            for c, o in self.by_code.items()
        }

    def kecamatan_code(self, text: str) -> str | None:
        text = text.strip()
        if self.level.get(text.upper()) == OfficeLevel.KECAMATAN:
            return text.upper()
        return self.kecamatan_by_name.get(text.lower())

    def outside(self, code: str) -> str:
        """Why a row naming another kabupaten's office is refused, in the admin's words."""
        return (
            f"Kantor {code} bukan bagian Kabupaten {self.kabupaten.name}; "
            "impor hanya untuk kantor kabupaten ini."
        )

    def add(self, code: str, level: str, parent: str | None, name: str) -> None:
        self.level[code] = level
        self.all_codes.add(code)
        self.by_place[(parent, name.lower())] = code
        if level == OfficeLevel.KECAMATAN:
            self.kecamatan_by_name.setdefault(name.lower(), code)


def _plan_offices(table: Table, offices: _Offices, report: ImportReport) -> list[_Plan]:
    if any(c not in table.header for c in OFFICE_REQUIRED):
        return []
    plans = []
    # Kecamatan first, so that a desa row may name a kecamatan further down the sheet.
    rows = sorted(table.rows, key=lambda r: parse_kind(r[1].get("jenis", "")) != "kecamatan")
    seen: set[str] = set()
    for number, cells in rows:
        errors_before = len(report.errors)
        kind = parse_kind(cells.get("jenis", ""))
        name = cells.get("nama", "").strip()
        code = cells.get("kode", "").strip().upper()

        def bad(column: str, message: str, n=number) -> None:
            report.error(table.name, n, column, message)

        if kind not in (OfficeKind.KECAMATAN, OfficeKind.DESA, OfficeKind.KELURAHAN):
            bad("jenis", "Jenis kantor harus kecamatan, desa atau kelurahan.")
        if not 2 <= len(name) <= 120:
            bad("nama", "Nama kantor wajib diisi (2-120 karakter).")
        parent: str | None = offices.kabupaten.code
        if kind in (OfficeKind.DESA, OfficeKind.KELURAHAN):
            named = cells.get("kecamatan", "")
            parent = offices.kecamatan_code(named)
            if named.strip().upper() in offices.foreign:
                bad("kecamatan", offices.outside(named.strip().upper()))
            elif parent is None:
                bad("kecamatan", f"Kecamatan '{named}' tidak dikenal.")
        problem = code_problem(code) if code else None
        if problem:
            bad("kode", problem)
        if len(cells.get("alamat", "")) > 200:
            bad("alamat", "Alamat paling banyak 200 karakter.")
        existing_code = (
            code if code in offices.by_code else offices.by_place.get((parent, name.lower()))
        )
        if code in offices.foreign:
            bad("kode", offices.outside(code))
        key = code or existing_code or ""
        if key and key in seen:
            bad("kode", f"Kantor {key} muncul dua kali dalam berkas.")
        if len(report.errors) > errors_before:
            report.rows.append(RowOutcome(table.name, number, code or name, "error"))
            continue
        assert kind is not None and parent is not None  # both are errors above when bad
        existing = offices.by_code.get(existing_code) if existing_code else None
        if existing is not None and existing.level != KIND_LEVEL[kind]:
            bad("jenis", f"Kantor {existing.code} sudah ada sebagai {existing.kind}.")
            report.rows.append(RowOutcome(table.name, number, existing.code, "error"))
            continue
        code = code or (existing.code if existing else derive_code(kind, name, offices.all_codes))
        seen.add(code)
        letterhead_extra = {
            k: cells.get(c, "").strip()
            for k, c in (("phone", "telepon"), ("email", "email"), ("postal_code", "kode_pos"))
            if cells.get(c, "").strip()
        }
        values = {
            "kind": kind.value,
            "name": name,
            "code": code,
            "address": cells.get("alamat", "").strip(),
            "letterhead": letterhead_extra,
        }
        outcome = "created"
        if existing is not None:
            current = {
                "kind": existing.kind,
                "name": existing.name,
                "code": existing.code,
                "address": existing.address,
                "letterhead": {
                    k: v for k, v in (existing.letterhead or {}).items() if k in letterhead_extra
                },
            }
            same_parent = (existing.parent.code if existing.parent else None) == parent
            outcome = "unchanged" if current == values and same_parent else "updated"
            values["letterhead"] = {**(existing.letterhead or {}), **letterhead_extra}
        else:
            offices.add(code, KIND_LEVEL[kind], parent, name)
        report.rows.append(RowOutcome(table.name, number, code, outcome))
        if outcome != "unchanged":
            plans.append(_Plan(existing, values, parent_key=parent))
    return plans


def _plan_officials(table: Table, offices: _Offices, report: ImportReport) -> list[_Plan]:
    if any(c not in table.header for c in OFFICIAL_REQUIRED):
        return []
    users = {u.username: u for u in db.session.scalars(select(User))}
    nik_owner = {u.nik: u.username for u in users.values() if u.nik}
    plans: list[_Plan] = []
    seen_usernames: dict[str, int] = {}
    seen_niks: dict[str, int] = {}
    for number, cells in table.rows:
        errors_before = len(report.errors)

        def bad(column: str, message: str, n=number) -> None:
            report.error(table.name, n, column, message)

        username = cells.get("username", "").strip().lower()
        if not officials.USERNAME.match(username):
            bad("username", "Username 3-60 huruf kecil, angka, titik, minus atau garis bawah.")
        elif username in users and users[username].office.kabupaten_id not in (
            offices.kabupaten.id,
            None,
        ):
            bad("username", f"Username {username} sudah dipakai di kabupaten lain.")
        elif username in seen_usernames:
            bad("username", f"Username {username} sudah ada di baris {seen_usernames[username]}.")
        seen_usernames.setdefault(username, number)
        name = cells.get("nama", "").strip()
        if not 2 <= len(name) <= 120:
            bad("nama", "Nama wajib diisi (2-120 karakter).")
        role = parse_role(cells.get("peran", ""))
        if role is None:
            bad("peran", f"Peran '{cells.get('peran', '')}' tidak dikenal.")
        office_code = cells.get("kantor", "").strip().upper()
        level = offices.level.get(office_code)
        if office_code in offices.foreign:
            bad("kantor", offices.outside(office_code))
        elif level is None:
            bad("kantor", f"Kantor '{office_code}' tidak dikenal.")
        elif role is not None and ROLE_LEVEL[role] != level:
            bad("peran", f"{role_label(role)} tidak bekerja di kantor tingkat {level}.")
        nik = cells.get("nik", "").strip()
        if nik:
            problem = nik_problem(nik)
            owner = nik_owner.get(nik)
            if problem:
                bad("nik", problem)
            elif nik in seen_niks:
                bad("nik", f"NIK sama dengan baris {seen_niks[nik]}.")
            elif owner is not None and owner != username:
                bad("nik", f"NIK sudah dipakai pengguna {owner}.")
            seen_niks.setdefault(nik, number)
        elif role in SIGNER_ROLES:
            bad("nik", "Penanda tangan wajib memiliki NIK (untuk BSrE).")
        nip = cells.get("nip", "").replace(" ", "")
        if nip and not officials.NIP.match(nip):
            bad("nip", "NIP terdiri dari 18 angka.")
        email = cells.get("email", "").strip()
        if email and not officials.EMAIL.match(email):
            bad("email", "Alamat pos-el tidak sah.")
        phone = cells.get("telepon", "").strip()
        if phone and not officials.PHONE.match(phone):
            bad("telepon", "Nomor telepon 6-20 angka, boleh diawali +.")
        if len(cells.get("jabatan", "")) > 120:
            bad("jabatan", "Jabatan paling banyak 120 karakter.")
        if len(report.errors) > errors_before:
            report.rows.append(RowOutcome(table.name, number, username, "error"))
            continue
        assert role is not None  # a bad role is an error above
        values = {
            "full_name": name,
            "role": role.value,
            "nik": nik or None,
            "nip": nip or None,
            "position": cells.get("jabatan", "").strip(),
            "email": email or None,
            "phone": phone or None,
        }
        existing = users.get(username)
        outcome = "created"
        if existing is not None:
            if not values["position"]:
                values["position"] = existing.position
            current = {k: getattr(existing, k) for k in values}
            moved = existing.office.code != office_code
            outcome = "unchanged" if current == values and not moved else "updated"
        report.rows.append(RowOutcome(table.name, number, username, outcome))
        if outcome != "unchanged":
            plans.append(_Plan(existing, {**values, "username": username}, office_key=office_code))
    return plans


def _apply_offices(admin: User, plans: list[_Plan], offices: _Offices) -> dict[str, Office]:
    """Create and change the offices; returns every office of the kabupaten by code."""
    by_code = dict(offices.by_code)
    for plan in sorted(plans, key=lambda p: p.values["kind"] != OfficeKind.KECAMATAN):
        office = plan.existing or Office(kabupaten_id=admin.office_id, logo=None)
        office.kind = plan.values["kind"]
        office.level = KIND_LEVEL[OfficeKind(office.kind)]
        office.name, office.code = plan.values["name"], plan.values["code"]
        office.address = plan.values["address"]
        office.letterhead = plan.values["letterhead"]
        office.parent = by_code[plan.parent_key]
        office.kabupaten_id = admin.office_id
        if plan.existing is None:
            db.session.add(office)
        by_code[office.code] = office
    db.session.flush()
    return by_code


def _apply_officials(
    admin: User, plans: list[_Plan], offices: dict[str, Office]
) -> list[officials.NewCredentials]:
    credentials = []
    for plan in plans:
        values = dict(plan.values)
        username = values.pop("username")
        office = offices[plan.office_key]
        values["position"] = values["position"] or officials.default_position(
            values["role"], office
        )
        user = plan.existing
        if user is None:
            password = officials.initial_password()
            user = User(
                username=username,
                password_hash=hash_initial_password(password),
                must_change_password=True,
                active=True,
                office=office,
                **values,
            )
            db.session.add(user)
            credentials.append(officials.NewCredentials(user, password))
            continue
        moved = user.office_id != office.id or user.role != values["role"]
        for key, value in values.items():
            setattr(user, key, value)
        user.office = office
        if moved:
            officials.transfer_side_effects(user, admin, "Mutasi lewat impor data pejabat")
    db.session.flush()  # one flush gives every new official an id
    for created in credentials:
        officials.open_assignment(created.user, admin, "Impor data pejabat")
    return credentials
