"""The spreadsheet import page: upload, read the dry-run preview, apply (all rows or none)."""

import base64
import binascii

from flask import flash, render_template, request
from flask_login import current_user

from app.domain.errors import InvalidInput
from app.services import imports
from app.web import bp
from app.web.auth import admin_required


@bp.route("/admin/imports", methods=["GET", "POST"])
@admin_required
def admin_import():
    """Upload shows the preview; the preview's button applies the same files."""
    if request.method == "GET":
        return render_template("web/admin/import.html", report=None)
    uploads = [u for u in request.files.getlist("file") if u.filename]
    if uploads:
        files = [(upload.filename or "", upload.read()) for upload in uploads]
    else:  # the apply button sends back the files the preview was made from
        try:
            files = [
                (name, base64.b64decode(content, validate=True))
                for name, content in zip(
                    request.form.getlist("filename"), request.form.getlist("content"), strict=True
                )
            ]
        except (binascii.Error, ValueError):
            raise InvalidInput("Pilih berkas XLSX atau CSV.") from None
    apply = request.form.get("action") == "apply"
    report = imports.import_spreadsheet(current_user, files, dry_run=not apply)
    if report.applied:
        flash(
            f"Impor selesai: {report.count('created')} dibuat, {report.count('updated')} "
            f"diubah, {report.count('unchanged')} tetap.",
            "success",
        )
    elif apply:
        flash("Impor dibatalkan: ada kesalahan, tidak ada data yang diubah.", "error")
    return (
        render_template(
            "web/admin/import.html",
            report=report,
            files=[(name, base64.b64encode(content).decode("ascii")) for name, content in files],
        ),
        200,
        {"Cache-Control": "no-store"},
    )
