"""Bulk signing: one passphrase entry, many letters; each letter fully signed and advanced, or
untouched."""

from dataclasses import dataclass

from app.domain.errors import BadPassphrase, DomainError, InvalidInput, NotAllowed
from app.domain.roles import SIGNER_ROLES
from app.domain.status import Decision, DecisionKind
from app.models import User
from app.services import inbox
from app.services.internal import signatures
from app.services.internal.database import end_read
from app.services.internal.signing_guard import passphrase_attempt, passphrase_confirmed

MAX_TASKS = 200


@dataclass(frozen=True)
class BulkResult:
    task_id: int
    ok: bool
    letter_id: int | None = None
    number: str | None = None
    error: dict | None = None  # {"code", "message"} when ok is False


def bulk_sign(
    user: User, task_ids: list[int], passphrase: str, client_address: str | None = None
) -> list[BulkResult]:
    """Sign every listed signing task with one passphrase; one bad letter does not stop the
    others."""
    if user.role not in SIGNER_ROLES:
        raise NotAllowed(
            "Hanya kades, camat atau sekdes (Plt) yang dapat menandatangani sekaligus."
        )
    ids = list(dict.fromkeys(task_ids))  # a repeated id is signed once
    if not ids:
        raise InvalidInput(
            "Pilih minimal satu surat.", fields={"task_ids": ["Pilih minimal satu surat."]}
        )
    if len(ids) > MAX_TASKS:
        raise InvalidInput(
            f"Paling banyak {MAX_TASKS} surat sekaligus.", fields={"task_ids": ["Terlalu banyak."]}
        )
    with passphrase_attempt(user, _letter_of(user, ids[0]), proves_passphrase=False):
        # a wrong passphrase stops here (local backend), nothing signed
        session = signatures.open_signing_session(user, passphrase)
    end_read()  # each letter gets its own short transactions below
    results: list[BulkResult] = []
    for task_id in ids:
        try:
            with inbox.refused_completion_flagged(user, task_id, client_address):
                letter = inbox.sign_in_steps(
                    user,
                    task_id,
                    inbox.Completion(Decision(DecisionKind.APPROVE)),
                    session,
                    client_address,
                )
            results.append(BulkResult(task_id, True, letter.id, letter.number))
        except BadPassphrase:
            if not any(r.ok for r in results):
                # a remote backend only learns of a wrong passphrase at the first letter
                with passphrase_attempt(user, _letter_of(user, task_id)):
                    raise
            results.append(
                BulkResult(
                    task_id,
                    False,
                    error={"code": BadPassphrase.code, "message": "Passphrase salah."},
                )
            )
        except DomainError as problem:
            results.append(
                BulkResult(task_id, False, error={"code": problem.code, "message": problem.message})
            )
    if any(r.ok for r in results):
        passphrase_confirmed(user)
    return results


def _letter_of(user: User, task_id: int) -> int | None:
    """The letter of a task in the user's inbox, for the audit trail of a signing lock."""
    try:
        return inbox.get_task(user, task_id).letter_id
    except DomainError:
        return None
