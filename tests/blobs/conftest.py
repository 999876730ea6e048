"""Blob stores for the tests: a directory, and a real S3-compatible server (moto in server mode)."""

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

BUCKET = "layang-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible HTTP server on 127.0.0.1 (moto), for the whole session; answers its URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, monkeypatch):
    """An empty bucket on the S3 server; answers a boto3 client that reads it."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "layang-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "layang-test-secret")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    for item in (
        client.list_objects_v2(Bucket=BUCKET).get("Contents", []) if _exists(client) else []
    ):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    if not _exists(client):
        client.create_bucket(Bucket=BUCKET)
    return client


def _exists(client) -> bool:
    return BUCKET in {b["Name"] for b in client.list_buckets()["Buckets"]}


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
