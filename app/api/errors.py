"""How the API answers errors: always the JSON error format (app/http_errors.py), never HTML or a
stack trace."""

import logging

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from app.api import bp
from app.domain import errors
from app.http_errors import (
    DATABASE_RETRY_SECONDS,
    HTTP_CODES,
    DatabaseUnavailable,
    domain_error_response,
    error_response,
)

log = logging.getLogger(__name__)


@bp.errorhandler(errors.DomainError)
def handle_domain_error(error: errors.DomainError):
    return domain_error_response(error)


def handle_http_exception(error: HTTPException):
    """JSON for API paths (webargs validation errors become 400 with per-field messages); HTML
    elsewhere."""
    if not request.path.startswith("/api/"):
        return error_page(error)
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        fields = {}
        # {"json": {"field": [...]}} or {"json": ["Invalid JSON body."]}
        for location, found in messages.items():
            fields.update(found if isinstance(found, dict) else {location: found})
        return error_response(400, "invalid_input", "Periksa kembali isian yang ditandai.", fields)
    status = error.code or 500
    return error_response(status, HTTP_CODES.get(status, "error"), _words(error)[1])


@bp.errorhandler(Exception)
def handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):  # the blueprint's catch-all would otherwise shadow them
        return handle_http_exception(error)
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return error_response(
        500, "internal_error", "Terjadi kesalahan pada server. Silakan coba lagi."
    )


# The web's error pages, in the words of the people who use it (Werkzeug's own are English).
_PAGES = {
    400: (
        "Permintaan tidak valid",
        "Permintaan tidak dapat diproses. Periksa isian lalu coba lagi.",
    ),
    403: ("Tidak diizinkan", "Anda tidak memiliki akses ke halaman ini."),
    404: ("Tidak ditemukan", "Halaman yang Anda cari tidak ada."),
    405: ("Cara akses tidak diizinkan", "Halaman ini tidak dapat dibuka dengan cara tersebut."),
    413: ("Berkas terlalu besar", "Berkas yang dikirim melebihi batas ukuran yang diizinkan."),
    429: (
        "Terlalu banyak permintaan",
        "Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.",
    ),
    500: ("Terjadi kesalahan", "Terjadi kesalahan pada server. Silakan coba lagi beberapa saat."),
    503: (
        "Layanan sedang tidak tersedia",
        "Layanan sedang tidak tersedia. Coba lagi sebentar lagi.",
    ),
}


def error_page(error: HTTPException):
    """An HTML error page in Bahasa Indonesia for web addresses."""
    title, message = _words(error)
    response = error.get_response()
    response.set_data(render_template("web/error.html", title=title, message=message))
    response.mimetype = "text/html"
    return response


def _words(error: HTTPException) -> tuple[str, str]:
    """Title and message of an HTTP error in Bahasa Indonesia (Werkzeug's defaults are English)."""
    status = error.code or 500
    title, message = _PAGES.get(status, _PAGES[500] if status >= 500 else _PAGES[400])
    if error.description and error.description != type(error).description:
        message = error.description  # a message of ours (Indonesian), not Werkzeug's default
    return title, message


def handle_internal_error(error: InternalServerError):
    """A crash: the JSON error format on the API, an Indonesian page on the web; never a trace."""
    original = getattr(error, "original_exception", None)
    if original is not None:
        log.error("Unhandled error on %s %s", request.method, request.path, exc_info=original)
    if request.path.startswith("/api/"):
        return error_response(500, "internal_error", _PAGES[500][1])
    return error_page(error)


@bp.errorhandler(DatabaseUnavailable)  # else the blueprint's catch-all would answer 500
def handle_database_unavailable(error: DatabaseUnavailable):
    """The database does not answer (restarting, unreachable): 503 with Retry-After, never a 500.

    The connection pool checks connections before use (pool_pre_ping), so once the database is
    back the next request reconnects by itself.
    """
    log.error("database unavailable on %s %s: %s", request.method, request.path, error.orig)
    if request.path.startswith("/api/"):
        response, status = error_response(503, "service_unavailable", _PAGES[503][1])
    else:
        response = error_page(ServiceUnavailable())
        status = 503
    response.headers["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return response, status


def register_error_handlers(app: Flask) -> None:
    """Install the JSON error format app-wide; replaces flask-smorest's own HTTP error handler."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_internal_error)
    app.register_error_handler(DatabaseUnavailable, handle_database_unavailable)
