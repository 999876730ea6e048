"""Spreadsheet import speed: Blora's 16 kecamatan, 295 desa and 1,000 officials from one XLSX file.

Run: .venv/bin/python bench/import.py [--officials 1000]
Builds a throwaway SQLite database from the migrations holding only the kabupaten and its admin,
writes the XLSX with openpyxl (offices from app/data/wilayah_blora.json), then times through the
real service (no HTTP): the dry run, the apply (one transaction), and importing the same file again.
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from openpyxl import Workbook

from app import create_app
from app.config import Config
from app.extensions import db
from app.models import Office, User
from app.services import imports
from app.services.auth import hash_password

WILAYAH = Path(__file__).resolve().parents[1] / "app" / "data" / "wilayah_blora.json"
ROLES = ("operator_desa", "sekdes", "kades")


def spreadsheet(officials: int) -> bytes:
    """The XLSX: sheet kantor (311 offices) and sheet pejabat (`officials` people)."""
    wilayah = json.loads(WILAYAH.read_text(encoding="utf-8"))
    book = Workbook()
    offices = book.active
    offices.title = "kantor"
    offices.append(["jenis", "nama", "kode", "kecamatan", "alamat", "kode_pos"])
    desa_codes = []
    for kecamatan in wilayah["kecamatan"]:
        offices.append(["kecamatan", kecamatan["name"], kecamatan["code"], "", "", ""])
        for desa in kecamatan["desa"]:
            offices.append(
                [
                    "desa",
                    desa["name"],
                    desa["code"],
                    kecamatan["code"],
                    f"Jl. Raya {desa['name']}",
                    desa["postal_code"],
                ]
            )
            desa_codes.append(desa["code"])
    people = book.create_sheet("pejabat")
    people.append(["username", "nama", "peran", "kantor", "nik", "nip", "jabatan", "email"])
    for i in range(officials):
        office = desa_codes[(i // 3) % len(desa_codes)]
        role = ROLES[i % 3]
        nik = f"3316{(i % 9) + 1:02d}0101{70 + i % 20:02d}{i + 1:04d}"
        people.append(
            [
                f"pejabat{i:04d}",
                f"Pejabat Nomor {i}",
                role,
                office,
                nik if role != "operator_desa" else "",
                "",
                "",
                f"pejabat{i}@layang.test",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officials", type=int, default=1000)
    args = parser.parse_args()
    content = spreadsheet(args.officials)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Config,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db",
            SECRET_KEY="bench",
            CERT_ENCRYPTION_KEY=None,
            RUN_TIMERS=False,
        )
        with app.app_context():
            upgrade()
            kabupaten = Office(
                code="KAB-BLA",
                name="Blora",
                level="kabupaten",
                kind="kabupaten",
                address="",
                letterhead={},
            )
            admin = User(
                username="admin.blora",
                password_hash=hash_password("x"),
                full_name="Admin",
                role="admin_kabupaten",
                office=kabupaten,
            )
            db.session.add_all([kabupaten, admin])
            db.session.commit()
            timings = {}
            for label, dry_run in (("dry run", True), ("apply", False), ("re-import", False)):
                started, cpu = time.perf_counter(), time.process_time()
                report = imports.import_spreadsheet(
                    admin, [("blora.xlsx", content)], dry_run=dry_run
                )
                timings[label] = time.perf_counter() - started
                cpu = time.process_time() - cpu
                assert not report.errors, report.errors[:5]
                print(
                    f"{label:10} {timings[label]:6.2f} s wall, {cpu:5.2f} s CPU  "
                    f"created {report.count('created')}, updated {report.count('updated')}, "
                    f"unchanged {report.count('unchanged')}"
                )
            db.engine.dispose()
    print(
        f"file: {len(content) / 1024:.0f} KB, 311 offices + {args.officials} officials; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
