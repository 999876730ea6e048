"""Backups: the database and the blob store's objects into one directory, and back.

A backup directory holds the database (`layang.db`, made by SQLite's online backup API while the
app runs; or `layang.pgdump`, PostgreSQL's `pg_dump --format=custom`, one consistent snapshot),
`objects/` (every blob whose bytes live in the object store, under its key) and `manifest.json`
(the kind of database, the schema revision, and the SHA-256 of every file, checked on restore).

The database is taken first and the objects after it: blobs are written before the rows that
refer to them commit and audit blobs are never deleted, so every object a backed-up row needs is
still there to copy. A private blob (a resident's document) deleted by retention in between is
skipped: its rows were removed too, or will be at the next purge.

Restore goes into an empty database (a new SQLite file, or an empty PostgreSQL database) and the
configured object store; then `flask audit verify` checks the restored trail.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from app.domain.errors import RuleRefused
from app.extensions import db
from app.models.base import utcnow
from app.services.internal.blobs import object_keys, object_store

MANIFEST = "manifest.json"
OBJECTS = "objects"
DATABASE_FILES = {"sqlite": "layang.db", "postgresql": "layang.pgdump"}


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds (or a restore brought back)."""

    directory: Path
    database: str
    revision: str
    objects: int


def create_backup(directory: Path) -> BackupSummary:
    """Back up this app's database and blob objects into a new, empty directory."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise RuleRefused(f"Direktori cadangan {directory} tidak kosong.")
    (directory / OBJECTS).mkdir(parents=True)
    kind = _database_kind()
    revision = _revision()
    database_file = directory / DATABASE_FILES[kind]
    if kind == "sqlite":
        _sqlite_copy(_sqlite_path(), str(database_file))
    else:
        _run("pg_dump", "--format=custom", f"--file={database_file}", _libpq_url())
    store, copied = object_store(), 0
    for key in object_keys():
        content = store.get(key) if store is not None else None
        if content is None:
            if key.endswith(".private"):
                continue  # deleted by retention since the database was taken
            raise RuleRefused(f"Berkas {key} hilang dari penyimpanan objek: cadangan dibatalkan.")
        (directory / OBJECTS / key).write_bytes(content)
        copied += 1
    db.session.rollback()
    manifest = {
        "format": 1,
        "created_at": utcnow().isoformat(),
        "database": kind,
        "revision": revision,
        "files": {
            str(path.relative_to(directory)): _sha256(path)
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        },
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return BackupSummary(directory, kind, revision, copied)


def restore_backup(directory: Path) -> BackupSummary:
    """Restore a backup into this app's (empty) database and its object store."""
    directory = Path(directory)
    manifest = json.loads((directory / MANIFEST).read_text())
    for name, sha256 in manifest["files"].items():
        if _sha256(directory / name) != sha256:
            raise RuleRefused(f"Berkas cadangan {name} rusak (hash tidak cocok).")
    kind = _database_kind()
    if manifest["database"] != kind:
        raise RuleRefused(f"Cadangan ini dari {manifest['database']}; aplikasi memakai {kind}.")
    if inspect(db.engine).get_table_names():
        raise RuleRefused("Basis data tujuan tidak kosong; pulihkan ke basis data baru.")
    db.engine.dispose()
    objects = sorted((directory / OBJECTS).iterdir())
    store = object_store()
    if objects and store is None:
        raise RuleRefused(
            "Cadangan memuat berkas di penyimpanan objek: atur LAYANG_BLOB_STORE dahulu."
        )
    database_file = directory / DATABASE_FILES[kind]
    if kind == "sqlite":
        _sqlite_copy(str(database_file), _sqlite_path())
    else:
        _run(
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={_libpq_url()}",
            str(database_file),
        )
    for path in objects:
        store.put(path.name, path.read_bytes())  # type: ignore[union-attr]
    return BackupSummary(directory, kind, _revision(), len(objects))


def _database_kind() -> str:
    return "postgresql" if db.engine.dialect.name == "postgresql" else "sqlite"


def _sqlite_copy(source_path: str, target_path: str) -> None:
    """SQLite's online backup: a consistent copy while other connections keep writing."""
    with (
        closing(sqlite3.connect(source_path)) as source,
        closing(sqlite3.connect(target_path)) as target,
    ):
        source.backup(target)


def _sqlite_path() -> str:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise RuleRefused("Basis data SQLite di memori tidak dapat dicadangkan.")
    return path


def _libpq_url() -> str:
    """The database URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    return (
        make_url(str(db.engine.url.render_as_string(hide_password=False)))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )


def _revision() -> str:
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def _run(program: str, *args: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise RuleRefused(f"{program} tidak ditemukan: pasang klien PostgreSQL.")
    done = subprocess.run([executable, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuleRefused(f"{program} gagal: {done.stderr.strip()[:500]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
