"""The scheduler's jobs. APScheduler keeps them in the database by reference to these functions, so
whichever process holds the scheduler lease runs the same list."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.services import inbox, timers
from app.services.notifications import daily, deliver_due
from app.services.notifications.telegram import link_telegram_chats
from app.services.residents import retention
from app.services.scheduler import run_in_app

OUTBOX_SECONDS = 2  # a message waits at most this long after its transaction commits
TIMER_SYNC_SECONDS = 2  # a timer written by any process is scheduled within this long
RESCHEDULE_AFTER = timedelta(seconds=30)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class _Sync:
    """The running scheduler, the newest timer id given a job, when overdue timers were checked."""

    scheduler: Any = None
    seen: int = 0
    checked: datetime = EPOCH


_state = _Sync()


def install(scheduler) -> None:
    """Put the recurring jobs into the scheduler (replacing the stored ones) and load the timers."""
    _state.scheduler = scheduler
    _state.seen = 0  # a new leader gives every unfired timer a job (or keeps the stored one)
    _state.checked = datetime.now(UTC)
    recurring = {
        "outbox": (deliver_outbox, {"trigger": "interval", "seconds": OUTBOX_SECONDS}),
        "timer-sync": (sync_timers, {"trigger": "interval", "seconds": TIMER_SYNC_SECONDS}),
        "due-dates": (fire_due_dates, {"trigger": "interval", "minutes": 1}),
        "abandoned-signings": (release_abandoned_signings, {"trigger": "interval", "minutes": 1}),
        "telegram-links": (link_telegram, {"trigger": "interval", "seconds": 5}),
        "morning-digest": (morning_digest, {"trigger": "cron", "hour": 7, "minute": 0}),
        "certificates": (certificate_warnings, {"trigger": "cron", "hour": 7, "minute": 5}),
        "resident-files": (purge_resident_files, {"trigger": "cron", "hour": 2, "minute": 30}),
    }
    for job_id, (function, trigger) in recurring.items():
        scheduler.add_job(function, id=job_id, replace_existing=True, **trigger)
    sync_timers()


def deliver_outbox() -> None:
    """Send the outbox messages that are due."""
    run_in_app(deliver_due)


def sync_timers() -> None:
    """Give every unfired timer a job in the scheduler, due at its time (past ones run at once).

    A timer still unfired well after its job ran (its run failed) gets a new job: firing is
    idempotent, so a second job can never fire it twice.
    """
    scheduler = _state.scheduler
    now = datetime.now(UTC)
    overdue_check = now - _state.checked >= RESCHEDULE_AFTER
    if overdue_check:
        _state.checked = now
    due_before = now - RESCHEDULE_AFTER if overdue_check else None
    rows = run_in_app(timers.unfired_timers, _state.seen, due_before)
    for timer_id, due_at in rows:
        job_id = f"timer-{timer_id}"
        if timer_id <= _state.seen and scheduler.get_job(job_id) is not None:
            continue  # overdue but its job is still waiting to run (a backlog): leave it
        scheduler.add_job(
            fire_timer,
            "date",
            run_date=max(due_at, now),
            args=[timer_id],
            id=job_id,
            replace_existing=True,
        )
        _state.seen = max(_state.seen, timer_id)


def fire_timer(timer_id: int) -> None:
    """Fire one service-level timer (exactly once across processes)."""
    run_in_app(timers.fire_timer, timer_id)


def fire_due_dates() -> None:
    """Record the steps that passed their due date."""
    run_in_app(timers.fire_due_timers)


def release_abandoned_signings() -> None:
    """Free the signing steps whose signing process died (their lease ran out)."""
    run_in_app(inbox.release_abandoned_signings)


def link_telegram() -> None:
    """Link the Telegram chats that sent a /start code."""
    run_in_app(link_telegram_chats)


def morning_digest() -> None:
    """07:00 WIB: "N surat menunggu tanda tangan Anda" for each signer with waiting letters."""
    run_in_app(daily.send_morning_digest)


def certificate_warnings() -> None:
    """Warn officials whose signing certificate ends within 30 days."""
    run_in_app(daily.warn_expiring_certificates)


def purge_resident_files() -> None:
    """02:30 WIB: delete residents' attachments past their retention period (an audit event each)
    and forget rate-limit counters of long-finished windows."""
    run_in_app(retention.nightly_cleanup)
