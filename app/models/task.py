"""The inbox: one row per open (or finished) user task, so inbox pages never load a workflow."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.letter import Letter
from app.models.office import Office
from app.models.user import User


class TaskState(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Task(Model):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_inbox", "state", "role", "office_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    engine_id: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(60))  # BPMN element id
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(30))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    signing: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(20), default=TaskState.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overdue_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime()
    )  # when the due-date timer fired
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    # A signing in progress (services/internal/signing_lease.py): who holds it is in the history;
    # the token tells the holder's record step from a late one after the lease was taken over.
    signing_token: Mapped[str | None] = mapped_column(String(32))
    signing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())

    letter: Mapped[Letter] = relationship()
    office: Mapped[Office] = relationship(lazy="joined")
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id], lazy="joined")
