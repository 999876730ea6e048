"""How the API answers errors: always the JSON error format (app/http_errors.py), never HTML or a
stack trace."""

import logging

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from app.api import bp
from app.domain import errors
from app.http_errors import HTTP_CODES, domain_error_response, error_response

log = logging.getLogger(__name__)


@bp.errorhandler(errors.DomainError)
def handle_domain_error(error: errors.DomainError):
    return domain_error_response(error)


def handle_http_exception(error: HTTPException):
    """JSON for API paths (webargs validation errors become 400 with per-field messages); HTML
    elsewhere."""
    if not request.path.startswith("/api/"):
        return error
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        fields = {}
        # {"json": {"field": [...]}} or {"json": ["Invalid JSON body."]}
        for location, found in messages.items():
            fields.update(found if isinstance(found, dict) else {location: found})
        return error_response(400, "invalid_input", "Periksa kembali isian yang ditandai.", fields)
    status = error.code or 500
    return error_response(status, HTTP_CODES.get(status, "error"), error.description or error.name)


@bp.errorhandler(Exception)
def handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):  # the blueprint's catch-all would otherwise shadow them
        return handle_http_exception(error)
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return error_response(
        500, "internal_error", "Terjadi kesalahan pada server. Silakan coba lagi."
    )


def register_error_handlers(app: Flask) -> None:
    """Install the JSON error format app-wide; replaces flask-smorest's own HTTP error handler."""
    app.register_error_handler(HTTPException, handle_http_exception)
