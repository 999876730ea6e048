"""The residents' journeys on a real PostgreSQL server, migrated and demo-seeded."""

import pytest

from tests.postgres import postgres_app, postgres_server, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture
def app(postgres_app):  # noqa: F811  (the fixture of that name, asked for)
    """The application on a fresh PostgreSQL database (overrides the SQLite `app` fixture here)."""
    return postgres_app
