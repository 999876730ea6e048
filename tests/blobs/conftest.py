"""Blob stores for the tests: a directory, and a real S3-compatible server (moto in server mode)."""

import pytest

from tests.s3 import BUCKET, empty_bucket, s3_bucket, s3_server  # noqa: F401  (fixtures)


class StoredObjects:
    """What an object store holds, read directly (not through Layang)."""

    def __init__(self, kind: str, names, read):
        self.kind, self._names, self._read = kind, names, read

    def names(self) -> set[str]:
        return set(self._names())

    def read(self, key: str) -> bytes:
        return self._read(key)


@pytest.fixture(params=["file", "s3"])
def blob_store(request, tmp_path):
    """(LAYANG_BLOB_STORE value, extra settings, StoredObjects) for a directory or an S3 bucket."""
    if request.param == "file":
        root = tmp_path / "blobs"
        objects = StoredObjects(
            "file",
            lambda: [p.name for p in root.rglob("*") if p.is_file()],
            lambda key: next(root.rglob(key)).read_bytes(),
        )
        return f"file://{root}", {}, objects
    client = request.getfixturevalue("s3_bucket")
    server = request.getfixturevalue("s3_server")
    objects = StoredObjects(
        "s3",
        lambda: [
            o["Key"].split("/")[-1]
            for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        ],
        lambda key: client.get_object(Bucket=BUCKET, Key=f"letters/{key}")["Body"].read(),
    )
    return f"s3://{BUCKET}/letters", {"S3_ENDPOINT_URL": server}, objects
