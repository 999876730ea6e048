"""Errors raised by the signing package; the app maps them to user messages."""


class SigningError(Exception):
    """Base: signing failed, nothing was produced."""


class BadPassphrase(SigningError):
    """The passphrase does not open the signer's PKCS#12."""


class CertificateProblem(SigningError):
    """The certificate is expired, not yet valid, or unusable for signing."""


class InvalidDocument(SigningError):
    """The PDF cannot be read (truncated, corrupted, not a PDF)."""


class DocumentTooComplex(SigningError):
    """More signatures, revisions or objects than a letter has, or the check ran out of time."""


class ServiceUnavailable(SigningError):
    """A remote signing or timestamp service did not answer (timeout, refused, server error)."""
