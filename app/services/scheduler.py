"""The one scheduler of a Layang installation: APScheduler, its jobs kept in the database, run by
exactly one app process at a time.

Every process started with LAYANG_RUN_TIMERS runs a small lease loop. The process holding the
lease row (`scheduler_leases`) runs APScheduler; it renews the lease every few seconds. When it
dies, its lease runs out and another process takes over within LEASE_SECONDS + RENEW_SECONDS.
What the jobs do is written to be safe under a stalled former holder too: each timer fires through
a conditional update, each outbox message through a claim.
"""

import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta
from typing import cast

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import SchedulerLease
from app.models.base import utcnow
from app.services.internal.database import committing

LEASE_NAME = "scheduler"
LEASE_SECONDS = 20
RENEW_SECONDS = 5
EXECUTOR_THREADS = 4  # jobs write to the database; more threads only queue for its lock

log = logging.getLogger(__name__)
_app: Flask | None = None  # the app the scheduled jobs run in (jobs are stored by reference)


def run_in_app(function, *args):
    """Run `function(*args)` inside the app context of the process that runs the scheduler."""
    if _app is None:
        raise RuntimeError("run_in_app outside a process that started the scheduler")
    with _app.app_context():
        try:
            return function(*args)
        finally:
            db.session.remove()


def take_lease(holder: str, now: datetime | None = None) -> bool:
    """Take or renew the scheduler lease for `holder`; True while this holder has it."""
    now = now or utcnow()
    expires = now + timedelta(seconds=LEASE_SECONDS)
    with committing():
        taken = db.session.execute(
            update(SchedulerLease)
            .where(
                SchedulerLease.name == LEASE_NAME,
                (SchedulerLease.holder == holder) | (SchedulerLease.expires_at < now),
            )
            .values(holder=holder, expires_at=expires)
        )
        if cast(CursorResult, taken).rowcount == 1:
            return True
        if db.session.get(SchedulerLease, LEASE_NAME) is not None:
            return False
    try:
        with committing():
            db.session.add(SchedulerLease(name=LEASE_NAME, holder=holder, expires_at=expires))
        return True
    except IntegrityError:
        return False  # another process created the lease at the same moment


def lease_holder() -> str | None:
    """Who holds the scheduler lease now (for the admin and the tests)."""
    lease = db.session.scalar(select(SchedulerLease).where(SchedulerLease.name == LEASE_NAME))
    return lease.holder if lease is not None and lease.expires_at > utcnow() else None


class LeaseLoop(threading.Thread):
    """Takes the lease when it is free and runs APScheduler while holding it."""

    def __init__(self, app: Flask):
        super().__init__(daemon=True, name="layang-scheduler-lease")
        self.app = app
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.scheduler = None
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                with self.app.app_context():
                    leader = take_lease(self.holder)
                    db.session.remove()
            except Exception:  # the database is away: hold nothing until it is back
                log.exception("scheduler lease check failed")
                leader = False
            if leader and self.scheduler is None:
                self.scheduler = _start_apscheduler(self.app)
                log.info("scheduler runs in %s", self.holder)
            elif not leader and self.scheduler is not None:
                self.scheduler.shutdown(wait=False)
                self.scheduler = None
            self.stopping.wait(RENEW_SECONDS)
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)


def start_scheduler(app: Flask) -> LeaseLoop:
    """Compete for the scheduler lease in the background; run the jobs while holding it."""
    global _app
    _app = app
    loop = LeaseLoop(app)
    loop.start()
    return loop


def _start_apscheduler(app: Flask):
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.services import jobs

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # The job store has its own engine: on SQLite the app's engine begins every transaction with
    # BEGIN IMMEDIATE, and the scheduler's frequent reads must not queue behind the writers.
    options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
    scheduler = BackgroundScheduler(
        jobstores={
            "default": SQLAlchemyJobStore(
                url=url, tablename="scheduler_jobs", engine_options=options
            )
        },
        executors={"default": ThreadPoolExecutor(EXECUTOR_THREADS)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="Asia/Jakarta",
    )
    scheduler.start(paused=True)
    jobs.install(scheduler)
    scheduler.resume()
    return scheduler
