"""The one JSON error format, `{"error": {"code", "message", "fields"}}`, shared by the API and the
web pages that answer JSON (the modeler, bulk signing)."""

from flask import jsonify
from sqlalchemy.exc import OperationalError

from app.domain import errors

# The database does not answer (restarting, unreachable): 503 with Retry-After, never a 500.
DatabaseUnavailable = OperationalError
DATABASE_RETRY_SECONDS = 5

STATUS = {
    errors.InvalidInput: 400,
    errors.AuthenticationFailed: 401,
    errors.NotAllowed: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.RuleRefused: 422,
    errors.WorkflowError: 422,
    errors.DocumentTooComplex: 422,
    errors.TooManyAttempts: 429,
}

HTTP_CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_attempts",
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


def domain_error_response(error: errors.DomainError):
    """A domain error as a JSON error answer (with Retry-After when it is a rate limit)."""
    response, status = error_response(status_of(error), error.code, error.message, error.fields)
    if isinstance(error, errors.TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after)
    return response, status
