"""Health of the service for load balancers and monitors."""

from sqlalchemy import text

from app.extensions import db


def check_database() -> None:
    """Raise when the database does not answer."""
    db.session.execute(text("SELECT 1"))
