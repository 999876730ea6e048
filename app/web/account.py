"""My account: changing my password, which is forced after an admin creates or resets it."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.domain.errors import InvalidInput
from app.services import auth
from app.web import bp
from app.web.auth import sign_in

# Pages a user who must change their password can still reach.
OPEN_WHILE_FORCED = {"web.change_password", "web.logout", "web.login", "web.static", "web.healthz"}


@bp.before_app_request
def force_password_change():
    """Until an official replaces the password an admin gave them, every page leads to the form."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.blueprint == "web"
        and request.endpoint not in OPEN_WHILE_FORCED
    ):
        return redirect(url_for("web.change_password"))
    return None


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change my password (current one, new one twice)."""
    errors: dict = {}
    if request.method == "POST":
        form = request.form
        try:
            user = auth.change_password(
                current_user, form.get("current", ""), form.get("new", ""), form.get("repeat", "")
            )
        except InvalidInput as error:
            flash(error.message, "error")
            errors = error.fields
        else:
            sign_in(user)  # the change ended every session; this browser gets a new one
            flash("Kata sandi sudah diganti.", "success")
            return redirect(url_for("web.index"))
    return render_template(
        "web/password.html", errors=errors, forced=current_user.must_change_password
    )
