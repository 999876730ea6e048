"""The API's one error format: {"error": {"code", "message", "fields"}}, never HTML, never a stack trace."""

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from app.api import bp
from app.domain import errors

log = logging.getLogger(__name__)

STATUS = {
    errors.InvalidInput: 400,
    errors.AuthenticationFailed: 401,
    errors.NotAllowed: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.RuleRefused: 422,
    errors.WorkflowError: 422,
}

_HTTP_CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    500: "internal_error",
}


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    """A JSON error answer in the contract's format."""
    return jsonify({"error": {"code": code, "message": message, "fields": fields or {}}}), status


def status_of(error: errors.DomainError) -> int:
    """The HTTP status that answers a domain error."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


@bp.errorhandler(errors.DomainError)
def handle_domain_error(error: errors.DomainError):
    return error_response(status_of(error), error.code, error.message, error.fields)


def handle_http_exception(error: HTTPException):
    """JSON for API paths (webargs validation errors become 400 with per-field messages); HTML elsewhere."""
    if not request.path.startswith("/api/"):
        return error
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        fields = {}
        for (
            location,
            found,
        ) in messages.items():  # {"json": {"field": [...]}} or {"json": ["Invalid JSON body."]}
            fields.update(found if isinstance(found, dict) else {location: found})
        return error_response(400, "invalid_input", "Periksa kembali isian yang ditandai.", fields)
    status = error.code or 500
    return error_response(status, _HTTP_CODES.get(status, "error"), error.description or error.name)


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
