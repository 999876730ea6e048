"""Render letters as PDF, sign them with PAdES signatures and check signatures.

Plain Python: no Flask, no SQLAlchemy, nothing from `app`.
"""

from . import hex_strings
from .bsre import BsreClient, BsreSession, open_bsre_session
from .ca import CertificateAuthority, create_ca, issue_pkcs12
from .errors import (
    BadPassphrase,
    CertificateProblem,
    DocumentTooComplex,
    InvalidDocument,
    ServiceUnavailable,
    SigningError,
)
from .keys import SignerIdentity, SigningKey, open_pkcs12
from .render import (
    DRAFT_MARK,
    FOOTER_TEXT,
    REJECTED_MARK,
    VOIDED_MARK,
    LetterContent,
    SignatureSlot,
    mark_signed_copy,
    render_letter,
    slot_box,
)
from .sessions import LocalSession, SignedDocument, SigningSession
from .sign import SignatureBlock, http_timestamper, sign_pdf
from .validate import SignatureCheck, ValidationLimits, validate_pdf

hex_strings.install()

__all__ = [
    "DRAFT_MARK",
    "FOOTER_TEXT",
    "REJECTED_MARK",
    "VOIDED_MARK",
    "BadPassphrase",
    "BsreClient",
    "BsreSession",
    "CertificateAuthority",
    "CertificateProblem",
    "DocumentTooComplex",
    "InvalidDocument",
    "LetterContent",
    "LocalSession",
    "ServiceUnavailable",
    "SignatureBlock",
    "SignatureCheck",
    "SignatureSlot",
    "SignedDocument",
    "SignerIdentity",
    "SigningError",
    "SigningKey",
    "SigningSession",
    "ValidationLimits",
    "create_ca",
    "http_timestamper",
    "issue_pkcs12",
    "mark_signed_copy",
    "open_bsre_session",
    "open_pkcs12",
    "render_letter",
    "sign_pdf",
    "slot_box",
    "validate_pdf",
]
