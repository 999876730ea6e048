"""Local servers for the notification channels: a real SMTP server (aiosmtpd) that keeps what it
receives, and faithful fakes of the Telegram Bot API and of a Fonnte-style WhatsApp gateway (both
external services, reached over real HTTP on 127.0.0.1). Each can be taken down and brought back."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self):
        self.port = free_port()
        self.messages: list = []
        self._controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


class _HttpFake:
    """A small HTTP server on its own thread; `down` makes it answer 502 like a dead gateway."""

    def __init__(self):
        self.port = free_port()
        self.requests: list[dict] = []
        self.down = False
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def handle(self, path: str, headers, body: bytes) -> tuple[int, dict]:
        raise NotImplementedError

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if fake.down:
                    status, reply = 502, {"ok": False, "status": False, "reason": "bad gateway"}
                else:
                    status, reply = fake.handle(self.path, self.headers, body)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class FakeTelegram(_HttpFake):
    """The Bot API methods Layang uses: sendMessage and getUpdates, under /bot<token>/."""

    def __init__(self, token: str = "123456:TEST-TOKEN"):
        super().__init__()
        self.token = token
        self.sent: list[dict] = []
        self.updates: list[dict] = []

    def user_says(self, chat_id: int, text: str) -> None:
        """A person sends `text` to the bot from chat `chat_id`."""
        update_id = len(self.updates) + 1
        self.updates.append(
            {
                "update_id": update_id,
                "message": {
                    "message_id": update_id,
                    "chat": {"id": chat_id, "type": "private"},
                    "text": text,
                },
            }
        )

    def handle(self, path, headers, body):
        url = urlsplit(path)
        prefix = f"/bot{self.token}/"
        if not url.path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = url.path[len(prefix) :]
        if method == "sendMessage":
            payload = json.loads(body or b"{}")
            if not payload.get("chat_id") or not payload.get("text"):
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request"}
            self.sent.append({**payload, "idempotency_key": headers.get("Idempotency-Key")})
            return 200, {
                "ok": True,
                "result": {"message_id": len(self.sent), "text": payload["text"]},
            }
        if method == "getUpdates":
            offset = int(parse_qs(url.query).get("offset", ["0"])[0])
            return 200, {
                "ok": True,
                "result": [u for u in self.updates if u["update_id"] >= offset],
            }
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}


class FakeWhatsApp(_HttpFake):
    """A Fonnte-style gateway: POST /send, form `target` and `message`, `Authorization: <token>`."""

    def __init__(self, token: str = "fonnte-test-token"):
        super().__init__()
        self.token = token
        self.sent: list[dict] = []

    @property
    def send_url(self) -> str:
        return f"{self.url}/send"

    def handle(self, path, headers, body):
        if headers.get("Authorization") != self.token:
            return 200, {"status": False, "reason": "invalid token"}
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if not form.get("target"):
            return 200, {"status": False, "reason": "target invalid"}
        self.sent.append({**form, "idempotency_key": headers.get("Idempotency-Key")})
        return 200, {"status": True, "detail": "success! message in queue", "id": [len(self.sent)]}
