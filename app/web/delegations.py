"""Plt delegation page: a kades hands signing to the sekdes for a few days."""

from datetime import datetime, time

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.domain.dates import WIB
from app.domain.errors import InvalidInput
from app.services import delegations
from app.web import bp
from app.web.forms import ButtonForm, DelegationForm


@bp.route("/delegations", methods=["GET", "POST"])
@login_required
def delegation_page():
    """Give my deputy my role until a date (Plt. or a.n.); see and end current delegations."""
    form = DelegationForm()
    deputies = delegations.list_deputies(current_user)
    form.to.choices = [(u.username, f"{u.full_name} ({u.username})") for u in deputies]
    if form.validate_on_submit():
        if form.until.data is None:
            form.until.errors = ["Isi tanggal berakhir."]
        else:
            try:
                until = datetime.combine(form.until.data, time(23, 59), tzinfo=WIB)
                delegation = delegations.delegate(current_user, form.to.data, until, form.form.data)
                acting = "Plt" if delegation.form == "plt" else "a.n. (atas nama) Anda"
                flash(
                    f"{delegation.to_user.full_name} bertindak sebagai {acting} sampai "
                    f"{form.until.data:%d-%m-%Y}.",
                    "success",
                )
                return redirect(url_for("web.delegation_page"))
            except InvalidInput as error:
                form.until.errors = [error.message]
    return render_template(
        "web/delegations.html",
        form=form,
        button=ButtonForm(),
        items=delegations.list_delegations(current_user),
    )


@bp.post("/delegations/<int:delegation_id>/revoke")
@login_required
def delegation_revoke(delegation_id: int):
    """End a delegation I gave."""
    if ButtonForm().validate_on_submit():
        delegations.revoke_delegation(current_user, delegation_id)
        flash("Delegasi diakhiri.", "success")
    return redirect(url_for("web.delegation_page"))
