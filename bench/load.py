"""HTTP load for the serving benchmark: client threads driving letters through the JSON API."""

import http.client
import json
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

PASSWORD, PASSPHRASE = "layang-demo", "tte-demo"
SKD = {
    "type": "SKD",
    "applicant": {"nik": "3316015507850002", "name": "Sri Rahayu"},
    "fields": {
        "tempat_lahir": "Blora",
        "tanggal_lahir": "1985-07-15",
        "alamat": "RT 01 RW 03 Desa Bogem",
        "keperluan": "melamar pekerjaan",
    },
}
SATU = {**SKD, "type": "SATU"}


class Api:
    """JSON calls to one server, each on its own connection (gunicorn's sync workers close them)."""

    def __init__(self, port: int):
        self.port = port
        self.tokens: dict[str, str] = {}

    def call(self, method: str, path: str, body=None, user: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Content-Type": "application/json"}
        if user:
            headers["Authorization"] = f"Bearer {self.tokens[user]}"
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, "/api/v1" + path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None

    def login(self, *users: str) -> None:
        for user in users:
            answer = self.call("POST", "/auth/login", {"username": user, "password": PASSWORD})
            self.tokens[user] = answer["token"]


@dataclass
class Run:
    """Completed lifecycles and per-call latencies (ms) of one timed run."""

    seconds: float = 0.0
    done: int = 0
    calls: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def timed(self, name: str, fn):
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.calls[name].append(elapsed)
        return result


def one_approval(api: Api, run: Run) -> None:
    """One letter on the one-approval route: created by the operator, approved by the kades.

    Layang's route rules let no letter finish unsigned, so the one approval is a TTE signature."""
    letter = run.timed("create", lambda: api.call("POST", "/letters", SATU, "operator.bogem"))
    (task,) = letter["open_tasks"]
    path = f"/tasks/{task['id']}/complete"
    body = {"decision": "approve", "passphrase": PASSPHRASE}
    done = run.timed("approve", lambda: api.call("POST", path, body, "kades.bogem"))
    assert done["status"] == "completed", done["status"]


def skd_life(api: Api, run: Run) -> None:
    """An SKD letter's whole life: create, operator check, kades signs (TTE, local), handover."""
    letter = run.timed("create", lambda: api.call("POST", "/letters", SKD, "operator.bogem"))
    steps = [
        ("operator.bogem", "approve", {}),
        ("kades.bogem", "sign", {"passphrase": PASSPHRASE}),
        ("operator.bogem", "handover", {}),
    ]
    for user, name, extra in steps:
        (task,) = letter["open_tasks"]
        path = f"/tasks/{task['id']}/complete"
        body = {"decision": "approve", **extra}
        letter = run.timed(name, lambda p=path, b=body, u=user: api.call("POST", p, b, u))
    assert letter["status"] == "completed", letter["status"]


def drive(api: Api, lifecycle, clients: int, seconds: float) -> Run:
    """`clients` threads repeating `lifecycle` for `seconds`; lifecycles finished per second."""
    run = Run()
    stop = time.monotonic() + seconds
    errors: list[BaseException] = []

    def client():
        try:
            while time.monotonic() < stop:
                lifecycle(api, run)
                with run.lock:
                    run.done += 1
        except BaseException as error:  # reported after the run
            errors.append(error)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - start
    if errors:
        raise errors[0]
    return run


def latencies(api: Api, user: str, path: str, times: int) -> list[float]:
    """`times` sequential GETs of one path, each one's latency in ms."""
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        api.call("GET", path, user=user)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p(samples: list[float], q: float) -> float:
    """The q-quantile (0..1) of the samples, nearest rank."""
    ordered = sorted(samples)
    return ordered[max(0, round(q * len(ordered)) - 1)] if ordered else float("nan")


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")
