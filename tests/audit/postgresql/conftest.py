"""The audit tests that need PostgreSQL: the app on a fresh database, migrated by Alembic, demo-seeded."""
import pytest
from flask_migrate import upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.services import demo


@pytest.fixture
def app(postgres_url, test_ca):
    """The application on a fresh PostgreSQL database (overrides the SQLite `app` fixture here)."""
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=postgres_url(), TRUST_ROOTS=[test_ca[1]])
    with application.app_context():
        upgrade(revision="heads")
        demo.seed_demo(test_ca[0])
    yield application
    with application.app_context():
        db.engine.dispose()
