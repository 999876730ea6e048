"""Official pages for admin_kabupaten: list, create, edit (mutasi), deactivate, reset password."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.errors import InvalidInput
from app.domain.roles import ROLE_LABELS, Role
from app.services import offices, officials
from app.web import bp
from app.web.auth import admin_required

FIELDS = ("username", "name", "nik", "nip", "role", "office_id", "position", "email", "phone")


@bp.get("/admin/users")
@admin_required
def admin_users():
    """The kabupaten's officials, searchable by name, filtered by office."""
    office_id = request.args.get("office", type=int)
    q = request.args.get("q", "")
    return render_template(
        "web/admin/users.html",
        users=officials.list_users(current_user, office_id=office_id, q=q),
        q=q,
        office_id=office_id,
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def admin_user(user_id: int | None = None):
    """Create an official (the initial password shown once) or change one (mutasi)."""
    user = officials.get_user(current_user, user_id) if user_id else None
    errors: dict = {}
    data = _user_data(user) if user else {"office_id": request.args.get("office", type=int)}
    if request.method == "POST":
        data = {k: request.form.get(k, "") for k in FIELDS}
        data["office_id"] = request.form.get("office_id", type=int)
        data["reason"] = request.form.get("reason", "")
        try:
            if user is None:
                created = officials.create_user(current_user, data)
                return _show_password(created, "Pengguna baru dibuat.")
            officials.update_user(current_user, user.id, data, request.remote_addr)
        except InvalidInput as error:
            flash(error.message, "error")
            errors = error.fields
        else:
            flash("Data pengguna tersimpan.", "success")
            return redirect(url_for("web.admin_user", user_id=user.id))
    return render_template(
        "web/admin/user_form.html",
        user=user,
        data=data,
        errors=errors,
        roles=[(r.value, ROLE_LABELS[r]) for r in Role],
        office_list=offices.list_offices(current_user),
        history=officials.assignments(current_user, user.id) if user else [],
    )


@bp.post("/admin/users/<int:user_id>/deactivate")
@admin_required
def admin_user_deactivate(user_id: int):
    """Switch an official off; their sessions and tokens end at once."""
    user = officials.deactivate_user(current_user, user_id, request.remote_addr)
    flash(f"{user.full_name} dinonaktifkan; semua sesinya berakhir.", "success")
    return redirect(url_for("web.admin_user", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/reset-password")
@admin_required
def admin_user_reset(user_id: int):
    """Give the official a new one-time password, shown once."""
    return _show_password(
        officials.reset_password(current_user, user_id), "Kata sandi diatur ulang."
    )


def _show_password(credentials, message: str):
    flash(message, "success")
    response = render_template("web/admin/user_password.html", credentials=credentials)
    return response, 200, {"Cache-Control": "no-store"}


def _user_data(user) -> dict:
    return {
        "username": user.username,
        "name": user.full_name,
        "nik": user.nik or "",
        "nip": user.nip or "",
        "role": user.role,
        "office_id": user.office_id,
        "position": user.position,
        "email": user.email or "",
        "phone": user.phone or "",
    }
