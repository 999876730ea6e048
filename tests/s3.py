"""A real S3-compatible server for tests (moto in server mode, over HTTP on 127.0.0.1), and empty
buckets on it.

Use it from any test package by importing the fixtures into its conftest.py:

    from tests.s3 import empty_bucket, s3_bucket, s3_server  # noqa: F401

`s3_server` is the endpoint URL (LAYANG_S3_ENDPOINT_URL), `s3_bucket` a boto3 client with the
bucket `BUCKET` emptied, `empty_bucket(name)` empties (or makes) any other bucket.
"""

import socket
from collections.abc import Callable

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
def empty_bucket(s3_server, monkeypatch) -> Callable:
    """`empty_bucket(name)`: that bucket on the S3 server, made or emptied; answers a boto3 client
    that reads it (the app finds the same credentials in its environment)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "layang-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "layang-test-secret")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")

    def empty(name: str):
        if name in {b["Name"] for b in client.list_buckets()["Buckets"]}:
            for item in client.list_objects_v2(Bucket=name).get("Contents", []):
                client.delete_object(Bucket=name, Key=item["Key"])
        else:
            client.create_bucket(Bucket=name)
        return client

    return empty


@pytest.fixture
def s3_bucket(empty_bucket):
    """The empty bucket `BUCKET`; answers a boto3 client that reads it."""
    return empty_bucket(BUCKET)
