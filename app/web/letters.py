"""Letter pages: the list in my scope, one letter, its PDF, and registering a new request."""

import secrets

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from app.domain.errors import InvalidInput, NotAllowed
from app.domain.events import EVENT_LABELS
from app.domain.roles import Role
from app.domain.status import LetterStatus
from app.services import letters
from app.services.permissions import task_permissions
from app.services.residents import desk
from app.web import bp
from app.web.forms import apply_errors, letter_form, letter_input

# How a letter type's route reads to the operator choosing it.
ROUTE_HINTS = {
    "surat_desa": "Ditandatangani kepala desa",
    "surat_desa_kecamatan": "Ditandatangani kepala desa, lalu disahkan camat",
}


@bp.get("/letters")
@login_required
def letter_list():
    """Letters of my office, filtered by status or searched by name, NIK, number or tracking
    code."""
    status = request.args.get("status") or None
    q = (request.args.get("q") or "").strip() or None
    page = letters.list_letters(
        current_user, status=status, q=q, limit=20, cursor=request.args.get("cursor")
    )
    return render_template(
        "web/letters.html", page=page, status=status, q=q, statuses=list(LetterStatus)
    )


@bp.get("/letters/<int:letter_id>")
@login_required
def letter_detail(letter_id: int):
    """One letter: its data, where it is on its route, signatures, history and PDF."""
    letter = letters.get_letter(current_user, letter_id)
    open_tasks = letter.open_tasks
    signatures = [s for s in letter.signatures if s.voided_at is None]
    events = letters.list_events(letter)
    return render_template(
        "web/letter.html",
        letter=letter,
        open_tasks=open_tasks,
        signatures=signatures,
        events=events,
        eligible=_eligible,
        event_labels=EVENT_LABELS,
        online=desk.request_of_letter(current_user, letter),
    )


@bp.get("/letters/<int:letter_id>/pdf")
@login_required
def letter_pdf(letter_id: int):
    """The letter's current PDF, shown in the page, or downloaded with ?download=1."""
    letter, pdf = letters.letter_pdf(current_user, letter_id)
    filename = (letter.number or f"draft-{letter.id}").replace("/", "-") + ".pdf"
    disposition = "attachment" if request.args.get("download") else "inline"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/letters/<int:letter_id>/revisions/<int:revision_id>/pdf")
@login_required
def voided_revision_pdf(letter_id: int, revision_id: int):
    """A signed copy whose signature was voided since, marked DIBATALKAN."""
    revision, pdf = letters.voided_revision_pdf(current_user, letter_id, revision_id)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{letters.voided_filename(revision)}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/letters/new")
@login_required
def letter_types():
    """Step 1 of a new letter: choose its type."""
    _require_operator_desa()
    return render_template(
        "web/letter_types.html", letter_types=letters.list_letter_types(), route_hints=ROUTE_HINTS
    )


@bp.route("/letters/new/<type_code>", methods=["GET", "POST"])
@login_required
def letter_new(type_code: str):
    """Step 2 of a new letter: the applicant and the type's fields; the service checks them."""
    _require_operator_desa()
    letter_type = letters.get_letter_type(type_code)
    form = letter_form(letter_type)
    if not form.is_submitted():
        form.idempotency_key.data = secrets.token_urlsafe(
            16
        )  # a double submit returns the same letter
    unplaced = []
    if form.validate_on_submit():
        applicant, fields = letter_input(form, letter_type)
        try:
            letter = letters.create_letter(
                current_user,
                letter_type.code,
                applicant,
                fields,
                idempotency_key=form.idempotency_key.data or None,
                client_address=request.remote_addr,
            )
        except InvalidInput as error:
            flash(error.message, "error")
            unplaced = apply_errors(form, error)
        else:
            flash(
                Markup(
                    "Surat dibuat. Kode lacak: <strong>{}</strong> — berikan kepada pemohon; "
                    "ia dapat melacak suratnya di halaman /lacak dengan 4 digit terakhir NIK."
                ).format(letter.tracking_code),
                "success",
            )
            return redirect(url_for("web.letter_detail", letter_id=letter.id))
    return render_template(
        "web/letter_form.html",
        form=form,
        letter_type=letter_type,
        unplaced=unplaced,
        route_hint=ROUTE_HINTS.get(letter_type.route.code, ""),
    )


def _require_operator_desa() -> None:
    """Only a desa operator registers requests; the service enforces it too, this only spares a
    useless form."""
    if current_user.role != Role.OPERATOR_DESA:
        raise NotAllowed("Hanya operator desa yang dapat membuat surat.")


def _eligible(task) -> bool:
    """Whether the signed-in user may act on this task now (a Plt too): the one service rule."""
    return task_permissions(current_user, task).can_act
