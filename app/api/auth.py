"""API sign-in and sign-out: a revocable bearer token for a username and password."""

from flask import request

from app.api import bp, current_token
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
