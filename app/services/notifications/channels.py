"""Delivery over external channels: e-mail (SMTP), Telegram (Bot API), WhatsApp (HTTP gateway).

Each `send_*` takes the channel settings from the app config, delivers one message or raises
DeliveryFailed. The idempotency key travels with the message (Message-ID, an HTTP header) so a
receiver that keeps keys can drop a repeat delivery after a crash between sending and recording.
"""

import json
import smtplib
from email.message import EmailMessage
from email.utils import formatdate
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from app.domain.notifications import Channel

TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):
    """The channel did not accept the message (down, refused, misconfigured)."""


def enabled_channels(config) -> set[Channel]:
    """The channels configured for this installation; a channel without settings is off."""
    enabled = set()
    if config.get("SMTP_URL"):
        enabled.add(Channel.EMAIL)
    if config.get("TELEGRAM_BOT_TOKEN") and config.get("TELEGRAM_API_URL"):
        enabled.add(Channel.TELEGRAM)
    if config.get("WHATSAPP_URL") and config.get("WHATSAPP_TOKEN"):
        enabled.add(Channel.WHATSAPP)
    return enabled


def send(config, channel: str, address: str, subject: str, text: str, key: str) -> None:
    """Deliver one message over `channel`; raise DeliveryFailed when the channel refuses it."""
    senders = {
        Channel.EMAIL: send_email,
        Channel.TELEGRAM: send_telegram,
        Channel.WHATSAPP: send_whatsapp,
    }
    if Channel(channel) not in enabled_channels(config):
        raise DeliveryFailed(f"channel {channel} is not configured")
    senders[Channel(channel)](config, address, subject, text, key)


def send_email(config, address: str, subject: str, text: str, key: str) -> None:
    """One plain-text mail through the SMTP server of LAYANG_SMTP_URL (smtp://host:port)."""
    url = urlsplit(config["SMTP_URL"])
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or "layang@localhost"
    message["To"] = address
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{key}@layang>"
    message.set_content(text)
    try:
        with smtplib.SMTP(url.hostname, url.port or 25, timeout=TIMEOUT_SECONDS) as smtp:
            if url.scheme == "smtp+starttls":
                smtp.starttls()
            if url.username:
                smtp.login(url.username, url.password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as err:
        raise DeliveryFailed(f"smtp: {err}") from None


def send_telegram(config, chat_id: str, subject: str, text: str, key: str) -> None:
    """Bot API sendMessage to a linked chat."""
    url = f"{config['TELEGRAM_API_URL'].rstrip('/')}/bot{config['TELEGRAM_BOT_TOKEN']}/sendMessage"
    body = json.dumps({"chat_id": chat_id, "text": text}).encode()
    reply = _post(url, body, {"Content-Type": "application/json", "Idempotency-Key": key})
    if not reply.get("ok"):
        raise DeliveryFailed(f"telegram: {reply.get('description', 'not ok')}")


def telegram_updates(config, offset: int | None) -> list[dict]:
    """Bot API getUpdates: the messages people sent to the bot since `offset`."""
    base = config["TELEGRAM_API_URL"].rstrip("/")
    query = urlencode({"offset": offset, "timeout": 0} if offset else {"timeout": 0})
    reply = _post(f"{base}/bot{config['TELEGRAM_BOT_TOKEN']}/getUpdates?{query}", b"{}", {})
    if not reply.get("ok"):
        raise DeliveryFailed(f"telegram: {reply.get('description', 'not ok')}")
    return reply.get("result", [])


def send_whatsapp(config, phone: str, subject: str, text: str, key: str) -> None:
    """Fonnte-style gateway: POST form `target`, `message`, `countryCode`; `Authorization: <token>`.

    The answer is JSON with `status` true when the gateway queued the message.
    """
    body = urlencode({"target": phone, "message": text, "countryCode": "62"}).encode()
    headers = {
        "Authorization": config["WHATSAPP_TOKEN"],
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": key,
    }
    reply = _post(config["WHATSAPP_URL"], body, headers)
    if reply.get("status") is not True:
        raise DeliveryFailed(f"whatsapp: {reply.get('reason', 'not sent')}")


def _post(url: str, body: bytes, headers: dict) -> dict:
    try:
        with urlopen(
            Request(url, data=body, headers=headers, method="POST"), timeout=TIMEOUT_SECONDS
        ) as reply:
            return json.loads(reply.read() or b"{}")
    except HTTPError as err:
        try:
            return json.loads(err.read() or b"{}") | {"ok": False, "status": False}
        except ValueError:
            raise DeliveryFailed(f"HTTP {err.code}") from None
    except (URLError, OSError, ValueError) as err:
        raise DeliveryFailed(str(err)) from None
