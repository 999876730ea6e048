"""`make serve`: gunicorn with several workers on one database, the timers in exactly one."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.services import demo

ROOT = Path(__file__).resolve().parents[2]
TIMERS_LINE = re.compile(r"Timers run in worker (\d+)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path, seeded_database, test_ca):
    """gunicorn as `make serve` starts it: three workers on a copy of the seeded SQLite file."""
    database = tmp_path / "layang.db"
    shutil.copyfile(seeded_database, database)
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "LAYANG_WORKERS": "3",
        "LAYANG_PORT": str(port),
        "LAYANG_DATABASE_URL": f"sqlite:///{database}",
        "LAYANG_SECRET_KEY": "serve-test-secret",
        "LAYANG_CERT_KEY": "dGVzdC1vbmx5LWNlcnQta2V5LTMyLWJ5dGVzLWxvbmc=",
        "LAYANG_TRUST_ROOTS": test_ca[1],
        "LAYANG_RUN_TIMERS": "1",  # must not make every worker run the timers
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: _answers(port) and len(_timer_pids(log)) == 1, "server up")
        yield process, f"http://127.0.0.1:{port}", log
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _call(url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    """One JSON request on its own connection (any worker may take it)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def _answers(port: int) -> bool:
    try:
        return _call(f"http://127.0.0.1:{port}/api/v1/openapi.json")[0] == 200
    except OSError:
        return False


def _timer_pids(log: Path) -> list[int]:
    return [int(pid) for pid in TIMERS_LINE.findall(log.read_text())]


def _wait_for(condition, what: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


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
    status, login = _call(
        api + "/auth/login", {"username": "operator.bogem", "password": demo.DEMO_PASSWORD}
    )
    assert status == 200
    created = []
    for _ in range(12):
        status, letter = _call(api + "/letters", skd, login["token"])
        assert status == 201, letter
        created.append(letter["id"])
    # Each request may land in any worker: every one sees every letter and accepts the token.
    for _ in range(6):
        status, listed = _call(api + "/letters?limit=100", token=login["token"])
        assert status == 200
        assert set(created) <= {item["id"] for item in listed["items"]}

    # The worker running the timers dies: its replacement (and no one else) takes them over.
    os.kill(timer_worker, signal.SIGKILL)
    _wait_for(lambda: len(_timer_pids(log)) == 2, "another worker to take the timers over")
    successor = _timer_pids(log)[1]
    assert successor != timer_worker
    time.sleep(1)
    assert len(_timer_pids(log)) == 2
    workers = _worker_pids(process.pid)
    assert len(workers) == 3
    assert {pid for pid in workers if _threads(pid) > 1} == {successor}
