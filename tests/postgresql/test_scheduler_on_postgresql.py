"""The scheduler takeover on PostgreSQL: two real app processes, one scheduler, a takeover within
30 s after SIGKILL, each timer fired exactly once (tests/notifications/takeover.py)."""

from tests.notifications.takeover import takeover_scenario


def test_one_scheduler_on_postgresql_takes_over_and_fires_each_timer_once(app, skd):
    takeover_scenario(app, skd)
