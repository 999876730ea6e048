"""Shared fixtures: an app on a fresh, migrated, demo-seeded database per test, and API helpers.

Every test that uses `app` (or `make_app`) runs twice: on SQLite (`[sqlite]`) and on PostgreSQL
(`[postgresql]`, a throwaway server from tests/postgres.py).
"""

import shutil
from dataclasses import dataclass

import pytest
from flask_migrate import upgrade
from hypothesis import HealthCheck, settings

import signing
from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.services import demo
from tests.postgres import (  # noqa: F401  (fixtures)
    postgres_app,
    postgres_seeded,
    postgres_server,
    postgres_url,
)
from tests.tools import fail_on_skips_in_ci, in_ci

PASSWORD = demo.DEMO_PASSWORD
PASSPHRASE = demo.DEMO_PASSPHRASE

# Hypothesis: no per-example deadline on this shared 2-core machine; CI uses Hypothesis's own "ci"
# profile (derandomized, no example database), which it loads itself when CI is set.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
if not in_ci():
    settings.load_profile("dev")


def pytest_sessionfinish(session):
    """Under CI=true a skipped test fails the run (tests/tools.py)."""
    fail_on_skips_in_ci(session)


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory) -> tuple[signing.CertificateAuthority, str]:
    """A throwaway CA made for this test run, and the path of its certificate."""
    ca = signing.create_ca("Layang Test CA")
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    path.write_bytes(ca.certificate_pem)
    return ca, str(path)


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory, test_ca) -> str:
    """A SQLite file built by the Alembic migrations and seeded with the demo data, made once."""
    path = tmp_path_factory.mktemp("template") / "layang.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        demo.seed_demo(test_ca[0])
        db.engine.dispose()
    return str(path)


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_copy(request, tmp_path, seeded_database):
    """A factory: each call answers the URL of a fresh copy of the seeded demo database.

    Parametrized: SQLite files copied from the template, or PostgreSQL databases copied from theirs.
    """
    made = []
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")
        template = request.getfixturevalue("postgres_seeded")

        def copy() -> str:
            made.append(template())
            return made[-1]

        yield copy
        for url in made:
            server.drop_database(url)
        return

    def copy() -> str:
        path = tmp_path / f"layang-{len(made) + 1}.db"
        shutil.copyfile(seeded_database, path)
        made.append(path)
        return f"sqlite:///{path}"

    yield copy


@pytest.fixture
def app(seeded_copy, test_ca):
    """The application on its own copy of the seeded database; nothing leaks between tests."""
    application = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=seeded_copy(), TRUST_ROOTS=[test_ca[1]]
    )
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class ApiClient:
    """A test client speaking the JSON API as one signed-in user."""

    client: object
    token: str
    username: str

    def _headers(self, extra=None):
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path, **kw):
        return self.client.get(
            "/api/v1" + path, headers=self._headers(kw.pop("headers", None)), **kw
        )

    def post(self, path, json=None, **kw):
        return self.client.post(
            "/api/v1" + path,
            json=json if json is not None else {},
            headers=self._headers(kw.pop("headers", None)),
            **kw,
        )

    def patch(self, path, json=None, **kw):
        return self.client.patch(
            "/api/v1" + path, json=json, headers=self._headers(kw.pop("headers", None)), **kw
        )

    def delete(self, path, **kw):
        return self.client.delete(
            "/api/v1" + path, headers=self._headers(kw.pop("headers", None)), **kw
        )


@pytest.fixture
def api_as(client):
    """api_as("kades.bogem") signs in through the API and returns an ApiClient for that user."""

    def sign_in(username: str, password: str = PASSWORD) -> ApiClient:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        return ApiClient(client, response.get_json()["token"], username)

    return sign_in


SKTM = {
    "type": "SKTM",
    "applicant": {"nik": "3316011201900001", "name": "Budi Santoso"},
    "fields": {
        "tempat_lahir": "Blora",
        "tanggal_lahir": "1990-01-12",
        "pekerjaan": "Buruh tani",
        "alamat": "RT 02 RW 01 Desa Bogem",
        "penghasilan": 900000,
        "keperluan": "beasiswa sekolah anak",
    },
}
SKD = {
    "type": "SKD",
    "applicant": {"nik": "3316015507850002", "name": "Sri Rahayu"},
    "fields": {
        "tempat_lahir": "Blora",
        "tanggal_lahir": "1985-07-15",
        "alamat": "RT 01 RW 03 Desa Bogem",
        "keperluan": "melamar pekerjaan",
    },
}


@pytest.fixture
def sktm():
    return SKTM


@pytest.fixture
def skd():
    return SKD


@pytest.fixture
def make_app(seeded_copy, test_ca):
    """make_app(**settings): another app on its own copy of the seeded database."""
    made = []

    def build(**settings):
        settings.setdefault("TRUST_ROOTS", [test_ca[1]])
        application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=seeded_copy(), **settings)
        made.append(application)
        return application

    yield build
    for application in made:
        with application.app_context():
            db.engine.dispose()
