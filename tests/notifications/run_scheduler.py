"""A whole Layang app process that competes for the scheduler (for the multi-process tests):
`python -m tests.notifications.run_scheduler <database URL>`; runs until it is killed."""

import sys
import time

from app import create_app
from app.config import TestConfig


def main(database_url: str) -> None:
    create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, RUN_TIMERS=True)
    print("ready", flush=True)  # the app is built and its lease loop runs
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main(sys.argv[1])
