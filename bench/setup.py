"""Databases for the serving benchmark: migrated, demo-seeded, a one-approval route deployed, and an
inbox load of open tasks spread over a kabupaten's desa and kecamatan."""

import random
import secrets
import sys
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import signing  # noqa: E402
from app import create_app  # noqa: E402
from app.config import Config  # noqa: E402
from app.domain.roles import OfficeLevel, Role  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Letter, LetterType, Office, Task, User  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.services import demo, letter_types, route_admin  # noqa: E402

ONE_APPROVAL = ROOT / "bench" / "one_approval.bpmn"
KECAMATAN, DESA = 16, 295  # Kabupaten Blora


class BenchConfig(Config):
    """The production settings, pointed at the bench's own database and secrets."""

    SECRET_KEY = "bench-secret"
    CERT_ENCRYPTION_KEY = "YmVuY2gtb25seS1jZXJ0LWtleS0zMi1ieXRlcy1sb24="
    RUN_TIMERS = False


def prepare(url: str, ca: signing.CertificateAuthority) -> None:
    """Migrate, seed the demo kabupaten, deploy the one-approval route and its letter type SATU."""
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        demo.seed_demo(ca)
        admin = db.session.scalar(select(User).where(User.role == Role.ADMIN_KABUPATEN))
        version = route_admin.import_route(admin, ONE_APPROVAL.read_bytes(), "one_approval.bpmn")
        route_admin.deploy_version(admin, version.route_id, version.id)
        route = version.route
        skd = db.session.scalar(select(LetterType).where(LetterType.code == "SKD"))
        letter_types.save_letter_type(
            admin,
            {
                "code": "SATU",
                "name": "Surat satu persetujuan",
                "classification": skd.classification,
                "fields": skd.fields,
                "template": skd.template,
                "route": route.code,
            },
        )
        db.engine.dispose()


def seed_inbox(url: str, open_tasks: int, seed: int = 14) -> dict:
    """`open_tasks` letters, each waiting at one step: half for their desa's kades, half for their
    kecamatan's operator, over 16 kecamatan and 295 desa (the demo offices among them)."""
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    rng = random.Random(seed)
    with app.app_context():
        offices = {o.code: o for o in db.session.scalars(select(Office))}
        kabupaten = offices["KAB-BLA"]
        kecamatan = [o for o in offices.values() if o.level == OfficeLevel.KECAMATAN]
        new = []
        for n in range(len(kecamatan), KECAMATAN):
            new.append(
                Office(
                    code=f"KEC-B{n:02d}", name=f"Bench {n:02d}", level="kecamatan", parent=kabupaten
                )
            )
        db.session.add_all(new)
        kecamatan += new
        desa = [o for o in offices.values() if o.level == OfficeLevel.DESA]
        for n in range(len(desa), DESA):
            desa.append(
                Office(
                    code=f"DS-B{n:03d}",
                    name=f"Bench {n:03d}",
                    level="desa",
                    parent=kecamatan[n % KECAMATAN],
                )
            )
            db.session.add(desa[-1])
        db.session.flush()
        skd = db.session.scalar(select(LetterType).where(LetterType.code == "SKD"))
        creator = db.session.scalar(select(User.id).where(User.username == "operator.bogem"))
        first_letter = (db.session.scalar(select(func.max(Letter.id))) or 0) + 1
        first_task = (db.session.scalar(select(func.max(Task.id))) or 0) + 1
        now = utcnow()
        due = now + timedelta(days=app.config["TASK_DUE_DAYS"])
        letters, tasks = [], []
        for i in range(open_tasks):
            home = rng.choice(desa)
            at_kecamatan = i % 2 == 1
            letters.append(
                {
                    "id": first_letter + i,
                    "letter_type_id": skd.id,
                    "desa_id": home.id,
                    "kecamatan_id": home.parent_id,
                    "kabupaten_id": kabupaten.id,
                    "route_version_id": skd.route.deployed_version_id,
                    "status": "in_progress",
                    "applicant_nik": f"3316{rng.randrange(10**12):012d}",
                    "applicant_name": f"Pemohon {i}",
                    "fields": {"keperluan": "bench"},
                    "process_state": {},
                    "serializer_version": "",
                    "tracking_code": secrets.token_hex(8).upper(),
                    "verify_code": secrets.token_urlsafe(24),
                    "created_by_id": creator,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            tasks.append(
                {
                    "id": first_task + i,
                    "letter_id": first_letter + i,
                    "engine_id": secrets.token_hex(16),
                    "step": "kecamatan_check" if at_kecamatan else "kades_sign",
                    "name": "Periksa surat" if at_kecamatan else "Tandatangani surat (TTE)",
                    "role": Role.OPERATOR_KECAMATAN if at_kecamatan else Role.KADES,
                    "office_id": home.parent_id if at_kecamatan else home.id,
                    "signing": not at_kecamatan,
                    "state": "open",
                    "created_at": now,
                    # Due as the app would set it: tasks due now would have the server's timer job
                    # fire 100,000 timers (an event each) in the middle of the measured runs.
                    "due_at": due,
                }
            )
        for start in range(0, open_tasks, 5000):
            db.session.execute(insert(Letter.__table__), letters[start : start + 5000])
            db.session.execute(insert(Task.__table__), tasks[start : start + 5000])
        if db.engine.dialect.name == "postgresql":
            for table in ("letters", "tasks", "offices"):
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does to a settled table: statistics, and the visibility map that lets
            # /tasks/count answer from the inbox index alone (an index-only scan, 0.1 ms). Right
            # after a bulk insert the map is empty and the count reads ~1,500 heap pages instead.
            # Seen on PostgreSQL 15: the first pass straight after the insert leaves the map unset,
            # a second pass over tasks sets it.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as raw:
                raw.execute(text("VACUUM ANALYZE"))
                raw.execute(text("VACUUM tasks"))
        inbox = (
            select(Task.id)
            .where(
                Task.state == "open",
                Task.role == Role.OPERATOR_KECAMATAN,
                Task.office_id == offices["KEC-JPH"].id,
            )
            .order_by(Task.id.desc())
        )
        waiting = db.session.scalar(select(func.count()).select_from(inbox.subquery()))
        # The cursor of page 50 (20 a page): the id of the 980th task, newest first.
        page50 = db.session.scalar(inbox.offset(49 * 20 - 1).limit(1))
        db.engine.dispose()
    return {"waiting": waiting, "page50_cursor": str(page50) if page50 else None}


def database_bytes(url: str) -> int:
    """The database's size on disk now (SQLite: the file after a checkpoint)."""
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            size = db.session.scalar(text("SELECT pg_database_size(current_database())"))
        else:  # move the write-ahead log into the file first (outside a transaction)
            raw = db.engine.raw_connection()
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.close()
            size = Path(url.removeprefix("sqlite:///")).stat().st_size
        db.engine.dispose()
    return size


def pdf_bytes(url: str, letter_type: str) -> tuple[int, int]:
    """(finished letters of this type, bytes of the signed PDFs kept for them, every revision)."""
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        finished = db.session.scalar(
            select(func.count(Letter.id))
            .join(LetterType)
            .where(LetterType.code == letter_type, Letter.status == "completed")
        )
        size = db.session.scalar(
            text("SELECT coalesce(sum(size), 0) FROM audit_blobs WHERE media_type LIKE '%pdf'")
        )
        db.engine.dispose()
    return finished, int(size)
