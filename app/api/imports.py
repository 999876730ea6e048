"""Spreadsheet import of offices and officials (admin_kabupaten)."""

from flask import request

from app.api import bp, current_user
from app.api import people_schemas as s
from app.services import imports


@bp.post("/imports")
@bp.arguments(s.SpreadsheetImportQuery, location="query")
@bp.response(200, s.SpreadsheetImportOut)
def import_spreadsheet(args):
    """Offices and officials from XLSX or CSV (multipart `file`, repeated for several files, e.g.
    kantor.csv and pejabat.csv); `?dry_run=1` only reports.

    Without dry_run, every row is applied or none: with any error the answer is 422 with the
    report and nothing changes."""
    files = [(upload.filename or "", upload.read()) for upload in request.files.getlist("file")]
    report = imports.import_spreadsheet(current_user(), files, dry_run=args["dry_run"])
    return report, (200 if report.dry_run or report.applied else 422)
