"""Bulk signing page: tick letters, type the passphrase once, watch them being signed."""

from flask import jsonify, render_template, request
from flask_login import current_user, login_required

from app.domain.errors import DomainError
from app.http_errors import domain_error_response, error_response
from app.services import bulk_signing, inbox
from app.web import bp
from app.web.forms import BulkSignForm

CHUNK = 10  # letters per request from the page's script, so the progress bar moves


@bp.get("/tasks/bulk-sign")
@login_required
def bulk_sign_page():
    """My open signing tasks with checkboxes and one passphrase input."""
    return _render(BulkSignForm())


@bp.post("/tasks/bulk-sign")
@login_required
def bulk_sign_submit():
    """Sign the ticked letters; JSON for the page's script (in chunks), a results page without
    it."""
    form = BulkSignForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form.validate_on_submit():
        if wants_json:
            return error_response(400, "invalid_input", "Formulir tidak valid. Muat ulang halaman.")
        return _render(form), 400
    task_ids = [int(t) for t in request.form.getlist("task_ids") if t.isdigit()]
    try:
        results = bulk_signing.bulk_sign(
            current_user, task_ids, form.passphrase.data or "", request.remote_addr
        )
    except DomainError as error:
        if wants_json:
            return domain_error_response(error)
        form.passphrase.errors = [error.message]
        return _render(form), 422
    if wants_json:
        return jsonify({"results": [r.__dict__ for r in results]})
    return _render(BulkSignForm(), results=results)


def _render(form, results=None):
    tasks = inbox.list_signing_tasks(current_user)
    return render_template(
        "web/bulk_sign.html", form=form, tasks=tasks, results=results, chunk=CHUNK
    )
