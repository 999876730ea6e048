"""Test data beyond the demo seed."""

from sqlalchemy import select

from app.extensions import db
from app.models import Office, User
from app.services.auth import hash_password
from app.services.internal.database import committing
from tests.conftest import PASSWORD


def add_user(
    app, username: str, role: str, office_code: str, full_name: str = "Pengguna Uji"
) -> None:
    """Create one more user with the demo password in an office of the demo kabupaten."""
    with app.app_context(), committing():
        office = db.session.scalar(select(Office).where(Office.code == office_code))
        db.session.add(
            User(
                username=username,
                password_hash=hash_password(PASSWORD),
                full_name=full_name,
                role=role,
                office=office,
                position="",
            )
        )
