"""The JSON API under /api/v1 (see SPEC.md): bearer-token authentication, one error format."""

from flask import Flask, g, request
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser

from app.domain.errors import (
    AuthenticationFailed,
    InvalidInput,
    NotAllowed,
    PasswordChangeRequired,
)
from app.domain.roles import DELEGABLE, SIGNER_ROLES, Role


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

_ADMIN = {Role.ADMIN_KABUPATEN}
# Calls with a body that only some roles may make: the role is checked before the body is read,
# so a stranger to the call learns nothing from validation messages (the services check again).
ROLE_GATES = {
    "api.import_route": _ADMIN,
    "api.validate_route": _ADMIN,
    "api.save_version": _ADMIN,
    "api.deploy": _ADMIN,
    "api.migrate": _ADMIN,
    "api.create_letter_type": _ADMIN,
    "api.update_letter_type": _ADMIN,
    "api.upload_certificate": _ADMIN,
    "api.revoke_certificate": _ADMIN,
    "api.import_spreadsheet": _ADMIN,
    "api.create_office": _ADMIN,
    "api.update_office": _ADMIN,
    "api.put_logo": _ADMIN,
    "api.create_user": _ADMIN,
    "api.update_user": _ADMIN,
    "api.deactivate_user": _ADMIN,
    "api.reset_password": _ADMIN,
    "api.create_cuti_bersama": _ADMIN,
    "api.create_letter": {Role.OPERATOR_DESA},
    "api.bulk_sign": SIGNER_ROLES,
    "api.create_delegation": set(DELEGABLE),
}


@bp.before_request
def authenticate_bearer():
    """Every call but sign-in carries `Authorization: Bearer <token>`."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    from app.services.auth import user_for_token

    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthenticationFailed("Masuk terlebih dahulu (Authorization: Bearer <token>).")
    g.api_token = token.strip()
    g.api_user = user_for_token(g.api_token)
    if g.api_user.must_change_password and request.endpoint not in OPEN_WHILE_FORCED:
        raise PasswordChangeRequired(
            "Ganti kata sandi awal Anda dahulu (POST /api/v1/auth/password)."
        )
    allowed = ROLE_GATES.get(request.endpoint or "")
    if allowed is not None and g.api_user.role not in allowed:
        raise NotAllowed("Peran Anda tidak dapat melakukan ini.")
    if request.is_json and request.method in ("POST", "PUT", "PATCH"):
        body = request.get_json(silent=True)
        if body is not None and not isinstance(body, dict):
            raise InvalidInput(
                "Badan permintaan harus berupa objek JSON.", fields={"json": ["Harus objek JSON."]}
            )


def current_token() -> str:
    """The bearer token of this call."""
    return g.api_token


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
        cuti_bersama,
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
