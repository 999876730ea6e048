"""Serving benchmark (`make bench`): Layang under gunicorn (`make serve`'s settings) over HTTP, with
1, 2 and 4 workers, on SQLite and on PostgreSQL; writes its section of docs/benchmarks.md.

Run: .venv/bin/python bench/serve.py [--seconds 5] [--clients 4] [--tasks 100000]
     [--workers 1 2 4] [--databases sqlite postgresql] [--no-write]

Per database: a fresh database (SQLite file in WAL mode; PostgreSQL 15 started here with its
default durability, fsync on), migrated, demo-seeded, a one-approval route deployed by the admin
(bench/one_approval.bpmn: the kades approves with a TTE signature, as Layang's route rules let no
letter finish unsigned; letter type SATU), and `--tasks` open tasks over 16 kecamatan and 295
desa. Then per worker count: gunicorn started as `make serve` starts it, and, over HTTP from
`--clients` client threads in this process (which shares the CPU with the server):
one-approval lifecycles/s (create + the kades approves with TTE), SKD lives/s (create, check,
kades signs with the local TTE backend, handover), inbox latencies (first page, page 50,
/tasks/count) of operator.kec.japah, and each worker's peak memory. Besides: bytes stored per
finished SKD letter, the engine adapter in process, and SpiffWorkflow alone (the ceiling).
"""

import argparse
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load
import report
import setup
import spiff_alone

import signing
from app import engine
from tests import postgres

ROOT = setup.ROOT
LATENCY_SAMPLES = 30  # sequential GETs per inbox figure (p95 = the 28th fastest)
# Production-like: default durability (fsync, synchronous_commit on); only the listening address
# and room for 4 workers' connection pools are set.
postgres._SERVER_SETTINGS = "-c listen_addresses=127.0.0.1 -c max_connections=120"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, int]:
    """gunicorn with gunicorn.conf.py, as `make serve` runs it; answers once it serves."""
    port = free_port()
    env = {
        **os.environ,
        "LAYANG_DATABASE_URL": url,
        "LAYANG_WORKERS": str(workers),
        "LAYANG_PORT": str(port),
        "LAYANG_SECRET_KEY": setup.BenchConfig.SECRET_KEY,
        "LAYANG_CERT_KEY": setup.BenchConfig.CERT_ENCRYPTION_KEY,
        "LAYANG_LOG_LEVEL": "warning",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("a") as out:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    api = load.Api(port)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            api.call("GET", "/openapi.json")
            if len(worker_pids(server.pid)) == workers:
                return server, port
        except OSError:
            pass
        time.sleep(0.3)
    server.kill()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def worker_pids(master: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu_ms(server: subprocess.Popen, run) -> tuple:
    """Run `run()`; answer its result and the workers' CPU ms per finished lifecycle."""
    pids = worker_pids(server.pid)
    before = cpu_seconds(pids)
    result = run()
    return result, (cpu_seconds(pids) - before) * 1000 / max(result.done, 1)


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)


def measure(url: str, workers: int, args, log: Path, storage: bool, inbox: dict) -> dict:
    """Every HTTP figure for one worker count."""
    server, port = start_server(url, workers, log)
    try:
        api = load.Api(port)
        api.login("operator.bogem", "kades.bogem", "operator.kec.japah")
        load.one_approval(api, load.Run())  # warm every code path once
        load.skd_life(api, load.Run())
        result = {"workers": workers}
        result["one"], result["one_cpu"] = server_cpu_ms(
            server, lambda: load.drive(api, load.one_approval, args.clients, args.seconds)
        )
        before = (setup.database_bytes(url), *setup.pdf_bytes(url, "SKD")) if storage else None
        result["skd"], result["skd_cpu"] = server_cpu_ms(
            server, lambda: load.drive(api, load.skd_life, args.clients, args.seconds)
        )
        if storage:
            after = (setup.database_bytes(url), *setup.pdf_bytes(url, "SKD"))
            letters = after[1] - before[1]
            result["bytes_per_letter"] = (after[0] - before[0]) / letters
            result["pdf_per_letter"] = (after[2] - before[2]) / letters
        user = "operator.kec.japah"
        result["first"] = load.latencies(api, user, "/tasks?limit=20", LATENCY_SAMPLES)
        cursor = inbox["page50_cursor"]  # None when the inbox has fewer than 50 pages
        page50 = f"/tasks?limit=20&cursor={cursor}" if cursor else "/tasks?limit=20"
        result["page50"] = load.latencies(api, user, page50, LATENCY_SAMPLES)
        result["count"] = load.latencies(api, user, "/tasks/count", LATENCY_SAMPLES)
        result["memory"] = max(peak_memory_mb(pid) for pid in worker_pids(server.pid))
        return result
    finally:
        stop_server(server)


def engine_in_process(seconds: float = 3.0) -> tuple[float, float]:
    """Layang's engine adapter alone: start, snapshot, restore, complete, snapshot; per second of
    wall time and per second of this process's CPU time."""
    route = engine.load_route(setup.ONE_APPROVAL.read_bytes())
    done, stop = 0, time.monotonic() + seconds
    start, cpu = time.perf_counter(), time.process_time()
    while time.monotonic() < stop:
        snapshot = engine.start(route, {})
        (task,) = snapshot.ready_tasks
        assert engine.complete(
            route, snapshot.state, task.engine_id, {"decision": "approve"}
        ).completed
        done += 1
    return done / (time.perf_counter() - start), done / (time.process_time() - cpu)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each timed run")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--tasks", type=int, default=100_000, help="open tasks in the inbox load")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="layang-bench-"))
    log = workdir / "gunicorn.log"
    ca = signing.create_ca("Layang Bench CA")
    (workdir / "ca.pem").write_bytes(ca.certificate_pem)
    os.environ["LAYANG_TRUST_ROOTS"] = str(workdir / "ca.pem")  # finished letters must validate
    loads = [f"start {load_average()}"]
    results = {}
    for kind in args.databases:
        server = None
        if kind == "postgresql":
            server = postgres.PostgresServer(postgres.find_bindir()).start()
            url = server.create_database()
        else:
            url = f"sqlite:///{workdir / 'bench.db'}"
        try:
            seeding = time.monotonic()
            setup.prepare(url, ca)
            inbox = setup.seed_inbox(url, args.tasks)
            print(
                f"{kind}: {args.tasks} open tasks, {inbox['waiting']} for operator.kec.japah "
                f"(prepared and seeded in {time.monotonic() - seeding:.0f} s)"
            )
            results[kind] = []
            for workers in args.workers:
                first, started = workers == args.workers[0], time.monotonic()
                figures = measure(url, workers, args, log, first, inbox)
                results[kind].append(figures)
                print(
                    f"{report.line(kind, figures)} ({time.monotonic() - started:.0f} s)", flush=True
                )
                loads.append(f"{kind} {workers}w {load_average()}")
        finally:
            if server is not None:
                server.stop()
    ceiling = spiff_alone.lifecycles_per_second(setup.ONE_APPROVAL)
    adapter = engine_in_process()
    loads.append(f"end {load_average()}")
    print(
        f"engine adapter in process: {adapter[0]:.0f}/s ({adapter[1]:.0f} per CPU-second); "
        f"SpiffWorkflow alone: {ceiling[0]:.0f}/s ({ceiling[1]:.0f} per CPU-second)"
    )
    print("load average (1, 5, 15 min):", "; ".join(loads))
    machine = f"{os.cpu_count()} CPU, Python {platform.python_version()}"
    section = report.markdown(
        results, adapter, ceiling, args, machine, loads, time.monotonic() - began
    )
    if not args.no_write:
        report.write(ROOT / "docs" / "benchmarks.md", section)
        print("written to docs/benchmarks.md")


if __name__ == "__main__":
    main()
