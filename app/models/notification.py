"""Notifications: the in-app list, the outbox that delivers them over other channels, and each
official's choices (channels, addresses, quiet hours); plus the scheduler's lease and timers."""

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, Unicode
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow


class Notification(Model):
    """One message for one official, shown in the app (the bell) and copied to their channels."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))  # domain.notifications.Kind
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))  # a path inside Layang, e.g. /tugas/12
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OutboxMessage(Model):
    """A message to deliver over one external channel, written in the transaction that caused it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))
    channel: Mapped[str] = mapped_column(String(20))  # email, telegram, whatsapp
    address: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(20), default="pending"
    )  # pending/sending/sent/failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NotificationSetting(Model):
    """An official's channels, addresses and quiet hours (WIB)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    channels: Mapped[list] = mapped_column(JSON, default=list)  # e.g. ["email", "telegram"]
    email: Mapped[str | None] = mapped_column(String(200))
    whatsapp: Mapped[str | None] = mapped_column(String(30))
    telegram_chat_id: Mapped[str | None] = mapped_column(String(40))
    telegram_link_code: Mapped[str | None] = mapped_column(String(40), unique=True)
    quiet_from: Mapped[str | None] = mapped_column(String(5))  # "21:00", WIB
    quiet_until: Mapped[str | None] = mapped_column(String(5))  # "06:00", WIB


class SchedulerLease(Model):
    """Which app process runs the scheduler now; another takes over when the lease runs out."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ScheduledJob(Model):
    """APScheduler's job store (its own table layout), so scheduled jobs outlive every process."""

    __tablename__ = "scheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)


class Timer(Model):
    """A service-level timer of an open task: fires once at `due_at` (reminder or escalation)."""

    __tablename__ = "timers"
    __table_args__ = (Index("ix_timers_due", "fired_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # reminder, escalation
    boundary_id: Mapped[str] = mapped_column(String(60))  # the BPMN boundary event's id
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    data: Mapped[dict] = mapped_column(JSON, default=dict)
