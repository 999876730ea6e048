"""Audit tests on PostgreSQL: the app on a fresh database, migrated by Alembic, demo-seeded."""

import pytest

from tests.postgres import postgres_app  # noqa: F401  (fixture; the server comes with tests/audit/conftest.py)


@pytest.fixture
def app(postgres_app):  # noqa: F811  (the imported fixture, requested by name)
    """The application on a fresh PostgreSQL database (overrides the SQLite `app` fixture here)."""
    return postgres_app
