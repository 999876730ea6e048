"""Request and response hardening shared by the web UI and the API.

- ids in URLs are 64-bit: a larger number is a 404, never an overflow in the database driver;
- a NUL byte anywhere a string can come from (path, query, form, JSON) is a 400: PostgreSQL refuses
  it in text and no field of Layang has a use for it.
"""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1
NUL_REFUSED = "Permintaan memuat karakter NUL yang tidak diizinkan."


class Int64Converter(IntegerConverter):
    """`<int:...>` limited to what a BIGINT column holds; anything larger matches no route (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Install the converter (before any blueprint adds its routes) and the request checks."""
    app.url_map.converters["int"] = Int64Converter
    app.before_request(refuse_nul_bytes)


def refuse_nul_bytes() -> None:
    """400 for a NUL byte in the path, the query string, form fields or a JSON body."""
    if "\x00" in request.path or b"%00" in request.query_string.lower():
        abort(400, description=NUL_REFUSED)
    if request.method in ("POST", "PUT", "PATCH"):
        if request.is_json and b"\\u0000" in request.get_data(cache=True):
            abort(400, description=NUL_REFUSED)
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            if any("\x00" in value for value in request.form.values()):
                abort(400, description=NUL_REFUSED)
