"""Blobs: content-addressed bytes (signed PDFs, process snapshots, residents' attachments), behind
one interface.

Each blob has a row (SHA-256, media type, encoding, size) written in the caller's transaction: in
`audit_blobs`, append-only, for what the audit trail points to; or, with `private=True`, in
`private_blobs` for residents' documents, which `release_private_blob` deletes once nothing refers
to them (personal data is kept no longer than needed). In an object store a private blob's key is
`<sha256>.private`, so deleting it never touches an audit blob of the same content.

A blob's bytes live in the row itself (`LAYANG_BLOB_STORE=database`, the default, and any
blob up to BLOB_INLINE_BYTES) or in an object store: a directory (`file:///srv/layang/blobs`) or
S3-compatible object storage (`s3://bucket/prefix`, endpoint `LAYANG_S3_ENDPOINT_URL`, credentials
the usual AWS_* variables).

Order of writes, so that no committed row points to missing bytes and no rollback leaves bytes
behind: the row is claimed first (an INSERT that waits for a concurrent writer of the same
content), then the object is written, both before the transaction commits. When a transaction (or
savepoint) that wrote objects is rolled back, each is claimed again on a separate connection:
if nobody committed a row for it meanwhile, the object is deleted and the claim rolled back. A
released private blob's row is deleted in the caller's transaction and its object, the same way,
after that transaction commits.
"""

import hashlib
import zlib
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import Table, delete, select
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction

from app.extensions import db
from app.models import AuditBlob, PrivateBlob
from app.models.base import utcnow
from app.services.internal.object_stores import ObjectStore, object_store_for

_WRITTEN = "layang.blobs.written"  # session.info: [_Written], objects written in this transaction


@dataclass(frozen=True)
class _Kind:
    """Where a kind of blob keeps its rows, and its object key."""

    table: Table
    suffix: str

    def key(self, sha256: str) -> str:
        return sha256 + self.suffix


_AUDIT = _Kind(AuditBlob.__table__, "")  # type: ignore[arg-type]
_PRIVATE = _Kind(PrivateBlob.__table__, ".private")  # type: ignore[arg-type]


@dataclass
class _Written:
    sha256: str
    transaction: SessionTransaction
    kind: _Kind
    rolled_back: bool = False  # True: check after the transaction whether a row still refers to it
    store: ObjectStore | None = field(default=None, repr=False)


def sha256_of(content: bytes) -> str:
    """The blob's name: the SHA-256 of its bytes, hex."""
    return hashlib.sha256(content).hexdigest()


def put_blob(
    content: bytes, media_type: str, sha256: str | None = None, private: bool = False
) -> str:
    """Keep bytes under their SHA-256 (once per content) in the caller's transaction; answer it.

    `private`: a resident's document, deleted by `release_private_blob` when no longer needed."""
    sha256 = sha256 or sha256_of(content)
    kind = _PRIVATE if private else _AUDIT
    session = db.session()
    compress = media_type == "application/json"
    stored = zlib.compress(content) if compress else content
    store = object_store()
    inline = store is None or len(stored) <= current_app.config["BLOB_INLINE_BYTES"]
    row = {
        "sha256": sha256,
        "media_type": media_type,
        "encoding": "zlib" if compress else "identity",
        "size": len(content),
        "content": stored if inline else None,
        "created_at": utcnow(),
    }
    if not _claim(session.connection(), row, kind.table):
        return sha256  # kept already (by a committed transaction, or earlier in this one)
    if store is not None and not inline:
        store.put(kind.key(sha256), stored)
        _remember(session, _Written(sha256, _transaction(session), kind, store=store))
    return sha256


def get_blob(sha256: str | None, private: bool = False) -> bytes | None:
    """The bytes kept under this hash, or None when there are none."""
    if sha256 is None:
        return None
    kind = _PRIVATE if private else _AUDIT
    columns = kind.table.c
    row = db.session.execute(
        select(columns.encoding, columns.content).where(columns.sha256 == sha256)
    ).one_or_none()
    if row is None:
        return None
    stored = row.content
    if stored is None:
        store = object_store()
        stored = store.get(kind.key(sha256)) if store is not None else None
        if stored is None:
            return None
    return zlib.decompress(stored) if row.encoding == "zlib" else stored


def release_private_blob(sha256: str, still_needed: bool) -> None:
    """Delete a private blob in the caller's transaction unless `still_needed`; its object goes
    once the transaction has committed and no row refers to it again (see `_delete_unclaimed`)."""
    if still_needed:
        return
    session = db.session()
    session.execute(delete(PrivateBlob).where(PrivateBlob.sha256 == sha256))
    store = object_store()
    if store is not None:
        _remember(session, _Written(sha256, _transaction(session), _PRIVATE, True, store))


def stored_blob(sha256: str, private: bool = False) -> bytes:
    """The bytes a row refers to; a missing blob is damage to the store, never a normal answer."""
    content = get_blob(sha256, private)
    if content is None:
        raise LookupError(f"blob {sha256} is missing from the blob store")
    return content


def blob_size(sha256: str | None) -> int | None:
    """The length of the bytes kept under this hash (without reading them)."""
    if sha256 is None:
        return None
    return db.session.scalar(select(AuditBlob.size).where(AuditBlob.sha256 == sha256))


def object_keys():
    """The object-store key of every blob whose bytes are not in its row (for backups)."""
    for kind in (_AUDIT, _PRIVATE):
        columns = kind.table.c
        rows = db.session.execute(
            select(columns.sha256).where(columns.content.is_(None)).order_by(columns.sha256)
        ).scalars()
        for sha256 in rows:
            yield kind.key(sha256)


def object_store() -> ObjectStore | None:
    """The configured object store of this app, or None when blobs live in the database."""
    extension = current_app.extensions
    if "layang.object_store" not in extension:
        extension["layang.object_store"] = object_store_for(current_app.config)
    return extension["layang.object_store"]


def _transaction(session: Session) -> SessionTransaction:
    transaction = session.get_nested_transaction() or session.get_transaction()
    assert transaction is not None  # blobs are written inside the caller's transaction
    return transaction


def _remember(session: Session, written: _Written) -> None:
    session.info.setdefault(_WRITTEN, []).append(written)


def _claim(connection, row: dict, table: Table) -> bool:
    """Insert the blob's row unless it exists; True when this call inserted it."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .values(**row)
        .on_conflict_do_nothing()
        .returning(table.c.sha256)  # rowcount is not reliable here with psycopg
    )
    return connection.execute(statement).scalar() is not None


def _delete_unclaimed(engine, written: list[_Written]) -> None:
    """Delete each written object that no committed row refers to (see the module docstring)."""
    for entry in written:
        placeholder = {
            "sha256": entry.sha256,
            "media_type": "application/octet-stream",
            "encoding": "identity",
            "size": 0,
            "content": None,
            "created_at": utcnow(),
        }
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                # nobody committed it: the object is ours
                if entry.store is not None and _claim(connection, placeholder, entry.kind.table):
                    entry.store.delete(entry.kind.key(entry.sha256))
            finally:
                transaction.rollback()


@sa_event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    """Objects written inside a rolled-back savepoint may now be unreferenced; after a rolled-back
    transaction, every object it wrote may be: check and delete those now."""
    for entry in session.info.get(_WRITTEN, ()):
        transaction = entry.transaction
        while transaction is not None and transaction is not previous_transaction:
            transaction = transaction.parent
        if transaction is not None:
            entry.rolled_back = True
    if previous_transaction.parent is None:
        _delete_unclaimed(session.get_bind(), session.info.pop(_WRITTEN, []))


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    """The transaction committed: objects of its rolled-back savepoints and the private blobs it
    released may now be unreferenced."""
    written = session.info.pop(_WRITTEN, [])
    _delete_unclaimed(session.get_bind(), [entry for entry in written if entry.rolled_back])
