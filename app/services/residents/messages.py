"""Messages to residents (one-time codes, fix requests, finished letters), through Layang's outbox.

Residents are not users: they are reached at the address they gave, over a channel the kabupaten
configured (WhatsApp, Telegram or e-mail). Sending is queued in the caller's transaction, so a
message exists exactly when the change that caused it was committed.
"""

from flask import current_app

from app.services import notifications

# Telegram reaches only chats that wrote to the bot first, so residents are offered the others.
RESIDENT_CHANNELS = ("whatsapp", "email")


def available_channels() -> list[str]:
    """The channels a resident can choose for one-time codes and news, in the order offered."""
    switched_on = {code for code, _label in notifications.channel_choices()}
    return [channel for channel in RESIDENT_CHANNELS if channel in switched_on]


def send(channel: str, address: str, text: str, key: str) -> None:
    """Queue `text` to a resident's address; `key` makes a retried action queue it once."""
    notifications.send_to_address(channel, address, text, key)


def link(path: str) -> str:
    """An absolute link into Layang's public pages, for a message."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
