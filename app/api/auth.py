"""API sign-in and sign-out (revocable bearer tokens); changing my password."""

from flask import request

from app.api import bp, current_token, current_user
from app.api import schemas as s
from app.services import auth


@bp.post("/auth/login")
@bp.arguments(s.LoginIn)
@bp.response(200, s.LoginOut)
def login(body):
    """Sign in and get a bearer token."""
    user = auth.authenticate(body["username"], body["password"], request.remote_addr)
    return {"token": auth.issue_api_token(user, request.remote_addr), "user": user}


@bp.post("/auth/logout")
@bp.response(204)
def logout():
    """Revoke this bearer token: it stops working at once."""
    auth.revoke_token(current_token())


@bp.post("/auth/password")
@bp.arguments(s.PasswordIn)
@bp.response(200, s.PasswordOut)
def change_password(body):
    """Change my password (required after an admin set it); older tokens end, a new one is given."""
    user = auth.change_password(current_user(), body["current_password"], body["new_password"])
    return {"token": auth.issue_api_token(user, request.remote_addr)}
