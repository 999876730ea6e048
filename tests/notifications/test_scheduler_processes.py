"""Two real app processes on one SQLite database: one scheduler, a takeover within 30 s after
SIGKILL, each timer fired exactly once (tests/notifications/takeover.py)."""

from tests.notifications.takeover import takeover_scenario


def test_one_scheduler_among_processes_takes_over_and_fires_each_timer_once(app, skd):
    takeover_scenario(app, skd)
