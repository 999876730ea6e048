"""API tasks: my inbox, claiming, completing (approve, sign, return, reject) and bulk signing."""

from flask import request

from app.api import bp, current_user
from app.api import schemas as s
from app.domain.status import Decision
from app.services import bulk_signing, inbox


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
    """Sign many letters with one passphrase entry; each is fully signed and advanced, or
    untouched."""
    return {
        "results": bulk_signing.bulk_sign(
            current_user(), body["task_ids"], body["passphrase"], request.remote_addr
        )
    }


@bp.get("/tasks/<int:task_id>")
@bp.response(200, s.TaskDetailOut)
def get_task(task_id: int):
    """One task of a letter in my scope, with the decisions its route offers and what I may do."""
    return inbox.get_task_detail(current_user(), task_id)


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
@bp.doc(**s.links(200, "/open_tasks/0/id", "task_id", *s.TASK_CALLS))
@bp.arguments(s.CompleteIn)
@bp.response(200, s.LetterOut)
def complete_task(body, task_id: int):
    """Approve (signing steps sign with the passphrase), return or reject; answers with the
    letter."""
    completion = inbox.Completion(
        Decision.parse(body["decision"], body["reason"]),
        passphrase=body["passphrase"],
        data=body["data"],
    )
    return inbox.complete_task(current_user(), task_id, completion, request.remote_addr)
