"""The whole app on a real PostgreSQL server: migrated by Alembic, seeded with the demo data."""

import pytest

from tests.postgres import postgres_app, postgres_server, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture
def app(postgres_app):  # noqa: F811  (the imported fixture, requested by name)
    """The application on a fresh PostgreSQL database (overrides the SQLite `app` fixture here)."""
    return postgres_app
