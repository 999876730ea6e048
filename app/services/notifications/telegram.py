"""Linking an official's Telegram chat: they send `/start CODE` to the bot, the scheduler reads the
bot's updates and ties that chat to the official whose one-time code it is."""

from flask import current_app
from sqlalchemy import select

from app.domain.notifications import Channel
from app.extensions import db
from app.models.notification import NotificationSetting
from app.services.internal.database import committing
from app.services.notifications import channels
from app.services.notifications.outbox import add_message

# Per bot (API URL and token): the Bot API forgets the updates below the offset we confirm.
_next_update: dict[str, int] = {}


def link_telegram_chats() -> int:
    """Read the bot's new messages and link each chat that sent a valid `/start CODE`."""
    if Channel.TELEGRAM not in channels.enabled_channels(current_app.config):
        return 0
    bot = f"{current_app.config['TELEGRAM_API_URL']}|{current_app.config['TELEGRAM_BOT_TOKEN']}"
    try:
        updates = channels.telegram_updates(current_app.config, _next_update.get(bot))
    except channels.DeliveryFailed:
        return 0  # the Bot API is unreachable: try again on the next tick
    linked = 0
    for update in updates:
        _next_update[bot] = update["update_id"] + 1
        message = update.get("message") or {}
        command, _, code = (message.get("text") or "").partition(" ")
        if command != "/start" or not code.strip():
            continue
        chat_id = str(message.get("chat", {}).get("id", ""))
        if chat_id and _link(code.strip(), chat_id, update["update_id"]):
            linked += 1
    return linked


def _link(code: str, chat_id: str, update_id: int) -> bool:
    with committing():
        settings = db.session.scalar(
            select(NotificationSetting).where(NotificationSetting.telegram_link_code == code)
        )
        if settings is None:
            return False
        settings.telegram_chat_id = chat_id
        settings.telegram_link_code = None  # one time only
        if Channel.TELEGRAM.value not in (settings.channels or []):
            settings.channels = sorted({*(settings.channels or []), Channel.TELEGRAM.value})
        add_message(
            Channel.TELEGRAM.value,
            chat_id,
            "Akun Telegram Anda sudah terhubung dengan Layang.",
            f"telegram-link-{update_id}",
        )
    return True
