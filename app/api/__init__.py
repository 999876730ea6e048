"""The JSON API under /api/v1 (see SPEC.md): bearer-token authentication, one error format."""

from flask import Flask, g, request
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser

from app.domain.errors import AuthenticationFailed, PasswordChangeRequired


class _Parser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400  # bad input is 400 in our contract, not webargs' 422


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = _Parser()


bp = ApiBlueprint("api", __name__, url_prefix="/api/v1", description="Layang e-surat API")

PUBLIC_ENDPOINTS = {
    "api.login",
    "api.verify_by_code",
    "api.verify_upload",
    # a resident's online request and tracking (app/api/public.py)
    "api.public_track",
    "api.public_letter_types",
    "api.public_request_create",
    "api.public_request_confirm",
}
# What a user whose password an admin set may still call: changing it.
OPEN_WHILE_FORCED = {"api.change_password"}


@bp.before_request
def authenticate_bearer():
    """Every call but sign-in carries `Authorization: Bearer <token>`."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    from app.services.auth import user_for_token

    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthenticationFailed("Masuk terlebih dahulu (Authorization: Bearer <token>).")
    g.api_user = user_for_token(token.strip())
    if g.api_user.must_change_password and request.endpoint not in OPEN_WHILE_FORCED:
        raise PasswordChangeRequired(
            "Ganti kata sandi awal Anda dahulu (POST /api/v1/auth/password)."
        )


def current_user():
    """The user the bearer token belongs to."""
    return g.api_user


def register_api(app: Flask) -> None:
    """Bind flask-smorest, the routes and the JSON error format to the app."""
    # Importing the view modules attaches their views to bp.
    from app.api import (  # noqa: F401
        audit,
        auth,
        certificates,
        delegations,
        imports,
        letters,
        notifications,
        offices,
        public,
        route_admin,
        tasks,
        verify,
    )
    from app.api.errors import register_error_handlers  # also attaches the blueprint's handlers
    from app.api.schemas import ErrorOut, configure_spec
    from app.extensions import api

    api.ERROR_SCHEMA = ErrorOut  # error responses in the OpenAPI document use our format
    api.init_app(app, spec_kwargs={"security": [{"bearer": []}]})
    configure_spec(api)
    api.register_blueprint(bp)
    register_error_handlers(app)
