"""Where a request's time goes: CPU time per lifecycle and a pyinstrument profile, through the Flask
test client.

Run: .venv/bin/python bench/profile.py [one|skd] [--letters 200] [--database URL] [--no-profile]
Builds a throwaway SQLite database (or uses --database, e.g. an empty PostgreSQL database), prepares
it as bench/serve.py does, warms up, then runs `--letters` lifecycles in this process and prints the
process CPU time per lifecycle (server and test client together; the machine's load does not change
it much), then profiles as many again and prints the call tree (frames taking at least 1 %).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import setup  # noqa: I001  (puts the repository on sys.path)
from pyinstrument import Profiler

import signing
from app import create_app
from load import PASSPHRASE, PASSWORD, SATU, SKD


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("lifecycle", choices=["one", "skd"], nargs="?", default="one")
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--database")
    parser.add_argument("--no-profile", action="store_true", help="only the CPU time per lifecycle")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='layang-profile-')}/p.db"
    ca = signing.create_ca("Layang Profile CA")
    setup.prepare(url, ca)
    trust = Path(tempfile.mkdtemp(prefix="layang-profile-ca-")) / "ca.pem"
    trust.write_bytes(ca.certificate_pem)
    app = create_app(setup.BenchConfig, SQLALCHEMY_DATABASE_URI=url, TRUST_ROOTS=[str(trust)])
    client = app.test_client()
    tokens = {}
    for user in ("operator.bogem", "kades.bogem"):
        answer = client.post("/api/v1/auth/login", json={"username": user, "password": PASSWORD})
        tokens[user] = {"Authorization": f"Bearer {answer.get_json()['token']}"}

    def post(path, body, user):
        response = client.post("/api/v1" + path, json=body, headers=tokens[user])
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        return response.get_json()

    def lifecycle():
        letter = post("/letters", SATU if args.lifecycle == "one" else SKD, "operator.bogem")
        steps = [("kades.bogem", {"passphrase": PASSPHRASE})]
        if args.lifecycle == "skd":
            steps = [("operator.bogem", {}), *steps, ("operator.bogem", {})]
        for user, extra in steps:
            (task,) = letter["open_tasks"]
            letter = post(f"/tasks/{task['id']}/complete", {"decision": "approve", **extra}, user)
        assert letter["status"] == "completed"

    for _ in range(10):
        lifecycle()
    cpu = time.process_time()
    for _ in range(args.letters):
        lifecycle()
    cpu_ms = (time.process_time() - cpu) * 1000 / args.letters
    print(f"{args.lifecycle}: {cpu_ms:.1f} ms CPU per lifecycle (mean of {args.letters})")
    if args.no_profile:
        return
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.letters):
        lifecycle()
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False, time="percent_of_total"))


if __name__ == "__main__":
    main()
