"""Who may act on a task, which decisions its route offers there, who may change the letter's data.

One rule for the API, the web pages and the services that enforce it.
"""

from dataclasses import dataclass

from app.domain.errors import Conflict, DomainError, NotAllowed
from app.domain.roles import Role
from app.domain.status import LetterStatus
from app.models import Letter, Task, TaskState, User
from app.services.delegations import acting_roles
from app.services.internal.process import route_of


@dataclass(frozen=True)
class TaskPermissions:
    """What the user may do with one task, and why not when they may not."""

    can_act: bool
    why_not: str | None  # Bahasa Indonesia, shown to the user
    decisions: tuple[str, ...]  # what the route handles at this step: approve, return, reject
    data_editable: bool  # may change the applicant's data or fields while deciding


def task_permissions(user: User, task: Task) -> TaskPermissions:
    """The one rule: may the user act on this task, with which decisions, and change its data."""
    refusal = task_refusal(user, task)
    return TaskPermissions(
        can_act=refusal is None,
        why_not=refusal.message if refusal else None,
        decisions=step_decisions(task),
        data_editable=refusal is None and _desa_operator_step(user, task),
    )


def task_refusal(user: User, task: Task) -> DomainError | None:
    """Why the user may not act on the task now, as the error to raise (None: they may)."""
    if task.state == TaskState.COMPLETED:
        return Conflict("Tugas ini sudah selesai.")
    if task.state != TaskState.OPEN:
        return Conflict("Tugas ini sudah tidak berlaku karena surat telah berpindah langkah.")
    if task.role not in acting_roles(user) or task.office_id != user.office_id:
        return NotAllowed("Tugas ini bukan untuk peran Anda. Anda hanya dapat melihatnya.")
    if task.claimed_by_id not in (None, user.id):
        who = task.claimed_by.full_name if task.claimed_by else "pengguna lain"
        return Conflict(f"Tugas ini sedang dikerjakan oleh {who}. Tunggu sampai dilepaskan.")
    return None


def step_decisions(task: Task) -> tuple[str, ...]:
    """The decisions the letter's route handles at the task's step (approve at least)."""
    step = route_of(task.letter.route_version).step(task.step)
    return step.decisions if step is not None else ("approve",)


def letter_data_editable(letter: Letter) -> bool:
    """A running letter's data may change before anyone signed, or once it came back."""
    if letter.status not in (LetterStatus.IN_PROGRESS, LetterStatus.RETURNED):
        return False
    signed = any(s.voided_at is None for s in letter.signatures)
    return not signed or letter.status == LetterStatus.RETURNED


def _desa_operator_step(user: User, task: Task) -> bool:
    """Only the letter's own desa operator, on the operator's own steps, changes its data."""
    letter = task.letter
    return (
        user.role == Role.OPERATOR_DESA
        and task.role == Role.OPERATOR_DESA
        and user.office_id == letter.desa_id
        and not task.signing
        and letter_data_editable(letter)
    )
