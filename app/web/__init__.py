"""The web UI for people (server-rendered, Bahasa Indonesia)."""

from flask import Blueprint, Flask

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/web",
)


def register_web(app: Flask) -> None:
    """Attach the views, error handlers and login loader to bp, and mount it on the app."""
    from app.web import (  # noqa: F401  (importing a module registers its views)
        account,
        audit,
        auth,
        bulk,
        certificates,
        cuti_bersama,
        delegations,
        errors,
        import_admin,
        letter_type_admin,
        letters,
        notifications,
        office_admin,
        official_admin,
        online_desk,
        residents,
        rollout_page,
        route_admin,
        tasks,
        verify,
        views,
    )

    app.register_blueprint(bp)
