"""A throwaway PostgreSQL server for tests; `postgres_url()` answers the URL of a fresh, empty
database, and `postgres_app` is the whole application on one (migrated by Alembic, demo-seeded).

Use it from any test package by importing the fixtures into its conftest.py (or list this module in
`pytest_plugins`):

    from tests.postgres import postgres_server, postgres_url  # noqa: F401

    def test_something(postgres_url):
        url = postgres_url()          # postgresql+psycopg://postgres@127.0.0.1:<port>/layang_test_<n>
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)

A test package that runs the app on PostgreSQL overrides the SQLite `app` fixture in its
conftest.py:

    from tests.postgres import postgres_app, postgres_server, postgres_url  # noqa: F401

    @pytest.fixture
    def app(postgres_app):
        return postgres_app

One server per test session (per xdist worker): Debian's `postgresql` package (`make system-deps`),
run as the `postgres` user when the tests run as root (initdb refuses root), listening on 127.0.0.1
only, on a free port, in a temporary directory that is removed afterwards; fsync is off (test data
only). Missing binaries fail the test under CI=true and skip it elsewhere (tests/tools.py).
"""

import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from flask_migrate import upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.services import demo
from tests.tools import tool_missing

_SERVER_SETTINGS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=50"
)


def find_bindir() -> Path:
    """The newest PostgreSQL server binaries (LAYANG_PG_BINDIR overrides); see tests/tools.py."""
    candidates = [os.environ.get("LAYANG_PG_BINDIR", "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p)],
        reverse=True,
    )
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).resolve().parent))
    for candidate in filter(None, candidates):
        if all((Path(candidate) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    tool_missing(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: run `make system-deps` "
        "(Debian package `postgresql`) or set LAYANG_PG_BINDIR."
    )
    raise AssertionError("unreachable: tool_missing fails or skips")


class PostgresServer:
    """One private cluster: start, hand out fresh databases, stop and remove."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix="layang-pg-"))
        self.data = self.base / "data"
        self.port: int | None = None
        self._names = itertools.count(1)
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.base, account.pw_uid, account.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}\n{tail}"
            )

    def start(self) -> "PostgresServer":
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        for _attempt in range(3):  # another process may take the free port between probe and start
            self.port = _free_port()
            try:
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.base / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"{_SERVER_SETTINGS} -c port={self.port} "
                    f"-c unix_socket_directories={self.base}",
                    "start",
                )
                return self
            except RuntimeError:
                continue
        raise RuntimeError(f"PostgreSQL did not start; see {self.base / 'server.log'}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = None) -> str:
        """A new database, empty or a copy of `template`; answers its SQLAlchemy URL."""
        name = f"layang_test_{next(self._names)}"
        copy = f' TEMPLATE "{template}"' if template else ""
        self._admin(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Remove a database made by create_database, closing whatever still uses it."""
        self._admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(statement)

    def stop(self) -> None:
        try:
            if self.port is not None:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """The session's PostgreSQL server (started on first use, removed at the end)."""
    server = PostgresServer(find_bindir())
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server):
    """A factory: each call creates a fresh database and answers its postgresql+psycopg:// URL."""
    return postgres_server.create_database


@pytest.fixture(scope="session")
def postgres_seeded(postgres_server, test_ca):
    """A factory: each call answers the URL of a fresh copy of one migrated, demo-seeded database.

    The template is built once per session by the Alembic migrations and the demo seed (as the
    SQLite template is); each copy is PostgreSQL's CREATE DATABASE ... TEMPLATE, a file copy.
    """
    template = postgres_server.create_database()
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=template)
    with application.app_context():
        upgrade()
        demo.seed_demo(test_ca[0])
        db.engine.dispose()
    return lambda: postgres_server.create_database(template=template.rsplit("/", 1)[1])


@pytest.fixture
def postgres_app(postgres_server, postgres_seeded, test_ca):
    """The application on a fresh PostgreSQL database, migrated by Alembic and demo-seeded."""
    url = postgres_seeded()
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, TRUST_ROOTS=[test_ca[1]])
    yield application
    with application.app_context():
        db.engine.dispose()
    postgres_server.drop_database(url)
