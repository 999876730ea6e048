"""Errors a user can act on. Each carries a stable code; the API and web layers map them to
answers."""


class DomainError(Exception):
    """Base for errors the user can act on; carries a stable code."""

    code = "domain_error"

    def __init__(self, message: str, *, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class WorkflowError(DomainError):
    """The route could not be loaded or the process could not advance."""

    code = "workflow_error"


class NotFound(DomainError):
    """The thing does not exist, or is outside the user's office."""

    code = "not_found"


class NotAllowed(DomainError):
    """The user's role may not do this."""

    code = "forbidden"


class AuthenticationFailed(DomainError):
    """Wrong username, password or token."""

    code = "unauthorized"


class InvalidInput(DomainError):
    """Input failed validation; `fields` maps each field to its messages."""

    code = "invalid_input"


class Conflict(DomainError):
    """Someone else got there first: the task is taken or already done."""

    code = "conflict"


class RuleRefused(DomainError):
    """The input is well-formed but a business rule refuses it."""

    code = "rule_refused"


class BadPassphrase(RuleRefused):
    """The passphrase typed for the signing certificate is wrong."""

    code = "bad_passphrase"


class CertificateUnusable(RuleRefused):
    """The signer's certificate is missing, expired or revoked."""

    code = "certificate_unusable"


class TooManyAttempts(DomainError):
    """Too many attempts in a short time; try again after `retry_after` seconds."""

    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int, fields: dict | None = None):
        super().__init__(message, fields=fields)
        self.retry_after = retry_after


class SigningFailed(RuleRefused):
    """The signature could not be made; nothing was changed."""

    code = "signing_failed"


class DecisionNotAvailable(RuleRefused):
    """The route does not handle this decision at this step (e.g. reject where none is wired)."""

    code = "decision_not_available"


class SignaturesIncomplete(RuleRefused):
    """The letter would finish without a valid, standing signature for a signing step it passed."""

    code = "signatures_incomplete"


class PasswordChangeRequired(NotAllowed):
    """The password an admin gave must be replaced before anything else."""

    code = "password_change_required"


class DocumentTooComplex(DomainError):
    """An uploaded document is beyond what a letter can be; checking it would take too long."""

    code = "document_too_complex"
