"""Fixtures of the audit tests; the PostgreSQL server comes from tests/postgres.py."""

from tests.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)
