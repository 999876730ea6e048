"""Typed SQLAlchemy models, one module per family."""
from app.models.office import Office
from app.models.user import User, SignerCertificate
from app.models.route import Route, RouteVersion, LetterType
from app.models.letter import Letter, Signature, NumberSequence
from app.models.task import Task, TaskState
from app.models.event import LetterEvent

__all__ = ["Office", "User", "SignerCertificate", "Route", "RouteVersion", "LetterType", "Letter",
           "Signature", "NumberSequence", "Task", "TaskState", "LetterEvent"]
