"""Signing in and out of the web UI (session cookie, Flask-Login)."""

from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.domain.errors import AuthenticationFailed, TooManyAttempts
from app.domain.roles import Role
from app.extensions import login_manager
from app.models import User
from app.services import auth, demo, sessions
from app.web import bp
from app.web.errors import refusal_status
from app.web.forms import ButtonForm, LoginForm

_SESSION_KEY = "layang_session"  # the secret of the server-side session (services/sessions.py)

login_manager.login_view = "web.login"
login_manager.login_message = "Silakan masuk terlebih dahulu."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user of this browser, while their server-side session lives."""
    try:
        user = sessions.user_for_secret(session.get(_SESSION_KEY), sessions.WEB)
    except AuthenticationFailed:
        session.pop(_SESSION_KEY, None)
        return None
    return user if user.get_id() == user_id else None


def sign_in(user: User) -> None:
    """Start a new server-side session for this browser (nothing from before carries over)."""
    session.clear()  # no session fixation
    session[_SESSION_KEY] = sessions.start_session(user, sessions.WEB, request.remote_addr)
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("web.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = auth.authenticate(form.username.data, form.password.data, request.remote_addr)
        except AuthenticationFailed as error:
            flash(error.message, "error")
        except TooManyAttempts as error:
            flash(error.message, "error")
            status = refusal_status(error)
        else:
            sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
    demo_users = demo.USERS if current_app.config.get("SHOW_DEMO_LOGINS") else None
    return render_template(
        "web/login.html",
        form=form,
        demo_users=demo_users,
        demo_password=demo.DEMO_PASSWORD,
        demo_passphrase=demo.DEMO_PASSPHRASE,
    ), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST with CSRF, so no other site can sign anyone out)."""
    if ButtonForm().validate_on_submit():
        sessions.end_session(session.pop(_SESSION_KEY, None))
        logout_user()
        flash("Anda sudah keluar.", "info")
    return redirect(url_for("web.login"))


def _safe_next(target: str | None) -> str:
    """Go back where the login prompt came from, but only within this site."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and target.isprintable()  # no CR/LF (header splitting) or other control characters
        ):
            return target
    return url_for("web.index")


def role_required(role: str, message: str):
    """A view decorator: signed in with `role`, or a 403 page saying `message`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role != role:
                return render_template(
                    "web/error.html", title="Tidak diizinkan", message=message
                ), 403
            return view(*args, **kwargs)

        return wrapper

    return decorator


admin_required = role_required(Role.ADMIN_KABUPATEN, "Halaman ini hanya untuk admin kabupaten.")
auditor_required = role_required(Role.AUDITOR, "Halaman ini hanya untuk auditor Inspektorat.")
