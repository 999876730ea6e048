"""Fixtures for notification tests: real local channel servers and an app that uses them."""

import pytest

from tests.fakes.channels import FakeTelegram, FakeWhatsApp, SmtpSink


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def telegram():
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@pytest.fixture
def whatsapp():
    fake = FakeWhatsApp().start()
    yield fake
    fake.stop()


@pytest.fixture
def channel_app(make_app, smtp_sink, telegram, whatsapp):
    """The app with every channel switched on, pointed at the local servers."""
    return make_app(
        SMTP_URL=smtp_sink.url,
        MAIL_FROM="layang@blora.test",
        TELEGRAM_BOT_TOKEN=telegram.token,
        TELEGRAM_API_URL=telegram.url,
        WHATSAPP_URL=whatsapp.send_url,
        WHATSAPP_TOKEN=whatsapp.token,
    )
