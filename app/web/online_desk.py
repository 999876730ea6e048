"""The desa's desk for online requests: the list, one request with its attachments, the decisions,
and the PINs the office issues to residents."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.domain.errors import InvalidInput
from app.domain.residents import DELIVERY_LABELS, REQUEST_EVENT_LABELS, mask_address
from app.services.residents import desk, pins
from app.web import bp
from app.web.forms import apply_errors, letter_form, letter_input
from app.web.resident_forms import PinForm, ReasonForm


@bp.get("/permohonan-online")
@login_required
def online_inbox():
    """Permohonan online: confirmed requests of my desa waiting for the operator, oldest first."""
    return render_template(
        "web/residents/desk_list.html", items=desk.list_online_requests(current_user)
    )


@bp.get("/permohonan-online/<int:request_id>")
@login_required
def online_request_detail(request_id: int):
    """One request: its data (editable before the route starts) with the attachments beside it."""
    found = desk.get_request(current_user, request_id)
    values = {"applicant_nik": found.applicant_nik, "applicant_name": found.applicant_name}
    values.update({f"field_{k}": "" if v is None else str(v) for k, v in found.fields.items()})
    return _render(found, letter_form(found.letter_type, formdata=None, **values))


@bp.post("/permohonan-online/<int:request_id>/mulai")
@login_required
def online_request_start(request_id: int):
    """Start the letter's route with the data as the operator corrected it."""
    found = desk.get_request(current_user, request_id)
    form = letter_form(found.letter_type)
    if not form.validate_on_submit():
        return _render(found, form), 400
    applicant, fields = letter_input(form, found.letter_type)
    try:
        letter = desk.start_route(
            current_user, request_id, applicant, fields, client_address=request.remote_addr
        )
    except InvalidInput as problem:
        flash(problem.message, "error")
        apply_errors(form, problem)
        return _render(found, form), 400
    flash(f"Proses surat dimulai. Kode lacak: {letter.tracking_code}", "success")
    return redirect(url_for("web.letter_detail", letter_id=letter.id))


# The two ways back to the resident: each with the reason they will read.
_RETURNS = {
    "perbaikan": (desk.ask_fix, "Permintaan perbaikan dikirim kepada pemohon."),
    "tolak": (desk.reject_request, "Permohonan ditolak. Pemohon diberi tahu alasannya."),
}


@bp.post("/permohonan-online/<int:request_id>/perbaikan", defaults={"decision": "perbaikan"})
@bp.post("/permohonan-online/<int:request_id>/tolak", defaults={"decision": "tolak"})
@login_required
def online_request_return(request_id: int, decision: str):
    """Ask the resident to fix something, or refuse the request, with the reason they will read."""
    form = ReasonForm()
    if not form.validate_on_submit():
        flash("Formulir kedaluwarsa. Silakan ulangi.", "error")
        return redirect(url_for("web.online_request_detail", request_id=request_id))
    act, done = _RETURNS[decision]
    act(current_user, request_id, form.reason.data, request.remote_addr)
    flash(done, "success")
    return redirect(url_for("web.online_inbox"))


@bp.get("/lampiran/<int:attachment_id>")
@login_required
def online_attachment(attachment_id: int):
    """An attachment, for its desa's officials and the auditor only; never cached, never run."""
    attachment, content = desk.attachment_file(current_user, attachment_id)
    response = Response(content, mimetype=attachment.media_type)
    response.headers.update(
        {
            "Content-Disposition": f'inline; filename="lampiran-{attachment.id}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'",
        }
    )
    return response


@bp.route("/pin-warga", methods=["GET", "POST"])
@login_required
def resident_pin():
    """Issue a resident a PIN for confirming online requests without a phone (Layanan Mandiri)."""
    form, pin = PinForm(), None
    if form.validate_on_submit():
        try:
            pin = pins.issue_pin(current_user, form.nik.data)
        except InvalidInput as problem:
            form.nik.errors = [problem.message]
    return render_template("web/residents/pin.html", form=form, pin=pin, nik=form.nik.data)


def _render(found, form):
    return render_template(
        "web/residents/desk_detail.html",
        req=found,
        form=form,
        reason_form=ReasonForm(formdata=None),
        delivery_labels=DELIVERY_LABELS,
        contact=mask_address(found.contact_channel, found.contact_address),
        trail=desk.request_trail(current_user, found, request.remote_addr),
        event_labels=REQUEST_EVENT_LABELS,
    )
