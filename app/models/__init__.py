"""Typed SQLAlchemy models, one module per family."""
from app.models.office import Office
from app.models.user import User, SignerCertificate
from app.models.route import Route, RouteDeployment, RouteVersion, LetterType
from app.models.letter import Letter, Signature, NumberSequence
from app.models.task import Task, TaskState
from app.models.delegation import Delegation
from app.models.event import AuditBlob, AuditDigest, AuditRead, LetterEvent

__all__ = ["Office", "User", "SignerCertificate", "Route", "RouteDeployment", "RouteVersion", "LetterType", "Letter",
           "Signature", "NumberSequence", "Task", "TaskState", "LetterEvent", "AuditBlob", "AuditDigest", "AuditRead",
           "Delegation"]
