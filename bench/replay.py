"""Replay latency: the process rebuilt after any event of a ~30-event letter; goal under 50 ms.

Run: .venv/bin/python bench/replay.py [--runs 20] [--events 30]
Builds a throwaway SQLite database from the migrations, seeds the demo kabupaten with a fresh CA,
drives one SKTM letter through the API with returns until it has at least --events events, then
times, for every event N, `runs` calls of:
  service   app.services.internal.replay.replay(letter, N)       (the rebuild itself)
  api       GET /api/v1/letters/{id}/replay?event=N    (scope check, rebuild, read log, JSON)
  api pdf   GET /api/v1/letters/{id}/replay/pdf?event=N
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade

import signing
from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.models import Letter
from app.services import demo
from app.services.internal import replay

SKTM = {
    "type": "SKTM",
    "applicant": {"nik": "3316011201900001", "name": "Budi Santoso"},
    "fields": {
        "tempat_lahir": "Blora",
        "tanggal_lahir": "1990-01-12",
        "pekerjaan": "Buruh tani",
        "alamat": "RT 02 RW 01 Desa Bogem",
        "penghasilan": 900000,
        "keperluan": "beasiswa",
    },
}


class Api:
    def __init__(self, client, username: str):
        self.client = client
        token = client.post(
            "/api/v1/auth/login", json={"username": username, "password": demo.DEMO_PASSWORD}
        )
        self.headers = {"Authorization": f"Bearer {token.get_json()['token']}"}

    def get(self, path: str):
        response = self.client.get("/api/v1" + path, headers=self.headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    def post(self, path: str, body: dict):
        response = self.client.post("/api/v1" + path, json=body, headers=self.headers)
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        return response.get_json()

    def act(self, letter_id: int, step: str, decision: str = "approve", **body) -> dict:
        task = next(
            t
            for t in self.get("/tasks?limit=100").get_json()["items"]
            if t["letter_id"] == letter_id and t["step"] == step
        )
        if task["signing"] and decision == "approve":
            body["passphrase"] = demo.DEMO_PASSPHRASE
        return self.post(f"/tasks/{task['id']}/complete", {"decision": decision, **body})


def letter_with_events(client, wanted: int) -> tuple[int, int]:
    """An SKTM letter sent back from the kecamatan until it has `wanted` events, then finished."""
    operator, kades = Api(client, "operator.bogem"), Api(client, "kades.bogem")
    kecamatan, camat = Api(client, "operator.kec.japah"), Api(client, "camat.japah")
    auditor = Api(client, "auditor.blora")
    letter_id = operator.post("/letters", SKTM)["id"]

    def events() -> int:
        return len(auditor.get(f"/letters/{letter_id}/history").get_json()["events"])

    while events() < wanted - 8:
        operator.act(letter_id, "operator_check")
        kades.act(letter_id, "kades_sign")
        kecamatan.act(letter_id, "kecamatan_check", "return", reason="Mohon diperiksa ulang")
    operator.act(letter_id, "operator_check")
    kades.act(letter_id, "kades_sign")
    kecamatan.act(letter_id, "kecamatan_check")
    camat.act(letter_id, "camat_sign")
    operator.act(letter_id, "handover")
    return letter_id, events()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    median = statistics.median(ordered)
    return f"{name:<9} median {median:6.2f} ms   p95 {p95:6.2f} ms   max {ordered[-1]:6.2f} ms"


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    return f"{os.cpu_count()} CPU ({model}), Python {platform.python_version()}, SQLite"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20, help="timed calls per event")
    parser.add_argument(
        "--events", type=int, default=30, help="events the letter should at least have"
    )
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="layang-bench-")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir}/bench.db")
    with app.app_context():
        upgrade()
        demo.seed_demo(signing.create_ca("Layang Bench CA"))
    client = app.test_client()
    letter_id, total = letter_with_events(client, args.events)
    auditor = Api(client, "auditor.blora")
    service, api, api_pdf = [], [], []
    per_event: dict[int, list[float]] = {n: [] for n in range(1, total + 1)}
    calls = [n for n in range(1, total + 1) for _ in range(args.runs)]
    random.Random(5).shuffle(calls)
    with app.app_context():
        letter = db.session.get(Letter, letter_id)
        for n in range(1, total + 1):  # warm: parse the route once, as a running server has
            replay.replay(letter, n)
        for n in calls:
            service.append(timed(lambda n=n: replay.replay(letter, n)))
        db.session.rollback()
    for n in calls:
        elapsed = timed(lambda n=n: auditor.get(f"/letters/{letter_id}/replay?event={n}"))
        api.append(elapsed)
        per_event[n].append(elapsed)
    for n in calls[: max(total * 3, 60)]:
        api_pdf.append(timed(lambda n=n: auditor.get(f"/letters/{letter_id}/replay/pdf?event={n}")))
    slowest = max(per_event, key=lambda n: statistics.median(per_event[n]))
    print(
        f"Replay of a {total}-event letter, every event {args.runs} times, in random order; "
        f"{machine()}"
    )
    print(summary("service", service))
    print(summary("api", api))
    print(summary("api pdf", api_pdf))
    print(
        f"slowest event for the API: #{slowest}, "
        f"median {statistics.median(per_event[slowest]):.2f} ms "
        f"(goal: under 50 ms for any step)"
    )


if __name__ == "__main__":
    main()
