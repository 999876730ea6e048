"""Request and response hardening shared by the web UI and the API.

- ids in URLs fit the id columns (models.base.MAX_ID): a larger number is a 404, never an
  overflow in the database driver;
- a NUL byte anywhere a string can come from (path, query, form, JSON) is a 400: PostgreSQL refuses
  it in text and no field of Layang has a use for it;
- every response carries the security headers (CSP without inline script, no framing, nosniff,
  Referrer-Policy, Permissions-Policy, HSTS behind HTTPS) and `no-store` unless it is a static
  asset: pages and API answers carry personal data (NIKs, names, addresses);
- the Server header names no software version.
"""

from flask import Flask, Response, abort, current_app, request
from werkzeug.routing import IntegerConverter

from app.models.base import MAX_ID

NUL_REFUSED = "Permintaan memuat karakter NUL yang tidak diizinkan."


class RowIdConverter(IntegerConverter):
    """`<int:...>` limited to what an id column holds; anything larger matches no route (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script, no eval: templates load static files only
        "style-src 'self' 'unsafe-inline'",  # bpmn-js sets inline styles on its diagram
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_CACHEABLE_PREFIXES = ("/static/",)


def init_app(app: Flask) -> None:
    """Install the converter (before any blueprint adds its routes) and the request checks."""
    app.url_map.converters["int"] = RowIdConverter
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """The headers every answer carries (a view's own stricter choices are kept)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not request.path.startswith(_CACHEABLE_PREFIXES) and "/assets/" not in request.path:
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Pragma", "no-cache")
    response.headers["Server"] = "Layang"  # Werkzeug would name itself and the Python version
    return response


def bpmn_download(version) -> Response:
    """A route version's BPMN file as a download, never rendered by the browser.

    A BPMN file is XML an admin uploaded; shown inline, a browser would run any XHTML script
    element in it. As an attachment, with nosniff and a sandboxing CSP, it is only ever a file.
    """
    filename = f"route-{version.route_id}-v{version.number}.bpmn"
    return Response(
        version.bpmn_xml,
        mimetype="application/xml",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Security-Policy": "sandbox; default-src 'none'",
        },
    )


def refuse_nul_bytes() -> None:
    """400 for a NUL byte in the path, the query string, form fields or a JSON body."""
    if "\x00" in request.path or b"%00" in request.query_string.lower():
        abort(400, description=NUL_REFUSED)
    if request.method in ("POST", "PUT", "PATCH"):
        if request.is_json and b"\\u0000" in request.get_data(cache=True):
            abort(400, description=NUL_REFUSED)
        if request.mimetype in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ) and any("\x00" in value for value in request.form.values()):
            abort(400, description=NUL_REFUSED)
