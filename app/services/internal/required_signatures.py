"""The rule behind SAH: a letter is finished only when its PDF holds every signature asked for.

Completing a letter and verifying a stored one apply this same rule. The signing steps asked for are
those the letter passed, each at its latest turn: a step reopened by a return or by a voiding change
must have been signed again, and a signature voided without its step reopening leaves a gap that
refuses completion.
"""

from collections import Counter

from flask import current_app
from sqlalchemy import select

import signing
from app.domain.errors import SignaturesIncomplete
from app.domain.status import DecisionKind
from app.extensions import db
from app.models import Letter, Task, TaskState
from app.services.internal.blobs import get_blob, sha256_of
from app.services.internal.process import route_of


def required_steps(letter: Letter) -> list[str]:
    """The signing steps whose latest turn on this letter was approved: each needs a signature."""
    latest: dict[str, Task] = {}
    for task in db.session.scalars(
        select(Task).where(Task.letter_id == letter.id, Task.signing.is_(True)).order_by(Task.id)
    ):
        latest[task.step] = task
    required = [
        step
        for step, task in latest.items()
        if task.state == TaskState.COMPLETED and task.decision == DecisionKind.APPROVE
    ]
    if required:
        return required
    return [s.step for s in route_of(letter.route_version).steps if s.signing]


def missing_signatures(letter: Letter, checks: list) -> list[str]:
    """Required signing steps without a valid, standing signature in the checked PDF (none: done).

    `checks` are signing.validate_pdf's answers for the letter's PDF. A file changed after its last
    signature in a way signing does not explain misses every signature."""
    if not checks or not checks[-1].covers_document:
        return required_steps(letter)
    standing = {s.step: s for s in letter.signatures if s.voided_at is None}
    # Matched by certificate, not by field name: BSrE names the fields it signs its own way.
    valid = Counter(c.certificate_fingerprint for c in checks if c.valid)
    missing = []
    for step in required_steps(letter):
        signature = standing.get(step)
        if signature is not None and valid[signature.certificate_fingerprint] > 0:
            valid[signature.certificate_fingerprint] -= 1
        else:
            missing.append(step)
    return missing


def require_every_signature(
    letter: Letter, trust_roots: list[bytes], in_hand: bytes | None = None
) -> None:
    """Refuse (SignaturesIncomplete) to finish a letter whose PDF lacks a required signature.

    `in_hand`: a PDF the caller holds (the one just signed), checked instead of reading the stored
    one back when it is the letter's PDF byte for byte."""
    if in_hand is not None and sha256_of(in_hand) == letter.signed_pdf_sha256:
        pdf: bytes | None = in_hand
    else:
        pdf = get_blob(letter.signed_pdf_sha256)
    checks = signing.validate_pdf(pdf, trust_roots) if pdf is not None else []
    missing = missing_signatures(letter, checks)
    if missing:
        current_app.logger.warning("letter %s cannot finish: unsigned %s", letter.id, missing)
        raise SignaturesIncomplete(
            "Surat belum dapat diselesaikan: tanda tangan untuk langkah "
            f"{', '.join(missing)} tidak ada atau tidak sah pada PDF. Admin kabupaten telah diberi "
            "tahu.",
            fields={"missing_steps": missing},
        )
