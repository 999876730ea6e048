"""Blobs in an object store (a directory, or S3 over HTTP): written before the commit that refers to
them, read back for downloads and verification, and never left behind by a rollback."""

import hashlib

import pytest

from app.extensions import db
from app.models import AuditBlob
from app.services.internal.blobs import get_blob, put_blob
from app.services.internal.database import committing
from tests.e2e.journeys import walk_sktm
from tests.verify.helpers import code_of


@pytest.fixture
def app(make_app, blob_store):
    """The application with its blob bytes in the object store under test."""
    location, settings, _objects = blob_store
    return make_app(BLOB_STORE=location, **settings)


def _pdf(size: int = 20_000, seed: bytes = b"a") -> bytes:
    """Bytes that look like a PDF and are too big to stay inline in the database."""
    return b"%PDF-1.7\n" + hashlib.sha256(seed).digest() * (size // 32)


def test_a_signed_letter_is_kept_in_the_object_store_and_downloads_and_verifies(
    app, api_as, sktm, blob_store
):
    objects = blob_store[2]
    letter = walk_sktm(api_as, sktm)
    operator = api_as("operator.bogem")
    pdf = operator.get(f"/letters/{letter['id']}/pdf").get_data()
    sha256 = hashlib.sha256(pdf).hexdigest()

    assert sha256 in objects.names()
    assert objects.read(sha256) == pdf
    # The kades' revision (before the camat signed) is kept too, for the replay; nothing else is
    # big enough to leave the database: every object is a PDF.
    assert len(objects.names()) == 2
    assert all(objects.read(key).startswith(b"%PDF") for key in objects.names())
    with app.app_context():
        row = db.session.get(AuditBlob, sha256)
        assert (row.size, row.content, row.media_type) == (len(pdf), None, "application/pdf")

    verified = app.test_client().get(f"/api/v1/verify/{code_of(letter['verify_url'])}")
    assert verified.status_code == 200
    assert verified.get_json()["verdict"] == "valid"


def test_a_rolled_back_transaction_leaves_no_object_behind(app, blob_store):
    objects = blob_store[2]
    content = _pdf(seed=b"rolled back")
    with app.app_context():
        with pytest.raises(RuntimeError), committing():
            sha256 = put_blob(content, "application/pdf")
            assert sha256 in objects.names()  # written before the commit
            raise RuntimeError("the action fails after the blob was written")
        assert sha256 not in objects.names()
        assert get_blob(sha256) is None

        with committing():
            kept = put_blob(content, "application/pdf")
        assert objects.read(kept) == content
        assert get_blob(kept) == content


def test_a_rolled_back_savepoint_loses_its_object_and_the_rest_commits(app, blob_store):
    objects = blob_store[2]
    with app.app_context():
        with committing():
            savepoint = db.session.begin_nested()
            dropped = put_blob(_pdf(seed=b"dropped"), "application/pdf")
            savepoint.rollback()
            kept = put_blob(_pdf(seed=b"kept"), "application/pdf")
        assert objects.names() == {kept}
        assert get_blob(dropped) is None
        assert get_blob(kept) == _pdf(seed=b"kept")


def test_rolling_back_content_that_is_already_kept_does_not_delete_it(app, blob_store):
    objects = blob_store[2]
    content = _pdf(seed=b"shared")
    with app.app_context():
        with committing():
            sha256 = put_blob(content, "application/pdf")
        with pytest.raises(RuntimeError), committing():
            assert put_blob(content, "application/pdf") == sha256
            raise RuntimeError("a second letter with the same bytes fails")
        assert objects.read(sha256) == content
        assert get_blob(sha256) == content


def test_small_blobs_stay_in_the_database(app, blob_store):
    objects = blob_store[2]
    with app.app_context():
        with committing():
            sha256 = put_blob(b'{"small": true}', "application/json")
        assert objects.names() == set()
        assert get_blob(sha256) == b'{"small": true}'
