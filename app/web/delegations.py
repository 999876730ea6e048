"""Delegation page: a kades or camat lets someone sign in their place (Plt., a.n., u.b.)."""

from datetime import datetime, time

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.domain.acting import FORM_LABELS, ActingForm
from app.domain.dates import WIB
from app.domain.errors import InvalidInput, NotFound
from app.domain.roles import role_label
from app.services import delegations
from app.web import bp
from app.web.forms import ButtonForm, DelegationForm


@bp.route("/delegations", methods=["GET", "POST"])
@login_required
def delegation_page():
    """Give my role to a deputy until a date (Plt., a.n. or u.b.); see and end delegations."""
    form = DelegationForm()
    deputies = delegations.list_deputies(current_user)
    form.to.choices = {
        u.username: f"{u.full_name} ({role_label(u.role, u.office.kind)})" for u in deputies
    }
    if form.validate_on_submit():
        if form.until.data is None:
            form.until.errors = ["Isi tanggal berakhir."]
        else:
            try:
                until = datetime.combine(form.until.data, time(23, 59), tzinfo=WIB)
                delegation = delegations.delegate(current_user, form.to.data, until, form.form.data)
                flash(
                    f"{delegation.to_user.full_name} menandatangani sebagai "
                    f"{FORM_LABELS[ActingForm(delegation.form)]} sampai "
                    f"{form.until.data:%d-%m-%Y}.",
                    "success",
                )
                return redirect(url_for("web.delegation_page"))
            except NotFound as error:
                form.to.errors = [error.message]
            except InvalidInput as error:
                form.until.errors = [error.message]
    return render_template(
        "web/delegations.html",
        form=form,
        button=ButtonForm(),
        items=delegations.list_delegations(current_user),
        form_labels=FORM_LABELS,
    )


@bp.post("/delegations/<int:delegation_id>/revoke")
@login_required
def delegation_revoke(delegation_id: int):
    """End a delegation I gave."""
    if ButtonForm().validate_on_submit():
        delegations.revoke_delegation(current_user, delegation_id)
        flash("Delegasi diakhiri.", "success")
    return redirect(url_for("web.delegation_page"))
