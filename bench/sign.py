"""Signing speed: one letter (median of many) and a bulk signature of 100 letters, local backend.

Run: .venv/bin/python bench/sign.py [--letters 100] [--rounds 30]
Builds a throwaway SQLite database from the migrations, seeds the demo kabupaten with a fresh CA,
and drives letters through the real services (no HTTP).
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from sqlalchemy import select

import signing
from app import create_app
from app.config import Config
from app.domain.status import Decision, DecisionKind
from app.extensions import db
from app.models import User
from app.services import bulk_signing, demo, inbox, letters

SKD_FIELDS = {
    "tempat_lahir": "Blora",
    "tanggal_lahir": "1985-07-15",
    "alamat": "RT 01 RW 03",
    "keperluan": "bench",
}


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def letters_at_kades(count: int) -> list[int]:
    """Create `count` SKD letters and approve their operator check; return the kades' task ids."""
    operator = user("operator.bogem")
    for _ in range(count):
        letter = letters.create_letter(
            operator, "SKD", {"nik": "3316015507850002", "name": "Sri Rahayu"}, SKD_FIELDS
        )
        task = letters.open_tasks_of(letter)[0]
        inbox.complete_task(operator, task.id, inbox.Completion(Decision(DecisionKind.APPROVE)))
    return [t.id for t in inbox.list_signing_tasks(user("kades.bogem"), limit=count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Config,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db",
            SECRET_KEY="bench",
            PUBLIC_BASE_URL="http://127.0.0.1:5000",
        )
        with app.app_context():
            upgrade()
            demo.seed_demo(signing.create_ca("Bench CA"))
            kades = user("kades.bogem")

            # 1. The signature alone: stamp + PAdES on a rendered one-page letter, key already open.
            session = bulk_signing.signatures.open_signing_session(kades, demo.DEMO_PASSPHRASE)
            task_ids = letters_at_kades(1)
            letter = inbox.get_task(kades, task_ids[0]).letter
            draft = bulk_signing.signatures.current_pdf(letter)
            block = signing.SignatureBlock(
                0,
                "kades_sign",
                signing.SignerIdentity("Sutrisno", "Kepala Desa", "Desa"),
                datetime.now(UTC),
                "http://127.0.0.1:5000/v/x",
            )
            sign_ms = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                session.sign(draft, block)
                sign_ms.append((time.perf_counter() - start) * 1000)

            # 2. One letter through the service: open PKCS#12, number, render, sign, advance, commit
            single_ms = []
            for task_id in letters_at_kades(args.rounds):
                start = time.perf_counter()
                inbox.complete_task(
                    kades,
                    task_id,
                    inbox.Completion(
                        Decision(DecisionKind.APPROVE), passphrase=demo.DEMO_PASSPHRASE
                    ),
                )
                single_ms.append((time.perf_counter() - start) * 1000)

            # 3. Bulk: `--letters` letters, one passphrase entry.
            task_ids = letters_at_kades(args.letters)
            start = time.perf_counter()
            results = bulk_signing.bulk_sign(kades, task_ids, demo.DEMO_PASSPHRASE)
            bulk_s = time.perf_counter() - start
            assert all(r.ok for r in results), [r for r in results if not r.ok][:3]

    print(
        f"sign_pdf (key open, one-page letter): median {statistics.median(sign_ms):.1f} ms "
        f"over {args.rounds} runs (p90 {statistics.quantiles(sign_ms, n=10)[-1]:.1f} ms)"
    )
    print(
        "one letter via complete_task (opens PKCS#12, numbers, renders, signs, advances, commits): "
        f"median {statistics.median(single_ms):.1f} ms over {args.rounds} letters"
    )
    print(
        f"bulk_sign of {args.letters} letters, one passphrase: {bulk_s:.2f} s "
        f"({bulk_s / args.letters * 1000:.1f} ms per letter)"
    )


if __name__ == "__main__":
    main()
