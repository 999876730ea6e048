"""Check every signature in a PDF against the given trust roots."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .errors import DocumentTooComplex, InvalidDocument

log = logging.getLogger(__name__)

# Changes after a signature that leave what the signer saw intact: our own
# next signature (a new field with its appearance) is FORM_FILLING.
ACCEPTABLE_LATER_CHANGES = ("NONE", "LTA_UPDATES", "FORM_FILLING")

# Either usage is enough; open_pkcs12 applies the same rule when signing.
_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})


@dataclass(frozen=True)
class ValidationLimits:
    """Bounds on the work one check may do: a letter has a handful of signatures and revisions.

    Validation cost grows much faster than the file (each /Sig field is validated with a difference
    analysis over every later revision), so a small crafted file could hold a worker for minutes.
    """

    max_signatures: int = 20
    max_revisions: int = 50
    max_objects: int = 2000  # a two-signature letter has about 30
    time_budget: float = 5.0  # seconds; checked before each signature is validated


@dataclass(frozen=True)
class SignatureCheck:
    field_name: str
    signer_name: str
    signed_at: datetime | None
    intact: bool
    trusted: bool
    covers_document: bool
    modification_level: str
    certificate_fingerprint: str
    # Time in the RFC 3161 signature timestamp token when the signature carries
    # one that is intact and trusted (PAdES B-T); None for B-B signatures or a
    # timestamp that does not hold. Unlike signed_at (what the signer's clock
    # claimed), this time is vouched for by the timestamp authority.
    timestamp_at: datetime | None = None

    @property
    def valid(self) -> bool:
        """Intact, trusted, and nothing but signatures or form filling added after it."""
        return self.intact and self.trusted and self.modification_level in ACCEPTABLE_LATER_CHANGES


def _load_roots(trust_roots_pem: list[bytes]) -> list[asn1_x509.Certificate]:
    roots: list[asn1_x509.Certificate] = []
    for data in trust_roots_pem:
        if pem.detect(data):
            roots.extend(
                asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)
            )
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


def validate_pdf(
    pdf: bytes,
    trust_roots_pem: list[bytes],
    *,
    at: datetime | None = None,
    limits: ValidationLimits = ValidationLimits(),
) -> list[SignatureCheck]:
    """Check every signature in the PDF with pyHanko's validator against the given trust roots.

    `at` is the moment for certificate validity (default now), for signer and
    TSA certificates alike. A signature with a trusted RFC 3161 timestamp reports
    its time in `timestamp_at`; without one, `signed_at` is only the signer's claim.
    A file beyond `limits` raises DocumentTooComplex before (or, for the time budget, while) it is
    checked.
    """
    deadline = time.monotonic() + limits.time_budget
    roots = _load_roots(trust_roots_pem)
    try:
        reader = PdfFileReader(BytesIO(pdf))
        _check_size(reader, limits)
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidDocument(f"the PDF cannot be read: {exc}") from exc
    if len(embedded) > limits.max_signatures:
        raise DocumentTooComplex(f"{len(embedded)} signatures (at most {limits.max_signatures})")
    checks = []
    for sig in embedded:
        if time.monotonic() > deadline:
            raise DocumentTooComplex(f"the check took over {limits.time_budget:g} s")
        checks.append(_check(sig, roots, at))
    return checks


def _check_size(reader: PdfFileReader, limits: ValidationLimits) -> None:
    """Refuse files with more revisions or objects than any letter has, before any costly work."""
    xrefs = reader.xrefs
    if xrefs.total_revisions > limits.max_revisions:
        raise DocumentTooComplex(
            f"{xrefs.total_revisions} revisions (at most {limits.max_revisions})"
        )
    objects = 0
    for revision in range(xrefs.total_revisions):
        objects += sum(1 for _ in xrefs.explicit_refs_in_revision(revision))
        if objects > limits.max_objects:
            raise DocumentTooComplex(f"over {limits.max_objects} objects")
    # pyHanko's [] dereferences indirect objects; .get() would not
    form = reader.root["/AcroForm"] if "/AcroForm" in reader.root else {}  # noqa: SIM401
    fields = form["/Fields"] if "/Fields" in form else []  # noqa: SIM401
    if len(fields) > limits.max_signatures * 4:
        raise DocumentTooComplex(f"{len(fields)} form fields")


def _check(sig, roots: list[asn1_x509.Certificate], at: datetime | None) -> SignatureCheck:
    field_name = str(sig.field_name)
    name, fingerprint = "", ""
    try:
        cert = sig.signer_cert
        fingerprint = hashlib.sha256(cert.dump()).hexdigest()
        name = cert.subject.native.get("common_name", "")
        context = ValidationContext(trust_roots=roots, moment=at, allow_fetching=False)
        status = validate_pdf_signature(sig, context, key_usage_settings=_KEY_USAGE)
    except Exception as exc:
        # A damaged signature container trips pyHanko in many ways (seen:
        # ValueError, SignatureValidationError, even AttributeError); for the
        # reader of the letter it is simply a signature that does not hold.
        log.info("signature %s cannot be validated: %r", field_name, exc)
        return SignatureCheck(field_name, name, None, False, False, False, "OTHER", fingerprint)
    level = status.modification_level
    return SignatureCheck(
        field_name=field_name,
        signer_name=name,
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        # None means pyHanko could not run its difference analysis: assume the worst.
        modification_level=level.name if level is not None else "OTHER",
        certificate_fingerprint=fingerprint,
        timestamp_at=_timestamp_at(status),
    )


def _timestamp_at(status) -> datetime | None:
    ts = status.timestamp_validity
    if ts is None or not (ts.intact and ts.valid and ts.trusted):
        return None
    return ts.timestamp
