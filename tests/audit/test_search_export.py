"""Auditors search letters in scope, export histories (CSV, JSON, sealed PDF); reads are logged."""

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

import signing
from app.extensions import db
from app.models import AuditRead
from app.services import integrity
from tests.audit.helpers import pdf_text
from tests.conftest import PASSPHRASE
from tests.e2e.journeys import act, create, walk_sktm

KUTUKAN_SKD = {
    "type": "SKD",
    "applicant": {"nik": "3316020101990003", "name": "Joko Widodo"},
    "fields": {
        "tempat_lahir": "Blora",
        "tanggal_lahir": "1999-01-01",
        "alamat": "RT 01 RW 01 Kutukan",
        "keperluan": "melamar kerja",
    },
}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return sorted(item["id"] for item in response.get_json()["items"])


def test_auditor_search_filters_letters_of_the_whole_kabupaten(app, api_as, sktm, skd):
    done = walk_sktm(api_as, sktm)
    waiting = create(api_as("operator.bogem"), skd)
    kutukan = create(api_as("operator.kutukan"), KUTUKAN_SKD)
    act(api_as("operator.kutukan"), kutukan["id"], "operator_check")
    act(api_as("kades.kutukan"), kutukan["id"], "kades_sign", "reject", reason="Data tidak lengkap")
    auditor = api_as("auditor.blora")
    today = date.today()
    number_part = done["number"].split("/", 1)[1]  # e.g. 001/DS-BGM/XI/2026
    cases = {
        f"number={number_part}": [done["id"]],
        "nik=331601550": [waiting["id"]],
        "name=SRI": [waiting["id"]],
        "office=DS-KTK": [kutukan["id"]],
        "office=KEC-JPH": [done["id"], waiting["id"]],
        "type=SKD": [waiting["id"], kutukan["id"]],
        "status=completed": [done["id"]],
        "status=rejected": [kutukan["id"]],
        "signer=camat.japah": [done["id"]],
        "signer=sutris": [done["id"]],
        f"from={today - timedelta(days=1)}&to={today + timedelta(days=1)}": [
            done["id"],
            waiting["id"],
            kutukan["id"],
        ],
        f"to={today - timedelta(days=2)}": [],
        "type=SKD&office=DS-BGM&status=in_progress": [waiting["id"]],
    }
    for query, expected in cases.items():
        assert ids(auditor.get(f"/audit/letters?{query}")) == sorted(expected), query
    first = auditor.get("/audit/letters?limit=1").get_json()
    assert first["total"] == 3 and len(first["items"]) == 1 and first["next_cursor"]
    item = auditor.get(f"/audit/letters?number={number_part}").get_json()["items"][0]
    assert [s["name"] for s in item["signers"]] == ["Sutrisno", "Drs. Hadi Purnomo"]
    assert auditor.get("/audit/letters?office=XX-NONE").status_code == 400
    assert auditor.get("/audit/letters?from=kemarin").status_code == 400
    for other in ("camat.japah", "admin.blora", "operator.bogem"):
        assert api_as(other).get("/audit/letters").status_code == 403
    with app.app_context():
        searches = db.session.scalars(select(AuditRead).where(AuditRead.action == "search")).all()
        assert len(searches) == len(cases) + 2 and searches[0].user.username == "auditor.blora"


def test_history_exports_as_csv_and_json(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    auditor = api_as("auditor.blora")
    history = auditor.get(f"/letters/{letter['id']}/history").get_json()
    response = auditor.get(f"/audit/letters/{letter['id']}/history.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert [int(r["seq"]) for r in rows] == [e["seq"] for e in history["events"]]
    assert [r["hash"] for r in rows] == [e["hash"] for e in history["events"]]
    signed = next(r for r in rows if r["kind"] == "signed")
    assert (
        signed["actor"] == "kades.bogem" and signed["label"] == "Ditandatangani secara elektronik"
    )
    assert json.loads(signed["data"])["number"] == letter["number"]
    exported = json.loads(auditor.get(f"/audit/letters/{letter['id']}/history.json").data)
    assert exported["chain_intact"] is True and exported["letter"]["number"] == letter["number"]
    assert [e["hash"] for e in exported["events"]] == [e["hash"] for e in history["events"]]
    assert (
        api_as("camat.japah").get(f"/audit/letters/{letter['id']}/history.csv").status_code == 403
    )
    assert (
        api_as("camat.japah").get(f"/letters/{letter['id']}/history").status_code == 200
    )  # in scope
    with app.app_context():
        actions = db.session.scalars(select(AuditRead.action).order_by(AuditRead.id)).all()
        assert actions == ["history", "export_csv", "export_json", "history"]
        assert integrity.verify_all().ok


def test_the_pdf_report_is_unsigned_and_says_so_without_a_server_key(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    response = api_as("auditor.blora").get(f"/audit/letters/{letter['id']}/report.pdf")
    assert response.status_code == 200 and response.headers["X-Layang-Sealed"] == "no"
    text = pdf_text(response.data)
    assert "LAPORAN AUDIT RIWAYAT SURAT" in text and "TIDAK DITANDATANGANI" in text
    assert letter["number"] in text and "Ditandatangani" in text and "Langkah dibuka" in text
    assert signing.validate_pdf(response.data, []) == []


def test_the_pdf_report_is_sealed_with_the_configured_server_key(
    app, api_as, sktm, test_ca, tmp_path
):
    p12 = tmp_path / "audit.p12"
    p12.write_bytes(
        signing.issue_pkcs12(
            test_ca[0],
            common_name="Layang Audit Server",
            nik=None,
            email=None,
            passphrase=PASSPHRASE,
        )
    )
    app.config.update(AUDIT_P12=str(p12), AUDIT_P12_PASSPHRASE=PASSPHRASE)
    letter = walk_sktm(api_as, sktm)
    response = api_as("auditor.blora").get(f"/audit/letters/{letter['id']}/report.pdf")
    assert response.status_code == 200 and response.headers["X-Layang-Sealed"] == "yes"
    assert "TIDAK DITANDATANGANI" not in pdf_text(response.data)
    checks = signing.validate_pdf(response.data, [Path(test_ca[1]).read_bytes()])
    assert [(c.field_name, c.signer_name, c.valid) for c in checks] == [
        ("audit_report", "Layang Audit Server", True)
    ]
    app.config.update(AUDIT_P12_PASSPHRASE="salah")
    wrong = api_as("auditor.blora").get(f"/audit/letters/{letter['id']}/report.pdf")
    assert wrong.status_code == 422 and "tidak dapat dibuka" in wrong.get_json()["error"]["message"]
