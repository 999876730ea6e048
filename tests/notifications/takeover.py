"""The scheduler takeover with real processes, on whichever database the given app uses: two app
processes compete; exactly one runs the scheduler; when it is killed the other takes over within
30 s; every timer fires once (within 5 s while a leader lives, at takeover for those that fell due
in between, at start for those due while everything was down)."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from select import select as wait_readable

from sqlalchemy import func, select

from app.extensions import db
from app.models import LetterEvent, SchedulerLease, Task, Timer
from app.services.scheduler import LEASE_NAME
from tests.notifications.helpers import api_for, open_task

ROOT = Path(__file__).parents[2]
EXPECTED = [f"down{i}" for i in range(3)] + [f"t{i}" for i in range(12)]


def _start(database_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.notifications.run_scheduler", database_url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
        stderr=subprocess.DEVNULL,
    )


def _ready(process: subprocess.Popen, seconds: float = 120) -> None:
    """Wait until the process has built its app (a loaded machine takes a while to import it)."""
    readable, _, _ = wait_readable([process.stdout], [], [], seconds)
    assert readable and process.stdout.readline().strip() == "ready", (
        "the app process did not start"
    )


def _holder(app) -> str | None:
    with app.app_context():
        lease = db.session.get(SchedulerLease, LEASE_NAME)
        holder = lease.holder if lease and lease.expires_at > datetime.now(UTC) else None
        db.session.rollback()
        return holder


def _wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s")


def takeover_scenario(app, skd) -> None:
    """Run the whole scenario against `app`'s database and assert every promise of it."""
    client = app.test_client()
    operator = api_for(client, "operator.bogem")
    letter = operator.post("/letters", json=skd).get_json()
    check = open_task(operator, letter["id"], "operator_check")
    operator.post(f"/tasks/{check['id']}/complete", json={"decision": "approve"})
    kades_task = open_task(api_for(client, "kades.bogem"), letter["id"], "kades_sign")["id"]
    database = app.config["SQLALCHEMY_DATABASE_URI"]

    now = datetime.now(UTC)
    with app.app_context():
        db.session.add_all(
            # Fell due while no process ran: must fire once at start.
            [
                Timer(
                    task_id=kades_task,
                    kind="reminder",
                    boundary_id=f"down{i}",
                    due_at=now - timedelta(minutes=5),
                    data={},
                )
                for i in range(3)
            ]
            # Due while the first process leads, then during and after the takeover.
            + [
                Timer(
                    task_id=kades_task,
                    kind="reminder",
                    boundary_id=f"t{i}",
                    due_at=now + timedelta(seconds=8 + 4 * i),
                    data={},
                )
                for i in range(12)
            ]
        )
        db.session.commit()

    first = _start(database)
    second = None
    try:
        _ready(first)
        leader = _wait_for(lambda: _holder(app), 30)
        assert f":{first.pid}:" in leader
        leading_since = datetime.now(UTC)
        second = _start(database)
        _ready(second)
        time.sleep(12)  # both run; the second must not take the lease from a live leader
        assert f":{first.pid}:" in _holder(app)

        with app.app_context():
            on_time = db.session.scalars(
                select(Timer).where(
                    Timer.fired_at.is_not(None),
                    Timer.boundary_id.like("t%"),
                    Timer.due_at > leading_since,
                )
            ).all()
            assert on_time, "no timer fired while the first process led"
            late = [(t.fired_at - t.due_at).total_seconds() for t in on_time]
            assert max(late) < 5, late
            db.session.rollback()

        first.send_signal(signal.SIGKILL)
        first.wait()
        killed_at = time.monotonic()
        _wait_for(lambda: (h := _holder(app)) and f":{second.pid}:" in h, 40)
        assert time.monotonic() - killed_at < 30

        def all_fired():
            with app.app_context():
                left = db.session.scalar(
                    select(func.count(Timer.id)).where(
                        Timer.fired_at.is_(None), Timer.boundary_id.in_(EXPECTED)
                    )
                )
                db.session.rollback()
                return left == 0

        _wait_for(all_fired, 40)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()

    with app.app_context():
        fired = db.session.scalars(
            select(LetterEvent.data).where(
                LetterEvent.letter_id == letter["id"], LetterEvent.kind == "timer_fired"
            )
        ).all()
        levels = sorted(e["service_level"] for e in fired)
        assert levels == sorted(EXPECTED)  # each exactly once: none twice, none never
        assert db.session.scalar(select(Task.state).where(Task.id == kades_task)) == "open"
