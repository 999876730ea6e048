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
    """Upload shows the preview; the preview's button applies the same file."""
    if request.method == "GET":
        return render_template("web/admin/import.html", report=None)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        filename, content = upload.filename, upload.read()
    else:  # the apply button sends back the file the preview was made from
        filename = request.form.get("filename", "")
        try:
            content = base64.b64decode(request.form.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("Pilih berkas XLSX atau CSV.") from None
    apply = request.form.get("action") == "apply"
    report = imports.import_spreadsheet(current_user, filename, content, dry_run=not apply)
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
            filename=filename,
            content=base64.b64encode(content).decode("ascii"),
        ),
        200,
        {"Cache-Control": "no-store"},
    )
