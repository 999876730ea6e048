"""Timer lateness: 1,000 service-level timers due within the same minute, fired by the scheduler.

Run: .venv/bin/python bench/timers.py [--timers 1000]
Builds a throwaway SQLite database from the migrations, seeds the demo kabupaten, opens one kades
signing task per letter (100 letters), adds the timers round-robin over them (due spread over one
minute, starting 15 s from now; each firing writes a history event and a reminder), starts the
scheduler the way the app does (lease, APScheduler with its jobs in the database) and waits until
every timer has fired. Lateness = fired_at - due_at, as recorded by the firing transaction.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from sqlalchemy import func, select

import signing
from app import create_app
from app.config import Config
from app.domain.status import Decision, DecisionKind
from app.extensions import db
from app.models import Timer, User
from app.services import demo, inbox, letters
from app.services.scheduler import start_scheduler


def kades_task() -> int:
    operator = db.session.scalar(select(User).where(User.username == "operator.bogem"))
    letter = letters.create_letter(
        operator,
        "SKD",
        {"nik": "3316015507850002", "name": "Sri Rahayu"},
        {
            "tempat_lahir": "Blora",
            "tanggal_lahir": "1985-07-15",
            "alamat": "RT 1",
            "keperluan": "x",
        },
    )
    check = letters.open_tasks_of(letter)[0]
    inbox.complete_task(operator, check.id, inbox.Completion(Decision(DecisionKind.APPROVE)))
    return letters.open_tasks_of(letter)[0].id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timers", type=int, default=1000)
    parser.add_argument("--letters", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db", SECRET_KEY="bench"
        )
        with app.app_context():
            upgrade()
            demo.seed_demo(signing.create_ca("Bench CA"))
            task_ids = [kades_task() for _ in range(args.letters)]
            start = datetime.now(UTC) + timedelta(seconds=15)
            db.session.add_all(
                Timer(
                    task_id=task_ids[i % len(task_ids)],
                    kind="reminder",
                    boundary_id=f"bench{i}",
                    due_at=start + timedelta(seconds=random.uniform(0, 60)),
                    data={},
                )
                for i in range(args.timers)
            )
            db.session.commit()
        loop = start_scheduler(app)
        with app.app_context():
            while True:
                left = db.session.scalar(
                    select(func.count(Timer.id)).where(
                        Timer.fired_at.is_(None), Timer.boundary_id.like("bench%")
                    )
                )
                db.session.rollback()
                if not left:
                    break
                time.sleep(1)
            late = [
                (fired - due).total_seconds()
                for fired, due in db.session.execute(
                    select(Timer.fired_at, Timer.due_at).where(Timer.boundary_id.like("bench%"))
                )
            ]
        loop.stopping.set()
        loop.join(timeout=10)
    print(
        f"{len(late)} timers due within one minute: lateness "
        f"median {statistics.median(late):.2f} s, "
        f"p95 {statistics.quantiles(late, n=20)[-1]:.2f} s, max {max(late):.2f} s"
    )


if __name__ == "__main__":
    main()
