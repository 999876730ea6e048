"""Drive letters through the API, recording what was saved after each call (replay checks)."""

import hashlib
import re
import zlib

from sqlalchemy import func, select

from app.extensions import db
from app.models import LetterEvent
from tests.conftest import PASSPHRASE
from tests.e2e.journeys import inbox_task


class Journey:
    """One letter's journey: each API call is followed by a look at the saved letter (oracle)."""

    def __init__(self, app, api_as, payload: dict, creator: str = "operator.bogem"):
        self.app, self._sign_in, self._clients = app, api_as, {}
        self.observer = self.api_as("auditor.blora")
        response = self.api_as(creator).post("/letters", json=payload)
        assert response.status_code == 201, response.get_json()
        self.letter_id = response.get_json()["id"]
        self.observed: dict[
            int, dict
        ] = {}  # last event seq after a call -> the letter as saved then
        self.observe()

    def api_as(self, username: str):
        """One sign-in per user for the whole journey (password hashing is slow on purpose)."""
        if username not in self._clients:
            self._clients[username] = self._sign_in(username)
        return self._clients[username]

    def last_seq(self) -> int:
        with self.app.app_context():
            return db.session.scalar(
                select(func.max(LetterEvent.seq)).where(LetterEvent.letter_id == self.letter_id)
            )

    def observe(self) -> None:
        letter = self.observer.get(f"/letters/{self.letter_id}").get_json()
        pdf = self.observer.get(f"/letters/{self.letter_id}/pdf").data
        self.observed[self.last_seq()] = {
            "letter": letter,
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        }

    def task(self, username: str, step: str) -> dict:
        return inbox_task(self.api_as(username), self.letter_id, step)

    def post(self, username: str, path: str, body: dict | None = None, status: int = 200) -> dict:
        response = self.api_as(username).post(path, json=body or {})
        assert response.status_code == status, response.get_json()
        self.observe()
        return response.get_json()

    def claim(self, username: str, step: str) -> None:
        self.post(username, f"/tasks/{self.task(username, step)['id']}/claim")

    def unclaim(self, username: str, step: str) -> None:
        self.post(username, f"/tasks/{self.task(username, step)['id']}/unclaim")

    def act(self, username: str, step: str, decision: str = "approve", **body) -> dict:
        task = self.task(username, step)
        if task["signing"] and decision == "approve":
            body.setdefault("passphrase", PASSPHRASE)
        return self.post(username, f"/tasks/{task['id']}/complete", {"decision": decision, **body})


def pdf_text(pdf: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (inflates its content streams; enough for ours)."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    text = b"".join(re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", b"\n".join(chunks)))
    return text.decode("latin-1")
