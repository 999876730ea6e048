"""The kabupaten admin's page of cuti bersama days (not working days for service levels)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from app.domain.errors import Conflict, InvalidInput
from app.services import cuti_bersama
from app.web import bp
from app.web.auth import admin_required
from app.web.forms import ButtonForm, CutiBersamaForm


@bp.route("/admin/cuti-bersama", methods=["GET", "POST"])
@admin_required
def admin_cuti_bersama():
    """List the kabupaten's cuti bersama days and add one."""
    form = CutiBersamaForm()
    if form.validate_on_submit():
        try:
            row = cuti_bersama.add_day(current_user, form.day.data, form.name.data or "")
            flash(f"{row.day:%d-%m-%Y} dicatat sebagai cuti bersama.", "success")
            return redirect(url_for("web.admin_cuti_bersama"))
        except (InvalidInput, Conflict) as error:
            form.day.errors = [error.message]
    return render_template(
        "web/admin/cuti_bersama.html",
        form=form,
        button=ButtonForm(),
        items=cuti_bersama.list_days(current_user),
    )


@bp.post("/admin/cuti-bersama/<int:day_id>/hapus")
@admin_required
def admin_cuti_bersama_delete(day_id: int):
    """Remove one cuti bersama day."""
    if ButtonForm().validate_on_submit():
        cuti_bersama.remove_day(current_user, day_id)
        flash("Hari cuti bersama dihapus.", "success")
    return redirect(url_for("web.admin_cuti_bersama"))
