"""A Layang server signing through the fake BSrE; what must hold of its letters after a crash."""

import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select

from app import create_app
from app.config import TestConfig
from app.domain.dates import WIB
from app.extensions import db
from app.models import Letter, LetterEvent, NumberSequence, Office, Task
from app.services import demo
from tests.backends.conftest import BSRE_PASSPHRASE, KADES_NIK
from tests.conftest import SKD
from tests.fakes.bsre import CLIENT_ID, CLIENT_SECRET, FakeBsre
from tests.served import ROOT, answers, call, free_port, kill_hard, start_gunicorn, stop, wait_for


@dataclass
class SigningServer:
    """gunicorn (three workers) on one database, signing through a fake BSrE in this process."""

    database_url: str
    trust_roots: str
    log: Path
    bsre: FakeBsre = field(default_factory=FakeBsre)
    port: int = field(default_factory=free_port)
    process: object = None

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    @property
    def env(self) -> dict:
        return {
            "FLASK_APP": "wsgi.py",
            "LAYANG_WORKERS": "3",
            "LAYANG_PORT": str(self.port),
            "LAYANG_DATABASE_URL": self.database_url,
            "LAYANG_SECRET_KEY": "remote-signing-test-secret",
            "LAYANG_CERT_KEY": "dGVzdC1vbmx5LWNlcnQta2V5LTMyLWJ5dGVzLWxvbmc=",
            "LAYANG_TRUST_ROOTS": self.trust_roots,
            "LAYANG_SIGNER_BACKEND": "bsre",
            "LAYANG_BSRE_URL": self.bsre.url,
            "LAYANG_BSRE_CLIENT_ID": CLIENT_ID,
            "LAYANG_BSRE_CLIENT_SECRET": CLIENT_SECRET,
            "LAYANG_BSRE_TIMEOUT": "10",
            # A crashed signing's step is free again soon: the next round may retry it.
            "LAYANG_SIGNING_LEASE_SECONDS": "3",
        }

    def start(self) -> "SigningServer":
        self.process = start_gunicorn(self.env, self.log)
        wait_for(lambda: answers(self.port), "server up")
        return self

    def crash(self) -> None:
        kill_hard(self.process)

    def stop(self) -> None:
        stop(self.process)

    def login(self, username: str) -> str:
        status, body = call(
            self.api + "/auth/login", {"username": username, "password": demo.DEMO_PASSWORD}
        )
        assert status == 200, body
        return body["token"]


def start_bsre(server: SigningServer) -> None:
    """The kades of Bogem has a BSrE certificate; its CA is trusted next to the test CA."""
    server.bsre.register(KADES_NIK, "Sutrisno", BSRE_PASSPHRASE)
    ca_path = server.log.parent / "bsre-ca.pem"
    ca_path.write_bytes(server.bsre.ca.certificate_pem)
    server.trust_roots += os.pathsep + str(ca_path)
    server.bsre.start()


def skd_for(desa: str) -> dict:
    return {**SKD, "fields": {**SKD["fields"], "alamat": f"RT 01 RW 03 Desa {desa}"}}


def create_letter(server: SigningServer, token: str, desa: str = "Bogem") -> dict:
    status, letter = call(server.api + "/letters", skd_for(desa), token)
    assert status == 201, letter
    return letter


def task_ids(server: SigningServer, token: str, step: str) -> dict[int, int]:
    """{letter id: task id} of the user's open tasks at `step`."""
    status, page = call(server.api + "/tasks?limit=100", token=token)
    assert status == 200, page
    return {t["letter_id"]: t["id"] for t in page["items"] if t["step"] == step}


def approve(server: SigningServer, token: str, task_id: int, timeout: float = 30):
    body = {"decision": "approve", "passphrase": BSRE_PASSPHRASE}
    return call(f"{server.api}/tasks/{task_id}/complete", body, token, timeout=timeout)


def letters_for_kades(server: SigningServer, count: int) -> list[int]:
    """`count` new Bogem letters, checked by the operator: each waits at the kades' signature."""
    operator = server.login("operator.bogem")
    ids = [create_letter(server, operator)["id"] for _ in range(count)]
    checks = task_ids(server, operator, "operator_check")
    for letter_id in ids:
        status, body = call(
            f"{server.api}/tasks/{checks[letter_id]}/complete", {"decision": "approve"}, operator
        )
        assert status == 200, body
    return ids


def signed_letters(database_url: str, letter_ids: list[int]) -> set[int]:
    """Check every letter is before or after its kades signature, never between, that the desa's
    numbers run 1..n without a gap, and that each kades step was done at most once; answer the
    signed ones."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    signed = set()
    with app.app_context():
        for letter in db.session.scalars(select(Letter).where(Letter.id.in_(letter_ids))):
            steps = {
                t.step: t.state for t in db.session.scalars(select(Task).filter_by(letter=letter))
            }
            kinds = [
                e.kind
                for e in db.session.scalars(select(LetterEvent).filter_by(letter_id=letter.id))
            ]
            standing = [s for s in letter.signatures if s.voided_at is None]
            assert kinds.count("signed") == len(standing) <= 1, (letter.id, kinds)
            if standing:  # after: signed once, numbered, handed on
                assert standing[0].step == "kades_sign"
                assert steps == {
                    "operator_check": "completed",
                    "kades_sign": "completed",
                    "handover": "open",
                }, (letter.id, steps)
                assert letter.number and letter.signed_pdf_sha256
                signed.add(letter.id)
            else:  # before: waiting for the kades, nothing signed
                assert steps == {"operator_check": "completed", "kades_sign": "open"}, steps
                assert not letter.signatures and letter.signed_pdf_sha256 is None
                assert letter.status == "in_progress"
        bogem = db.session.scalar(select(Office).filter_by(code="DS-BGM"))
        numbered = db.session.scalars(
            select(Letter).where(Letter.desa_id == bogem.id, Letter.number.is_not(None))
        ).all()
        for year in {letter.issued_at.astimezone(WIB).year for letter in numbered}:
            values = sorted(
                int(letter.number.split("/")[1])
                for letter in numbered
                if letter.issued_at.astimezone(WIB).year == year
            )
            last = db.session.scalar(
                select(NumberSequence.last_value).filter_by(office_id=bogem.id, year=year)
            )
            assert values == list(range(1, last + 1)), (year, values, last)
        db.session.remove()
        db.engine.dispose()
    return signed


def signings_in_flight(database_url: str, letter_ids: list[int], since: datetime) -> int:
    """How many of these letters' signing steps were taken since `since` and are held right now
    (reserved, not yet recorded)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(
                select(func.count(Task.id)).where(
                    Task.letter_id.in_(letter_ids),
                    Task.signing_token.is_not(None),
                    Task.signing_since > since,
                )
            )
    finally:
        engine.dispose()


def release_reasons(database_url: str, letter_ids: list[int]) -> list[str]:
    """Why the letters' signings were released, one entry per `signing_released` event."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        events = db.session.scalars(
            select(LetterEvent).where(
                LetterEvent.letter_id.in_(letter_ids), LetterEvent.kind == "signing_released"
            )
        ).all()
        reasons = [event.data["reason"] for event in events]
        db.session.remove()
        db.engine.dispose()
    return reasons


def audit_verify(server: SigningServer) -> str:
    """`flask audit verify` on the server's database, as an operator runs it; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "audit", "verify"],
        cwd=ROOT,
        env={**os.environ, **server.env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
