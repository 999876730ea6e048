"""The roll-out page: per kecamatan, which offices have operators and signers who can sign."""

from flask import render_template
from flask_login import current_user

from app.services import offices, rollout
from app.web import bp
from app.web.auth import admin_required


@bp.get("/admin/rollout")
@admin_required
def admin_rollout():
    """Every kecamatan with how many of its offices are ready."""
    return render_template("web/admin/rollout.html", summaries=rollout.overview(current_user))


@bp.get("/admin/rollout/<int:kecamatan_id>")
@admin_required
def admin_rollout_kecamatan(kecamatan_id: int):
    """One kecamatan: each office's operators, signers and certificate (or BSrE) state."""
    rows = rollout.kecamatan_readiness(current_user, kecamatan_id)
    return render_template(
        "web/admin/rollout_kecamatan.html",
        kecamatan=offices.get_office(current_user, kecamatan_id),
        rows=rows,
        labels=rollout.STATE_LABELS,
    )
