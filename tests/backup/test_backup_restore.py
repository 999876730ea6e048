"""`flask backup create` and `flask backup restore`: a kabupaten's database (SQLite or PostgreSQL)
and its blob objects (in a directory or an S3 bucket), restored into a fresh database and a fresh
store, pass `flask audit verify`, and a restored letter still verifies SAH."""

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.e2e.journeys import walk_sktm
from tests.residents.helpers import submitted_request
from tests.s3 import BUCKET, empty_bucket, s3_server  # noqa: F401  (fixtures)
from tests.verify.helpers import code_of

RESTORED_BUCKET = "layang-restored"


@dataclass(frozen=True)
class Store:
    """A blob store's LAYANG_BLOB_STORE value and settings, and the object names it holds, read
    directly (not through Layang)."""

    location: str
    settings: dict
    names: Callable[[], set[str]]


@pytest.fixture(params=["file", "s3"])
def stores(request, tmp_path) -> tuple[Store, Store]:
    """The app's object store and an empty one of the same kind to restore into: two directories,
    or two buckets on a real S3-compatible server (moto)."""
    if request.param == "file":

        def directory(root) -> Store:
            return Store(
                f"file://{root}", {}, lambda: {p.name for p in root.rglob("*") if p.is_file()}
            )

        return directory(tmp_path / "blobs"), directory(tmp_path / "restored-blobs")
    make_empty = request.getfixturevalue("empty_bucket")
    settings = {"S3_ENDPOINT_URL": request.getfixturevalue("s3_server")}

    def bucket(name: str) -> Store:
        client = make_empty(name)
        return Store(
            f"s3://{name}/letters",
            settings,
            lambda: {
                o["Key"].split("/")[-1]
                for o in client.list_objects_v2(Bucket=name).get("Contents", [])
            },
        )

    return bucket(BUCKET), bucket(RESTORED_BUCKET)


@pytest.fixture
def app(make_app, stores):
    """The app with its big blobs (signed PDFs, attachments) in a directory or an S3 bucket."""
    return make_app(BLOB_STORE=stores[0].location, **stores[0].settings)


def _postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


@pytest.fixture
def restore_target(app, tmp_path, request, stores):
    """An app on an empty database of the same kind, with an empty object store of its own."""
    if _postgresql(app):
        url = request.getfixturevalue("postgres_url")()
    else:
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=url,
        BLOB_STORE=stores[1].location,
        TRUST_ROOTS=app.config["TRUST_ROOTS"],
        **stores[1].settings,
    )
    yield restored
    with restored.app_context():
        db.engine.dispose()


def test_a_backup_restored_elsewhere_verifies_and_its_letters_stay_sah(
    app, api_as, sktm, client, restore_target, stores, tmp_path
):
    letters = [walk_sktm(api_as, sktm) for _ in range(2)]
    submitted_request(app, client)  # a resident's attachment: a private blob
    pdf = api_as("operator.bogem").get(f"/letters/{letters[0]['id']}/pdf").get_data()
    backup = tmp_path / "backup"

    made = app.test_cli_runner().invoke(args=["backup", "create", str(backup)])
    assert made.exit_code == 0, made.output
    manifest = json.loads((backup / "manifest.json").read_text())
    assert f"objects/{hashlib.sha256(pdf).hexdigest()}" in manifest["files"]
    assert any(name.endswith(".private") for name in manifest["files"])

    objects = {name.removeprefix("objects/") for name in manifest["files"] if "/" in name}
    assert objects == stores[0].names()  # every object of the store, signed PDFs and attachments

    restored = restore_target.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert stores[1].names() == objects  # into the fresh store (directory or bucket)
    verified = restore_target.test_cli_runner().invoke(args=["audit", "verify", "--no-digest"])
    assert verified.exit_code == 0, verified.output
    assert "Jejak audit utuh." in verified.output and "1 permohonan online" in verified.output

    public = restore_target.test_client()
    for letter in letters:
        answer = public.get(f"/api/v1/verify/{code_of(letter['verify_url'])}")
        assert answer.status_code == 200 and answer.get_json()["verdict"] == "valid"
    upload = public.post("/api/v1/verify", data={"file": (io.BytesIO(pdf), "surat.pdf")})
    assert upload.get_json()["verdict"] == "valid"


def test_a_restore_refuses_a_database_that_is_not_empty_or_a_damaged_backup(app, tmp_path):
    backup = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code == 0
    into_itself = app.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert into_itself.exit_code == 1 and "tidak kosong" in into_itself.output
    database = next(p for p in backup.iterdir() if p.name.startswith("layang."))
    damaged_bytes = bytearray(database.read_bytes())
    damaged_bytes[len(damaged_bytes) // 2] ^= 0xFF  # one byte flipped
    database.write_bytes(bytes(damaged_bytes))
    damaged = app.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert damaged.exit_code == 1 and "rusak" in damaged.output
