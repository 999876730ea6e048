"""Verification codes: one per signed revision of a letter, printed in that signature's QR code."""

import secrets

from sqlalchemy import select

from app.extensions import db
from app.models import Letter, Signature, SignedRevision


def new_code() -> str:
    """An unguessable verification code (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def record_revision(
    letter: Letter, signature: Signature, code: str, pdf_sha256: str
) -> SignedRevision:
    """Remember which signature's QR code carries `code`, and the PDF that signature made (in the
    caller's transaction)."""
    revision = SignedRevision(letter=letter, signature=signature, code=code, pdf_sha256=pdf_sha256)
    db.session.add(revision)
    return revision


def revision_by_code(code: str) -> SignedRevision | None:
    """The signed revision behind a verification code, if the code is one."""
    if not code or len(code) > 64:
        return None
    return db.session.scalar(select(SignedRevision).where(SignedRevision.code == code))
