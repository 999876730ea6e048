"""Certificate administration for the kabupaten admin, and the expiry warning officials see."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.domain.errors import InvalidInput
from app.domain.roles import SIGNER_ROLES
from app.services import certificates
from app.web import bp
from app.web.forms import ButtonForm, CertificateUploadForm

STATE_LABELS = {
    "none": "Belum ada",
    "active": "Aktif",
    "expiring": "Segera kedaluwarsa",
    "expired": "Kedaluwarsa",
    "revoked": "Dicabut",
}


@bp.get("/admin/certificates")
@login_required
def certificate_list():
    """Signing officials with their certificate's expiry; a warning 30 days before it runs out."""
    return _render(CertificateUploadForm())


@bp.post("/admin/certificates/<username>")
@login_required
def certificate_upload(username: str):
    """Upload or replace an official's PKCS#12; the passphrase only proves the file opens."""
    form = CertificateUploadForm()
    if not form.validate_on_submit():
        return _render(form, username), 400
    upload = form.file.data
    try:
        status = certificates.upload_certificate(
            current_user, username, upload.read() if upload else b"", form.passphrase.data or ""
        )
    except InvalidInput as error:
        flash(error.message, "error")
        return _render(form, username), 400
    flash(
        f"Sertifikat {status.user.full_name} disimpan; berlaku sampai {status.not_after:%d-%m-%Y}.",
        "success",
    )
    return redirect(url_for("web.certificate_list"))


@bp.post("/admin/certificates/<username>/revoke")
@login_required
def certificate_revoke(username: str):
    """Revoke an official's certificate."""
    if ButtonForm().validate_on_submit():
        status = certificates.revoke_certificate(current_user, username)
        flash(
            f"Sertifikat {status.user.full_name} dicabut; ia tidak dapat menandatangani lagi.",
            "success",
        )
    return redirect(url_for("web.certificate_list"))


@bp.app_context_processor
def my_certificate_warning():
    """Officials see their own certificate's expiry warning on every page."""
    if not current_user.is_authenticated or current_user.role not in SIGNER_ROLES:
        return {"certificate_warning": None}
    status = certificates.certificate_status(current_user)
    messages = {
        "expiring": f"Sertifikat elektronik Anda kedaluwarsa dalam {status.days_left} hari. "
        "Hubungi admin kabupaten untuk memperbaruinya.",
        "expired": "Sertifikat elektronik Anda sudah kedaluwarsa; Anda tidak dapat menandatangani.",
        "revoked": "Sertifikat elektronik Anda telah dicabut; Anda tidak dapat menandatangani.",
        "none": "Anda belum memiliki sertifikat elektronik untuk menandatangani.",
    }
    return {"certificate_warning": messages.get(status.state)}


def _render(form, failed_for: str | None = None):
    statuses = certificates.list_certificates(current_user)
    return render_template(
        "web/certificates.html",
        statuses=statuses,
        form=form,
        failed_for=failed_for,
        button=ButtonForm(),
        STATE_LABELS=STATE_LABELS,
        expiring=[s for s in statuses if s.state in ("expiring", "expired")],
    )
