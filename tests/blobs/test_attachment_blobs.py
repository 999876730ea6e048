"""Residents' attachments are private blobs: in the database or an S3 bucket (a real S3 server,
moto), written before the request commits, shared by content, gone after retention, and never
left behind by a rollback."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import PrivateBlob, RequestAttachment, User
from app.models.base import utcnow
from app.services.internal.blobs import get_blob, put_blob
from app.services.internal.database import committing
from app.services.residents import desk, retention
from tests.audit.test_integrity import verify
from tests.residents.helpers import request_row, submitted_request
from tests.s3 import BUCKET
from tests.web import login_web

OTHER_NIK = "3316015507850003"


@pytest.fixture(params=["database", "s3"])
def store(request, make_app):
    """(app, objects in the bucket or None): attachments in the database, or in S3 over HTTP."""
    if request.param == "database":
        return make_app(), None
    client = request.getfixturevalue("s3_bucket")
    server = request.getfixturevalue("s3_server")
    app = make_app(BLOB_STORE=f"s3://{BUCKET}/layang", S3_ENDPOINT_URL=server)

    def objects() -> dict[str, bytes]:
        listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return {
            o["Key"].split("/")[-1]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read()
            for o in listed
        }

    return app, objects


def _attachment(app, tracking_code: str) -> tuple[int, str]:
    row = request_row(app, tracking_code)
    with app.app_context():
        attachment = db.session.scalar(
            db.select(RequestAttachment).where(RequestAttachment.request_id == row.id)
        )
        return attachment.id, attachment.sha256


def _stored(app, sha256: str) -> PrivateBlob | None:
    with app.app_context():
        blob = db.session.get(PrivateBlob, sha256)
        if blob is not None:
            db.session.refresh(blob, ["content"])
            db.session.expunge(blob)
        return blob


def _reject_and_purge(app, tracking_code: str) -> int:
    row = request_row(app, tracking_code)
    with app.app_context():
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        desk.reject_request(operator, row.id, "Bukan warga Desa Bogem.")
        later = utcnow() + timedelta(days=app.config["ATTACHMENT_RETENTION_DAYS"] + 1)
        return retention.purge_expired_attachments(later)


def test_an_attachment_is_a_private_blob_until_retention_deletes_it(store):
    app, objects = store
    client = app.test_client()
    answer = submitted_request(app, client)
    attachment_id, sha256 = _attachment(app, answer["tracking_code"])
    official = app.test_client()
    login_web(official, "operator.bogem")
    shown = official.get(f"/lampiran/{attachment_id}").get_data()
    assert shown.startswith(b"\xff\xd8")  # the re-encoded JPEG
    blob = _stored(app, sha256)
    assert blob is not None and blob.size == len(shown)
    if objects is None:
        assert blob.content == shown  # in the database row
    else:
        assert blob.content is None and objects() == {f"{sha256}.private": shown}

    assert _reject_and_purge(app, answer["tracking_code"]) == 1
    assert _stored(app, sha256) is None
    assert objects is None or objects() == {}
    assert official.get(f"/lampiran/{attachment_id}").status_code == 404
    assert verify(app).exit_code == 0


def test_the_same_photo_stays_while_another_request_still_needs_it(store):
    app, objects = store
    client = app.test_client()
    first = submitted_request(app, client)
    second = submitted_request(app, client, nik=OTHER_NIK)
    first_id, sha256 = _attachment(app, first["tracking_code"])
    second_id, same = _attachment(app, second["tracking_code"])
    assert same == sha256  # one blob for both

    assert _reject_and_purge(app, first["tracking_code"]) == 1
    official = app.test_client()
    login_web(official, "operator.bogem")
    assert official.get(f"/lampiran/{first_id}").status_code == 404
    kept = official.get(f"/lampiran/{second_id}")
    assert kept.status_code == 200 and _stored(app, sha256) is not None
    assert objects is None or objects() == {f"{sha256}.private": kept.get_data()}


def test_a_rolled_back_upload_leaves_no_bytes_behind(store):
    app, objects = store
    photo = b"\xff\xd8" + bytes(range(256)) * 40
    with app.app_context():
        with pytest.raises(RuntimeError), committing():
            sha256 = put_blob(photo, "image/jpeg", private=True)
            assert objects is None or f"{sha256}.private" in objects()  # before the commit
            raise RuntimeError("the request could not be saved")
        assert get_blob(sha256, private=True) is None
        assert db.session.get(PrivateBlob, sha256) is None
    assert objects is None or objects() == {}
