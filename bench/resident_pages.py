"""The residents' public pages: bytes per page (goal: under 200 KB on a slow phone) and the time of
the calls a resident makes (tracking lookup, attachment cleaning, a whole online request).

Run: .venv/bin/python bench/resident_pages.py [--runs 30]
Builds a throwaway SQLite database from the migrations, seeds the demo kabupaten with a fresh CA,
then through the Flask test client (no network):
  pages      GET of each public page; the size is the HTML plus the one stylesheet it loads
  track      GET /api/v1/public/track for a letter registered by the operator (median, p95)
  clean      app.services.residents.uploads.clean_upload of a 3000x2000 phone photo (re-encode)
  request    POST /api/v1/public/requests with that photo, confirmed by NIK + PIN
"""

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from PIL import Image

import signing
from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.models import User
from app.services import demo, letters
from app.services.residents import pins
from app.services.residents.uploads import clean_upload

NIK = "3316015507850002"
FIELDS = {
    "tempat_lahir": "Blora",
    "tanggal_lahir": "1985-07-15",
    "alamat": "RT 01 RW 03 Desa Bogem",
    "keperluan": "melamar pekerjaan",
}


def photo() -> bytes:
    """A 6-megapixel JPEG with noise, like a phone camera's."""
    image = Image.effect_noise((3000, 2000), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def timed(function, runs: int) -> tuple[float, float]:
    """Median and p95 of `runs` calls, in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    folder = tempfile.mkdtemp(prefix="layang-bench-")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.db")
    client = app.test_client()
    with app.app_context():
        upgrade()
        demo.seed_demo(signing.create_ca("Bench CA"))
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        letter = letters.create_letter(operator, "SKD", {"nik": NIK, "name": "Sri Rahayu"}, FIELDS)
        code = letter.tracking_code
    css = len(client.get("/static/web/layang.css").data)
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, SQLite")
    print("page                          HTML bytes   with CSS")
    for path in ("/layanan/DS-BGM", "/layanan/DS-BGM/sematan", "/layanan/DS-BGM/SKD", "/lacak"):
        size = len(client.get(path).data)
        print(f"{path:30}{size:>10}   {size + css:>8}")

    address = iter(range(10**6))

    def track():
        response = client.get(
            f"/api/v1/public/track?code={code}&nik4={NIK[-4:]}",
            environ_base={"REMOTE_ADDR": f"10.{next(address) % 250}.0.1"},
        )
        assert response.status_code == 200, response.get_json()

    big = photo()
    median, p95 = timed(track, runs)
    print(f"track lookup                  median {median:7.2f} ms   p95 {p95:7.2f} ms")
    median, p95 = timed(lambda: clean_upload(big, "ktp"), max(5, runs // 3))
    print(f"clean {len(big) // 1024} KB photo          median {median:7.2f} ms   p95 {p95:7.2f} ms")

    request_runs = max(5, runs // 3)
    with app.app_context():  # one open request per NIK: a fresh NIK (and its PIN) for each run
        operator = db.session.merge(operator)
        residents = [
            (nik, pins.issue_pin(operator, nik))
            for nik in (f"331601550785{n + 1000:04d}" for n in range(request_runs))
        ]

    def request():
        nik, resident_pin = residents.pop()
        response = client.post(
            "/api/v1/public/requests",
            data={
                "desa": "DS-BGM",
                "type": "SKD",
                "applicant.nik": nik,
                "applicant.name": "Sri Rahayu",
                **{f"fields.{k}": v for k, v in FIELDS.items()},
                "channel": "pin",
                "pin": resident_pin,
                "delivery": "download",
                "files.ktp": (io.BytesIO(big), "ktp.jpg"),
            },
            content_type="multipart/form-data",
            environ_base={"REMOTE_ADDR": f"10.{next(address) % 250}.1.1"},
        )
        assert response.status_code == 201, response.get_json()

    median, p95 = timed(request, request_runs)
    print(f"online request (PIN, photo)   median {median:7.2f} ms   p95 {p95:7.2f} ms")


if __name__ == "__main__":
    main()
