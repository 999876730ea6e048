"""API views: parse, call a service, respond."""

from flask import Response, request

from app.api import bp, current_user
from app.api import schemas as s
from app.domain.status import Decision
from app.services import auth, bulk, inbox, letters


@bp.post("/auth/login")
@bp.arguments(s.LoginIn)
@bp.response(200, s.LoginOut)
def login(body):
    """Sign in and get a bearer token."""
    user = auth.authenticate(body["username"], body["password"])
    return {"token": auth.issue_api_token(user), "user": user}


@bp.get("/letter-types")
@bp.response(200, s.LetterTypeList)
def letter_types():
    """The catalogue of letter types with their field lists."""
    return {"items": letters.list_letter_types()}


@bp.post("/letters")
@bp.arguments(s.LetterIn)
@bp.response(201, s.LetterOut)
def create_letter(body):
    """Register a resident's request; an Idempotency-Key header makes a retry return the same letter."""
    return letters.create_letter(
        current_user(),
        body["type"],
        body["applicant"],
        body["fields"],
        idempotency_key=request.headers.get("Idempotency-Key"),
        client_address=request.remote_addr,
    )


@bp.get("/letters")
@bp.arguments(s.LetterQuery, location="query")
@bp.response(200, s.LetterPage)
def list_letters(args):
    """Letters in my scope, newest first."""
    return letters.list_letters(current_user(), **args)


@bp.get("/letters/<int:letter_id>")
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


@bp.get("/tasks")
@bp.arguments(s.TaskQuery, location="query")
@bp.response(200, s.TaskPage)
def list_tasks(args):
    """My inbox: open tasks for my role and office, newest first."""
    return inbox.list_inbox(current_user(), **args)


@bp.get("/tasks/count")
@bp.response(200, s.CountOut)
def count_tasks():
    """How many tasks wait in my inbox."""
    return {"total": inbox.count_inbox(current_user())}


@bp.post("/tasks/bulk-sign")
@bp.arguments(s.BulkSignIn)
@bp.response(200, s.BulkSignOut)
def bulk_sign(body):
    """Sign many letters with one passphrase entry; each is fully signed and advanced, or untouched."""
    return {
        "results": bulk.bulk_sign(
            current_user(), body["task_ids"], body["passphrase"], request.remote_addr
        )
    }


@bp.get("/tasks/<int:task_id>")
@bp.response(200, s.TaskOut)
def get_task(task_id: int):
    """One task of a letter in my scope."""
    return inbox.get_task(current_user(), task_id)


@bp.post("/tasks/<int:task_id>/claim")
@bp.response(200, s.TaskOut)
def claim_task(task_id: int):
    """Take a task; 409 when a colleague holds it."""
    return inbox.claim_task(current_user(), task_id, request.remote_addr)


@bp.post("/tasks/<int:task_id>/unclaim")
@bp.response(200, s.TaskOut)
def unclaim_task(task_id: int):
    """Give a task back."""
    return inbox.unclaim_task(current_user(), task_id, request.remote_addr)


@bp.post("/tasks/<int:task_id>/complete")
@bp.arguments(s.CompleteIn)
@bp.response(200, s.LetterOut)
def complete_task(body, task_id: int):
    """Approve (signing steps sign with the passphrase), return or reject; answers with the letter."""
    completion = inbox.Completion(
        Decision.parse(body["decision"], body["reason"]),
        passphrase=body["passphrase"],
        data=body["data"],
    )
    return inbox.complete_task(current_user(), task_id, completion, request.remote_addr)
