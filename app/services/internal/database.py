"""Database plumbing: per-dialect settings and the one transaction boundary services use."""

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.domain.errors import Conflict
from app.extensions import db


def configure_engine(engine: Engine) -> None:
    """SQLite: foreign keys on, WAL, wait for locks, and take the write lock when a transaction
    begins.

    BEGIN IMMEDIATE makes concurrent writers queue instead of failing half-way with "database is
    locked".
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def committing():
    """One user action, one transaction: commit at the end, roll everything back on any error."""
    try:
        yield db.session
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(
            "Surat ini baru saja diubah oleh pengguna lain. Muat ulang halaman."
        ) from None
    except OperationalError as err:
        db.session.rollback()
        if "locked" in str(err):
            raise Conflict("Basis data sedang sibuk. Coba lagi.") from None
        raise
    except BaseException:
        db.session.rollback()
        raise


def end_read() -> None:
    """End the session's read-only transaction before waiting on a remote service (BSrE, a TSA).

    On SQLite every transaction holds the write lock (BEGIN IMMEDIATE); on PostgreSQL a transaction
    may hold row locks: either would make every other writer wait as long as the remote service.
    """
    session = db.session()
    if not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("unsaved changes before remote work: commit them in their own step")
    session.rollback()
