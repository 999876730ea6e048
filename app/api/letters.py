"""API letters: the catalogue, registering a request, reading letters in scope, corrections, the
PDF."""

from flask import Response, request

from app.api import bp, current_user
from app.api import schemas as s
from app.services import letters


@bp.get("/letter-types")
@bp.response(200, s.LetterTypeList)
def letter_types():
    """The catalogue of letter types with their field lists."""
    return {"items": letters.list_letter_types()}


@bp.post("/letters")
@bp.doc(**s.links(201, "/open_tasks/0/id", "task_id", *s.TASK_CALLS))
@bp.arguments(s.LetterIn)
@bp.response(201, s.LetterOut)
def create_letter(body):
    """Register a resident's request; an Idempotency-Key header makes a retry return the same
    letter."""
    return letters.create_letter(
        current_user(),
        body["type"],
        body["applicant"],
        body["fields"],
        idempotency_key=request.headers.get("Idempotency-Key"),
        client_address=request.remote_addr,
    )


@bp.get("/letters")
@bp.doc(**s.links(200, "/items/0/id", "letter_id", *s.LETTER_CALLS))
@bp.arguments(s.LetterQuery, location="query")
@bp.response(200, s.LetterPage)
def list_letters(args):
    """Letters in my scope, newest first."""
    return letters.list_letters(current_user(), **args)


@bp.get("/letters/<int:letter_id>")
@bp.doc(**s.links(200, "/open_tasks/0/id", "task_id", *s.TASK_CALLS))
@bp.response(200, s.LetterOut)
def get_letter(letter_id: int):
    """One letter with its open tasks and signatures."""
    return letters.get_letter(current_user(), letter_id)


@bp.post("/letters/<int:letter_id>/corrections")
@bp.arguments(s.CorrectionIn)
@bp.response(200, s.LetterOut)
def correct_letter(body, letter_id: int):
    """admin_kabupaten fixes a running, unsigned letter's data; the reason goes into its history."""
    return letters.correct_letter(
        current_user(), letter_id, body["data"], body["reason"], request.remote_addr
    )


@bp.get("/letters/<int:letter_id>/pdf")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/pdf")
def letter_pdf(letter_id: int):
    """The letter's current PDF: the draft, or the signed file."""
    letter, pdf = letters.letter_pdf(current_user(), letter_id)
    filename = (letter.number or f"draft-{letter.id}").replace("/", "-") + ".pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.get("/letters/<int:letter_id>/revisions/<int:revision_id>/pdf")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/pdf")
def voided_revision_pdf(letter_id: int, revision_id: int):
    """A signed copy whose signature was voided since (`voided_revisions`), marked DIBATALKAN."""
    revision, pdf = letters.voided_revision_pdf(current_user(), letter_id, revision_id)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{letters.voided_filename(revision)}"'},
    )
