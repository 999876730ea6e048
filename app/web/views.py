"""Web views: the health check, the inbox, and what every page shows (navigation, labels, dates)."""

from flask import render_template, request
from flask_login import current_user, login_required

from app.domain.dates import tanggal, tanggal_iso, waktu
from app.domain.roles import READ_ONLY_ROLES, ROLE_LABELS, Role, role_label
from app.domain.status import STATUS_LABELS
from app.services import health, inbox
from app.services.residents import desk
from app.web import bp
from app.web.forms import ButtonForm


@bp.get("/healthz")
def healthz():
    """200 when the database answers."""
    health.check_database()
    return {"status": "ok"}


@bp.app_context_processor
def page_chrome():
    """Labels, date formats and the navigation's inbox count for every web template."""
    chrome = {
        "ROLE_LABELS": ROLE_LABELS,
        "role_label": role_label,
        "STATUS_LABELS": STATUS_LABELS,
        "waktu": waktu,
        "tanggal": tanggal,
        "tanggal_iso": tanggal_iso,
        "Role": Role,
        "inbox_count": None,
        "logout_form": None,
    }
    if current_user.is_authenticated:
        chrome["inbox_count"] = inbox.count_inbox(current_user)
        chrome["logout_form"] = ButtonForm()
    return chrome


@bp.get("/")
@login_required
def index():
    """Kotak masuk: the open tasks waiting for my role in my office, newest first."""
    if current_user.role in READ_ONLY_ROLES:
        return render_template("web/inbox.html", page=None, read_only=True)
    page = inbox.list_inbox(current_user, limit=20, cursor=request.args.get("cursor"))
    online = desk.list_online_requests(current_user) if not request.args.get("cursor") else []
    return render_template("web/inbox.html", page=page, read_only=False, online=online)
