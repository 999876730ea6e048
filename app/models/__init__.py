"""Typed SQLAlchemy models, one module per family."""

from app.models.delegation import Delegation
from app.models.event import AuditBlob, AuditDigest, AuditRead, LetterEvent, RequestEvent
from app.models.letter import Letter, NumberSequence, Signature
from app.models.notification import (
    Notification,
    NotificationSetting,
    OutboxMessage,
    ScheduledJob,
    SchedulerLease,
    Timer,
)
from app.models.office import CutiBersama, Office
from app.models.resident import PrivateBlob, RequestAttachment, ResidentPin, ResidentRequest
from app.models.revision import SignedRevision
from app.models.route import LetterType, Route, RouteDeployment, RouteVersion
from app.models.security import AuthSession, ThrottleCounter
from app.models.task import Task, TaskState
from app.models.user import SignerCertificate, User, UserAssignment

__all__ = [
    "AuditBlob",
    "AuditDigest",
    "AuditRead",
    "AuthSession",
    "CutiBersama",
    "Delegation",
    "Letter",
    "LetterEvent",
    "LetterType",
    "Notification",
    "NotificationSetting",
    "NumberSequence",
    "Office",
    "OutboxMessage",
    "PrivateBlob",
    "RequestAttachment",
    "RequestEvent",
    "ResidentPin",
    "ResidentRequest",
    "Route",
    "RouteDeployment",
    "RouteVersion",
    "ScheduledJob",
    "SchedulerLease",
    "Signature",
    "SignedRevision",
    "SignerCertificate",
    "Task",
    "TaskState",
    "ThrottleCounter",
    "Timer",
    "User",
    "UserAssignment",
]
