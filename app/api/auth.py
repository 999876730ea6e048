"""API sign-in: a bearer token for a username and password; changing my password."""

from app.api import bp, current_user
from app.api import schemas as s
from app.services import auth


@bp.post("/auth/login")
@bp.arguments(s.LoginIn)
@bp.response(200, s.LoginOut)
def login(body):
    """Sign in and get a bearer token."""
    user = auth.authenticate(body["username"], body["password"])
    return {"token": auth.issue_api_token(user), "user": user}


@bp.post("/auth/password")
@bp.arguments(s.PasswordIn)
@bp.response(200, s.PasswordOut)
def change_password(body):
    """Change my password (required after an admin set it); older tokens end, a new one is given."""
    user = auth.change_password(current_user(), body["current_password"], body["new_password"])
    return {"token": auth.issue_api_token(user)}
