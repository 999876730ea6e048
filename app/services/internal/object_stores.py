"""Where blob bytes live outside the database: a directory, or S3-compatible object storage.

An object store keeps immutable bytes under a key (the blob's SHA-256); writes are idempotent.
`LAYANG_BLOB_STORE` picks one: `database` (none: bytes stay in the blob rows), `file:///path`, or
`s3://bucket/prefix` (endpoint `LAYANG_S3_ENDPOINT_URL`, region `LAYANG_S3_REGION`; credentials
from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
"""

import os
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse


class ObjectStore(Protocol):
    def put(self, key: str, content: bytes) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...


class FilesystemStore:
    """Objects as files under a root directory, fanned out by the key's first characters."""

    def __init__(self, root: str):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key[2:4] / key

    def put(self, key: str, content: bytes) -> None:
        """Write the object atomically (a temporary file renamed into place, synced first)."""
        path = self._path(key)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Store:
    """Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...), under an optional prefix."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, **client):
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}),
            **client,
        )

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, content: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=content)

    def get(self, key: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))


def object_store_for(config) -> ObjectStore | None:
    """The object store named by config["BLOB_STORE"], or None for `database`."""
    location = config.get("BLOB_STORE") or "database"
    if location == "database":
        return None
    parsed = urlparse(location)
    if parsed.scheme == "file":
        return FilesystemStore(parsed.path)
    if parsed.scheme == "s3":
        return S3Store(
            parsed.netloc,
            parsed.path,
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region_name=config.get("S3_REGION") or "us-east-1",
        )
    raise ValueError(
        f"LAYANG_BLOB_STORE must be database, file:///path or s3://bucket: {location!r}"
    )
