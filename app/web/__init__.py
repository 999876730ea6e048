"""The web UI for people (server-rendered, Bahasa Indonesia)."""

from flask import Blueprint

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/web",
)

# Importing the modules attaches their views, error handlers and the login loader to bp.
from app.web import (
    admin,
    admin_letter_types,
    audit,
    auth,
    bulk,
    certificates,
    delegations,
    errors,  # noqa: F401
    letters,
    tasks,
    verify,
    views,
)
