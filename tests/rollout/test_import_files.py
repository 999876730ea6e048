"""Importing offices and officials as two CSV files in one upload, and the guard that keeps an
import inside the admin's kabupaten."""

import io
import re

from app.domain.offices import KIND_LEVEL, OfficeKind
from app.extensions import db
from app.models import Office, User
from tests.rollout.helpers import (
    NEW_OFFICES,
    NEW_OFFICIALS,
    csv_bytes,
    office_and_user_counts,
    upload_files,
    xlsx,
)
from tests.web import csrf_of, hidden_value, login_web, page

CSV_FILES = [(csv_bytes(NEW_OFFICES), "kantor.csv"), (csv_bytes(NEW_OFFICIALS, ";"), "pejabat.csv")]


def test_two_csv_files_in_one_upload_import_offices_and_their_officials(app, api_as):
    admin = api_as("admin.blora")
    before = office_and_user_counts(app)
    preview = upload_files(admin, CSV_FILES, dry_run=True).get_json()
    assert preview["errors"] == [] and preview["created"] == 6
    assert {r["sheet"] for r in preview["rows"]} == {"kantor", "pejabat"}
    assert office_and_user_counts(app) == before
    applied = upload_files(admin, CSV_FILES, dry_run=False)
    assert applied.status_code == 200, applied.get_json()
    assert {c["username"] for c in applied.get_json()["credentials"]} == {
        "operator.sukamaju",
        "kades.sukamaju",
        "camat.ujicoba",
    }
    users = admin.get("/users?q=sumarni").get_json()["items"]
    assert [(u["username"], u["role"]) for u in users] == [("kades.sukamaju", "kades")]
    again = upload_files(admin, CSV_FILES, dry_run=False).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)


def test_an_officials_csv_alone_cannot_name_offices_of_a_csv_not_uploaded(api_as):
    answer = upload_files(api_as("admin.blora"), CSV_FILES[1:], dry_run=True).get_json()
    assert {(e["row"], e["column"], e["message"]) for e in answer["errors"]} >= {
        (2, "kantor", "Kantor 'DS-SKM' tidak dikenal."),
        (4, "kantor", "Kantor 'KEC-UJI' tidak dikenal."),
    }


def test_two_files_with_the_same_name_are_refused(api_as):
    answer = upload_files(
        api_as("admin.blora"), [CSV_FILES[0], (CSV_FILES[1][0], "x/kantor.csv")], dry_run=True
    )
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"] == "Nama lembar atau berkas kembar: kantor."


def test_a_csv_of_unknown_columns_next_to_a_good_one_is_an_error(api_as):
    other = csv_bytes([["a", "b"], ["1", "2"]])
    answer = upload_files(
        api_as("admin.blora"), [CSV_FILES[0], (other, "catatan.csv")], dry_run=True
    ).get_json()
    assert [(e["sheet"], e["row"]) for e in answer["errors"]] == [("catatan", 1)]


def test_the_web_import_previews_and_applies_two_csv_files(client, app):
    login_web(client, "admin.blora")
    form = client.get("/admin/imports")
    preview = client.post(
        "/admin/imports",
        data={
            "csrf_token": csrf_of(form),
            "action": "preview",
            "file": [(io.BytesIO(content), name) for content, name in CSV_FILES],
        },
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert "Pratinjau: kantor.csv, pejabat.csv" in page(preview)
    assert "<strong>0</strong> kesalahan" in html
    applied = client.post(
        "/admin/imports",
        data={
            "csrf_token": hidden_value(html, "csrf_token"),
            "action": "apply",
            "filename": ["kantor.csv", "pejabat.csv"],
            "content": _hidden_values(html, "content"),
        },
    )
    assert "Impor selesai: 6 dibuat" in page(applied)
    with app.app_context():
        assert (
            db.session.scalar(db.select(User.role).filter_by(username="camat.ujicoba")) == "camat"
        )


def _hidden_values(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)


def _grobogan(app) -> None:
    """Another kabupaten on the same installation, with a kecamatan and a desa."""
    with app.app_context():
        kabupaten = _office("KAB-GRB", "Grobogan", OfficeKind.KABUPATEN, None)
        kecamatan = _office("KEC-PWD", "Purwodadi", OfficeKind.KECAMATAN, kabupaten)
        desa = _office("DS-KRP", "Kuripan", OfficeKind.DESA, kecamatan)
        db.session.add_all([kabupaten, kecamatan, desa])
        db.session.commit()


def _office(code: str, name: str, kind: OfficeKind, parent: Office | None) -> Office:
    office = Office(
        code=code,
        name=name,
        kind=kind,
        level=KIND_LEVEL[kind],
        parent=parent,
        address=name,
        letterhead={},
    )
    if parent is not None:
        db.session.add(parent)
        db.session.flush()
        office.kabupaten_id = parent.kabupaten_id or parent.id
    return office


def test_rows_naming_another_kabupatens_offices_are_refused_row_by_row(app, api_as):
    _grobogan(app)
    admin = api_as("admin.blora")
    offices = [
        *NEW_OFFICES,
        ["kecamatan", "Purwodadi", "KEC-PWD", "", "Jl. Lain 1", ""],
        ["desa", "Kuripan Baru", "", "KEC-PWD", "", ""],
        ["desa", "Kuripan", "DS-KRP", "KEC-UJI", "", ""],
    ]
    people = [
        *NEW_OFFICIALS,
        ["operator.kuripan", "Sari", "operator_desa", "DS-KRP", "", "", "", ""],
    ]
    content = xlsx({"kantor": offices, "pejabat": people})
    before = office_and_user_counts(app)
    outside = "bukan bagian Kabupaten Blora; impor hanya untuk kantor kabupaten ini."
    for dry_run in (True, False):
        answer = upload_files(admin, [(content, "campur.xlsx")], dry_run=dry_run)
        assert answer.status_code == (200 if dry_run else 422)
        report = answer.get_json()
        assert {(e["sheet"], e["row"], e["column"]): e["message"] for e in report["errors"]} == {
            ("kantor", 5, "kode"): f"Kantor KEC-PWD {outside}",
            ("kantor", 6, "kecamatan"): f"Kantor KEC-PWD {outside}",
            ("kantor", 7, "kode"): f"Kantor DS-KRP {outside}",
            ("pejabat", 5, "kantor"): f"Kantor DS-KRP {outside}",
        }
        outcomes = {(r["sheet"], r["row"]): r["outcome"] for r in report["rows"]}
        assert outcomes[("kantor", 2)] == "created" and outcomes[("kantor", 7)] == "error"
        assert report["applied"] is False and report["credentials"] == []
    assert office_and_user_counts(app) == before  # nothing applied, the good rows neither
    with app.app_context():
        kuripan = db.session.scalar(db.select(Office).filter_by(code="DS-KRP"))
        assert (kuripan.name, kuripan.parent.code) == ("Kuripan", "KEC-PWD")
