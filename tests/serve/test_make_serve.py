"""`make serve`: gunicorn with several workers on one database, the timers in exactly one."""

import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from app.services import demo
from tests.served import answers, call, free_port, start_gunicorn, stop, wait_for

TIMERS_LINE = re.compile(r"Timers run in worker (\d+)")


@pytest.fixture
def server(tmp_path, seeded_database, test_ca):
    """gunicorn as `make serve` starts it: three workers on a copy of the seeded SQLite file."""
    database = tmp_path / "layang.db"
    shutil.copyfile(seeded_database, database)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        "LAYANG_WORKERS": "3",
        "LAYANG_PORT": str(port),
        "LAYANG_DATABASE_URL": f"sqlite:///{database}",
        "LAYANG_SECRET_KEY": "serve-test-secret",
        "LAYANG_CERT_KEY": "dGVzdC1vbmx5LWNlcnQta2V5LTMyLWJ5dGVzLWxvbmc=",
        "LAYANG_TRUST_ROOTS": test_ca[1],
        "LAYANG_RUN_TIMERS": "1",  # must not make every worker run the timers
    }
    process = start_gunicorn(env, log)
    try:
        wait_for(lambda: answers(port) and len(_timer_pids(log)) == 1, "server up")
        yield process, f"http://127.0.0.1:{port}", log
    finally:
        stop(process)


def _timer_pids(log: Path) -> list[int]:
    return [int(pid) for pid in TIMERS_LINE.findall(log.read_text())]


def _worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1))


def test_several_workers_share_one_database_and_only_one_runs_the_timers(server, skd):
    process, base, log = server
    workers = _worker_pids(process.pid)
    assert len(workers) == 3
    (timer_worker,) = _timer_pids(log)
    # A sync worker has one thread; the scheduler adds its own, in that one worker only.
    assert {pid for pid in workers if _threads(pid) > 1} == {timer_worker}

    api = base + "/api/v1"
    status, login = call(
        api + "/auth/login", {"username": "operator.bogem", "password": demo.DEMO_PASSWORD}
    )
    assert status == 200
    created = []
    for _ in range(12):
        status, letter = call(api + "/letters", skd, login["token"])
        assert status == 201, letter
        created.append(letter["id"])
    # Each request may land in any worker: every one sees every letter and accepts the token.
    for _ in range(6):
        status, listed = call(api + "/letters?limit=100", token=login["token"])
        assert status == 200
        assert set(created) <= {item["id"] for item in listed["items"]}

    # The worker running the timers dies: its replacement (and no one else) takes them over.
    os.kill(timer_worker, signal.SIGKILL)
    wait_for(lambda: len(_timer_pids(log)) == 2, "another worker to take the timers over")
    successor = _timer_pids(log)[1]
    assert successor != timer_worker
    time.sleep(1)
    assert len(_timer_pids(log)) == 2
    workers = _worker_pids(process.pid)
    assert len(workers) == 3
    assert {pid for pid in workers if _threads(pid) > 1} == {successor}
