"""The task page: read the letter, take or release the task, and decide (signing when the step
signs)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from app.domain.errors import InvalidInput, RuleRefused
from app.domain.status import Decision, DecisionKind, LetterStatus
from app.services import inbox
from app.web import bp
from app.web.forms import ButtonForm, apply_errors, decision_form, letter_input, letter_values


@bp.get("/tasks/<int:task_id>")
@login_required
def task_detail(task_id: int):
    """A task of a letter in my scope; the decision form only when it is mine to do."""
    detail = inbox.get_task_detail(current_user, task_id)
    editable = detail.permissions.data_editable
    form = decision_form(
        detail.signing,
        detail.letter.letter_type if editable else None,
        detail.permissions.decisions,
        decision="approve",
        **(letter_values(detail.letter) if editable else {}),
    )
    return _render_task(detail, form)


@bp.post("/tasks/<int:task_id>/claim")
@login_required
def task_claim(task_id: int):
    """Take the task so colleagues see I am working on it."""
    if ButtonForm().validate_on_submit():
        inbox.claim_task(current_user, task_id, client_address=request.remote_addr)
        flash("Tugas diambil. Rekan Anda melihat bahwa Anda sedang mengerjakannya.", "success")
    return redirect(url_for("web.task_detail", task_id=task_id))


@bp.post("/tasks/<int:task_id>/unclaim")
@login_required
def task_unclaim(task_id: int):
    """Give the task back to my colleagues."""
    if ButtonForm().validate_on_submit():
        inbox.unclaim_task(current_user, task_id, client_address=request.remote_addr)
        flash("Tugas dilepaskan.", "success")
    return redirect(url_for("web.task_detail", task_id=task_id))


@bp.post("/tasks/<int:task_id>/complete")
@login_required
def task_complete(task_id: int):
    """Record my decision; on a signing step approving signs the letter with my certificate."""
    detail = inbox.get_task_detail(current_user, task_id)
    signing, letter_type = detail.signing, detail.letter.letter_type
    editable = detail.permissions.data_editable
    form = decision_form(signing, letter_type if editable else None, detail.permissions.decisions)
    if not form.validate_on_submit():
        return _render_task(detail, form), 400
    completion = {"passphrase": form.passphrase.data if signing else None}
    if editable and "applicant_nik" in request.form:  # the correction inputs were on the page
        applicant, fields = letter_input(form, letter_type)
        completion["data"] = {"applicant": applicant, "fields": fields}
    try:
        decision = Decision.parse(form.decision.data or "", form.reason.data)
        letter = inbox.complete_task(
            current_user,
            task_id,
            inbox.Completion(decision=decision, **completion),
            client_address=request.remote_addr,
        )
    except (InvalidInput, RuleRefused) as error:
        flash(error.message, "error")
        unplaced = apply_errors(form, error)
        if "passphrase" in form and error.code == "bad_passphrase" and not form.passphrase.errors:
            form.passphrase.errors = [error.message]
        detail = inbox.get_task_detail(current_user, task_id)  # rolled back: read it again
        status = 400 if isinstance(error, InvalidInput) else 422
        return _render_task(detail, form, unplaced), status
    flash(_done_message(letter, decision.kind, signing), "success")
    return redirect(url_for("web.index"))


def _render_task(detail, form, unplaced=()):
    return render_template(
        "web/task.html",
        task=detail.task,
        letter=detail.letter,
        form=form,
        unplaced=list(unplaced),
        claim_form=ButtonForm(),
        blocked=detail.permissions.why_not,
        editable=detail.permissions.data_editable,
    )


def _done_message(letter, kind: DecisionKind, signing: bool) -> Markup:
    """What to tell the official after their decision, with a link to the letter."""
    text = "Surat ditandatangani." if signing and kind is DecisionKind.APPROVE else "Tugas selesai."
    if kind is DecisionKind.RETURN:
        text += " Surat dikembalikan."
    if letter.status == LetterStatus.REJECTED:
        text += " Surat ditolak."
    if letter.status == LetterStatus.COMPLETED:
        text += " Surat sudah selesai dan dapat diunduh."
    return Markup('{} <a href="{}">Lihat surat</a>').format(
        text, url_for("web.letter_detail", letter_id=letter.id)
    )
