"""A real server process for tests: gunicorn as `make serve` starts it; plain HTTP calls to it."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(
    url: str, body: dict | None = None, token: str | None = None, timeout: float = 30
) -> tuple[int, dict]:
    """One JSON request on its own connection (any worker may take it)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def wait_for(condition, what: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def answers(port: int) -> bool:
    try:
        return call(f"http://127.0.0.1:{port}/api/v1/openapi.json")[0] == 200
    except OSError:
        return False


def start_gunicorn(env: dict, log: Path) -> subprocess.Popen:
    """gunicorn with `make serve`'s settings and `env` on top, in its own process group."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("a") as out:
        return subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # killpg reaches the master and every worker at once
        )


def kill_hard(process: subprocess.Popen) -> None:
    """A crash: SIGKILL to the master and all its workers, no cleanup anywhere."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
