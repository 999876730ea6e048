"""Check every signature in a PDF against the given trust roots."""

from __future__ import annotations

import hashlib
import logging
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

from .errors import InvalidDocument

log = logging.getLogger(__name__)

# Changes after a signature that leave what the signer saw intact: our own
# next signature (a new field with its appearance) is FORM_FILLING.
ACCEPTABLE_LATER_CHANGES = ("NONE", "LTA_UPDATES", "FORM_FILLING")

# Either usage is enough; open_pkcs12 applies the same rule when signing.
_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})


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
    pdf: bytes, trust_roots_pem: list[bytes], *, at: datetime | None = None
) -> list[SignatureCheck]:
    """Check every signature in the PDF with pyHanko's validator against the given trust roots.

    `at` is the moment for certificate validity (default now), for signer and
    TSA certificates alike. A signature with a trusted RFC 3161 timestamp reports
    its time in `timestamp_at`; without one, `signed_at` is only the signer's claim.
    """
    roots = _load_roots(trust_roots_pem)
    try:
        reader = PdfFileReader(BytesIO(pdf))
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidDocument(f"the PDF cannot be read: {exc}") from exc
    return [_check(sig, roots, at) for sig in embedded]


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
