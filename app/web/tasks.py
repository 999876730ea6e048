"""The task page: read the letter, take or release the task, and decide (signing when the step
signs)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from app.domain.errors import InvalidInput, RuleRefused
from app.domain.roles import Role
from app.domain.status import Decision, DecisionKind, LetterStatus
from app.models import TaskState
from app.services import inbox, letters
from app.services.delegations import acting_roles
from app.web import bp
from app.web.forms import ButtonForm, apply_errors, decision_form, letter_input, letter_values


@bp.get("/tasks/<int:task_id>")
@login_required
def task_detail(task_id: int):
    """A task of a letter in my scope; the decision form only when it is mine to do."""
    task = inbox.get_task(current_user, task_id)
    editable = _data_editable(task)
    form = decision_form(
        task.signing,
        task.letter.letter_type if editable else None,
        decision="approve",
        **(letter_values(task.letter) if editable else {}),
    )
    return _render_task(task, form)


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
    task = inbox.get_task(current_user, task_id)
    signing, letter_type = task.signing, task.letter.letter_type
    editable = _data_editable(task)
    form = decision_form(signing, letter_type if editable else None)
    if not form.validate_on_submit():
        return _render_task(task, form), 400
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
        task = inbox.get_task(
            current_user, task_id
        )  # the failed transaction was rolled back: reload
        return _render_task(task, form, unplaced), 400 if isinstance(error, InvalidInput) else 422
    flash(_done_message(letter, decision.kind, signing), "success")
    return redirect(url_for("web.index"))


def _render_task(task, form, unplaced=()):
    return render_template(
        "web/task.html",
        task=task,
        letter=task.letter,
        form=form,
        unplaced=list(unplaced),
        claim_form=ButtonForm(),
        blocked=_why_read_only(task),
        editable=_data_editable(task),
    )


def _data_editable(task) -> bool:
    """The desa operator may correct the applicant's data on their own checks, before anyone has
    signed or after the letter came back; the service voids any signature the correction
    invalidates."""
    return (
        task.role == Role.OPERATOR_DESA
        and not task.signing
        and _why_read_only(task) is None
        and letters.data_editable(task.letter)
    )


def _why_read_only(task) -> str | None:
    """Why the signed-in user cannot act on this task, or None when they can."""
    if task.state == TaskState.COMPLETED:
        return "Tugas ini sudah selesai."
    if task.state != TaskState.OPEN:
        return "Tugas ini sudah tidak berlaku karena surat telah berpindah langkah."
    if task.role not in acting_roles(current_user) or task.office_id != current_user.office_id:
        return "Tugas ini bukan untuk peran Anda. Anda hanya dapat melihatnya."
    if task.claimed_by_id not in (None, current_user.id):
        who = task.claimed_by.full_name
        return f"Tugas ini sedang dikerjakan oleh {who}. Tunggu sampai dilepaskan."
    return None


def _done_message(letter, kind: DecisionKind, signing: bool) -> Markup:
    """What to tell the official after their decision, with a link to the letter."""
    text = "Surat ditandatangani." if signing and kind is DecisionKind.APPROVE else "Tugas selesai."
    text += {
        DecisionKind.RETURN: " Surat dikembalikan.",
        DecisionKind.REJECT: " Surat ditolak.",
    }.get(kind, "")
    if letter.status == LetterStatus.COMPLETED:
        text += " Surat sudah selesai dan dapat diunduh."
    return Markup('{} <a href="{}">Lihat surat</a>').format(
        text, url_for("web.letter_detail", letter_id=letter.id)
    )
