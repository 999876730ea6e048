"""Verification cost of a crafted PDF: a signed letter plus N /Sig fields that all point at its
signature, checked without limits (what an attacker could make a worker do) and with Layang's
limits (what it does now).

Run: .venv/bin/python bench/verify_attack.py [--fields 0 20 100 400]
Signs one SKD letter with a throwaway CA through the real services, then times signing.validate_pdf.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade

import signing
from app import create_app
from app.config import Config
from app.domain.status import Decision, DecisionKind
from app.services import demo, inbox, letters
from bench.sign import SKD_FIELDS, user
from tests.hardening.attacks import with_extra_signature_fields

UNLIMITED = signing.ValidationLimits(
    max_signatures=10**6, max_revisions=10**6, max_objects=10**9, time_budget=10**6
)


def signed_letter_pdf(tmp: str) -> bytes:
    """One SKD letter signed by the kades, as the resident receives it."""
    app = create_app(
        Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db", SECRET_KEY="bench"
    )
    with app.app_context():
        upgrade()
        demo.seed_demo(signing.create_ca("Bench CA"))
        operator, kades = user("operator.bogem"), user("kades.bogem")
        applicant = {"nik": "3316015507850002", "name": "Sri Rahayu"}
        letters.create_letter(operator, "SKD", applicant, SKD_FIELDS)
        check = inbox.list_inbox(operator).items[0]
        inbox.complete_task(operator, check.id, inbox.Completion(Decision(DecisionKind.APPROVE)))
        task_id = inbox.list_signing_tasks(kades)[0].id
        passphrase = demo.DEMO_PASSPHRASE
        completion = inbox.Completion(Decision(DecisionKind.APPROVE), passphrase=passphrase)
        return inbox.complete_task(kades, task_id, completion).signed_pdf


def timed(pdf: bytes, limits: signing.ValidationLimits) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        checks = signing.validate_pdf(pdf, [], limits=limits)
        outcome = f"{len(checks)} signatures checked"
    except signing.DocumentTooComplex as refused:
        outcome = f"refused ({refused})"
    return time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fields", type=int, nargs="+", default=[0, 20, 100, 400])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = signed_letter_pdf(tmp)
    for count in args.fields:
        crafted = with_extra_signature_fields(pdf, count) if count else pdf
        before, _ = timed(crafted, UNLIMITED)
        now, outcome = timed(crafted, signing.ValidationLimits())
        print(
            f"{count:4d} extra /Sig fields ({len(crafted) // 1024} KB): "
            f"unlimited {before:6.2f} s; with limits {now:6.3f} s, {outcome}"
        )


if __name__ == "__main__":
    main()
