"""Hardening tests that must hold on PostgreSQL too (strict text columns and types)."""

import pytest
from flask_migrate import upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.services import demo
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def shared_postgres_app(postgres_url, test_ca):  # noqa: F811  (the fixture imported above)
    """One migrated, demo-seeded PostgreSQL database for a whole module of read-mostly tests."""
    application = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=postgres_url(), TRUST_ROOTS=[test_ca[1]]
    )
    with application.app_context():
        upgrade()
        demo.seed_demo(test_ca[0])
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def app(shared_postgres_app):
    """The application on PostgreSQL (overrides the SQLite `app` fixture here)."""
    return shared_postgres_app
