"""Notifications: tell officials (and, through `send_to_address`, residents) what waits for them.

In-app notifications are rows read by the bell; every other channel goes through the outbox
(outbox.py), written in the caller's transaction and delivered by the scheduler's sender.
"""

import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from app.domain.errors import InvalidInput, NotAllowed, NotFound
from app.domain.notifications import (
    CHANNEL_LABELS,
    SUBJECTS,
    Channel,
    Kind,
    after_quiet_hours,
    message_text,
    parse_clock,
)
from app.domain.roles import Role
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from app.models.notification import Notification, NotificationSetting, OutboxMessage
from app.services.internal.database import committing
from app.services.internal.pagination import Page, page_of
from app.services.notifications.channels import enabled_channels
from app.services.notifications.outbox import FAILED, PENDING, add_message, deliver_due

__all__ = [
    "InvalidInput",
    "deliver_due",
    "list_notifications",
    "mark_read",
    "notify_user",
    "send_to_address",
    "unread_count",
]


def send_to_address(
    channel: str, address: str, text: str, idempotency_key: str, subject: str = "Layang"
) -> OutboxMessage:
    """Queue a message to an address (e.g. a resident's one-time code) in the caller's transaction.

    Raises InvalidInput when the channel is not configured. Delivery follows the outbox rules:
    retries with backoff, at least once, the same `idempotency_key` queued once.
    """
    if channel not in set(enabled_channels(current_app.config)):
        raise InvalidInput(
            "Saluran pengiriman ini tidak aktif.", fields={"channel": ["Saluran tidak aktif."]}
        )
    if not address:
        raise InvalidInput("Alamat tujuan wajib diisi.", fields={"address": ["Wajib diisi."]})
    return add_message(channel, address, text, idempotency_key, subject=subject)


def notify_user(
    user: User,
    kind: Kind,
    facts: dict,
    link: str,
    letter_id: int | None = None,
    now: datetime | None = None,
) -> Notification:
    """Write one notification for an official, and its copies for their chosen channels, in the
    caller's transaction; external copies wait for the end of the official's quiet hours."""
    now = now or utcnow()
    text = message_text(kind, facts)
    notification = Notification(
        user_id=user.id, kind=kind.value, letter_id=letter_id, text=text, link=link, created_at=now
    )
    db.session.add(notification)
    db.session.flush()
    settings = settings_of(user)
    not_before = after_quiet_hours(
        now, parse_clock(settings.quiet_from), parse_clock(settings.quiet_until)
    )
    full_text = f"{text}\n{deep_link(link)}"
    for channel, address in chosen_addresses(user, settings).items():
        add_message(
            channel,
            address,
            full_text,
            f"n{notification.id}-{channel}",
            subject=SUBJECTS[kind],
            notification_id=notification.id,
            not_before=not_before,
        )
    return notification


def deep_link(path: str) -> str:
    """The absolute address of a page of Layang; pages ask to sign in first and then open it."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def settings_of(user: User) -> NotificationSetting:
    """The official's notification settings (defaults when never saved: every channel with an
    address, no quiet hours)."""
    settings = db.session.get(NotificationSetting, user.id)
    if settings is None:
        settings = NotificationSetting(
            user_id=user.id, channels=[c.value for c in Channel], email=_user_email(user)
        )
    return settings


def chosen_addresses(user: User, settings: NotificationSetting) -> dict[str, str]:
    """Channel -> address for each channel the official chose, that is on and has an address."""
    addresses = {
        Channel.EMAIL: settings.email or _user_email(user),
        Channel.TELEGRAM: settings.telegram_chat_id,
        Channel.WHATSAPP: settings.whatsapp or user.phone,
    }
    enabled = enabled_channels(current_app.config)
    return {
        channel.value: address
        for channel, address in addresses.items()
        if address and channel in enabled and channel.value in (settings.channels or [])
    }


def _user_email(user: User) -> str | None:
    return user.email  # the address on the official's record, unless they chose another


def list_notifications(
    user: User, unread_only: bool = False, limit: int = 20, cursor: str | None = None
) -> Page:
    """My in-app notifications, newest first, with how many there are."""
    condition = Notification.user_id == user.id
    if unread_only:
        condition = condition & Notification.read_at.is_(None)
    total = db.session.scalar(select(func.count(Notification.id)).where(condition))
    return page_of(select(Notification).where(condition), Notification.id, limit, cursor, total)


def unread_count(user: User) -> int:
    """How many of my notifications I have not read (the number on the bell)."""
    unread = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )
    return unread or 0


def _refuse_auditor(user: User) -> None:
    if user.role == Role.AUDITOR:  # the Inspektorat reads; it changes nothing, not even this
        raise NotAllowed("Auditor hanya dapat membaca.")


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of my notifications as read."""
    _refuse_auditor(user)
    with committing():
        notification = db.session.get(Notification, notification_id)
        if notification is None or notification.user_id != user.id:
            raise NotFound("Notifikasi tidak ditemukan.")
        notification.read_at = notification.read_at or utcnow()
    return notification


def mark_all_read(user: User) -> None:
    """Mark all my notifications as read."""
    _refuse_auditor(user)
    with committing():
        for notification in db.session.scalars(
            select(Notification).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        ):
            notification.read_at = utcnow()


def channel_choices() -> list[tuple[str, str]]:
    """(code, label) of the channels this installation has switched on."""
    enabled = enabled_channels(current_app.config)
    return [(c.value, CHANNEL_LABELS[c]) for c in Channel if c in enabled]


def save_settings(
    user: User,
    channels: list[str],
    email: str | None,
    whatsapp: str | None,
    quiet_from: str | None,
    quiet_until: str | None,
) -> NotificationSetting:
    """Save which channels I want, my addresses and my quiet hours (WIB)."""
    _refuse_auditor(user)
    errors = {}
    for name, value in (("quiet_from", quiet_from), ("quiet_until", quiet_until)):
        try:
            parse_clock(value)
        except ValueError:
            errors[name] = ["Tulis jam seperti 21:00."]
    if bool(quiet_from) != bool(quiet_until):
        errors["quiet_until"] = ["Isi jam mulai dan jam selesai, atau kosongkan keduanya."]
    unknown = set(channels) - {c.value for c in Channel}
    if unknown:
        errors["channels"] = ["Saluran tidak dikenal."]
    if whatsapp and not whatsapp.lstrip("+").isdigit():
        errors["whatsapp"] = ["Nomor WhatsApp hanya berisi angka."]
    if email and "@" not in email:
        errors["email"] = ["Alamat e-mail tidak valid."]
    if errors:
        raise InvalidInput("Pengaturan notifikasi tidak valid.", fields=errors)
    with committing():
        settings = db.session.get(NotificationSetting, user.id) or NotificationSetting(
            user_id=user.id
        )
        settings.channels = sorted(set(channels))
        settings.email = email or None
        settings.whatsapp = whatsapp or None
        settings.quiet_from = quiet_from or None
        settings.quiet_until = quiet_until or None
        db.session.add(settings)
    return settings


def start_telegram_link(user: User) -> str:
    """A one-time code the official sends to the bot as `/start CODE` to link their chat."""
    _refuse_auditor(user)
    with committing():
        settings = db.session.get(NotificationSetting, user.id) or settings_of(user)
        settings.telegram_link_code = secrets.token_urlsafe(12)
        db.session.add(settings)
    return settings.telegram_link_code


def list_failed_messages(admin: User, limit: int = 100) -> list[OutboxMessage]:
    """Messages given up after the last try, newest first (admin only)."""
    if admin.role != Role.ADMIN_KABUPATEN:
        raise NotAllowed("Hanya admin kabupaten yang dapat melihat pengiriman gagal.")
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == FAILED)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )


def retry_failed_message(admin: User, message_id: int) -> OutboxMessage:
    """Put a failed message back in the queue with fresh tries (admin only)."""
    if admin.role != Role.ADMIN_KABUPATEN:
        raise NotAllowed("Hanya admin kabupaten yang dapat mengirim ulang.")
    with committing():
        message = db.session.get(OutboxMessage, message_id)
        if message is None or message.status != FAILED:
            raise NotFound("Pesan gagal tidak ditemukan.")
        message.status, message.attempts, message.next_attempt_at = PENDING, 0, utcnow()
    return message
