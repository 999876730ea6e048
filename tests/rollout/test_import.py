"""Spreadsheet import: the dry-run preview, applying, bad rows, idempotence and all-or-nothing."""

from tests.rollout.helpers import (
    NEW_OFFICES,
    NEW_OFFICIALS,
    OFFICIAL_HEADER,
    csv_bytes,
    office_and_user_counts,
    upload,
    xlsx,
)

FILE = {"kantor": NEW_OFFICES, "pejabat": NEW_OFFICIALS}


def test_preview_lists_every_row_and_changes_nothing(app, api_as):
    admin = api_as("admin.blora")
    before = office_and_user_counts(app)
    answer = upload(admin, xlsx(FILE), "blora.xlsx", dry_run=True)
    assert answer.status_code == 200
    report = answer.get_json()
    assert (report["created"], report["updated"], report["unchanged"]) == (6, 0, 0)
    assert report["errors"] == [] and report["applied"] is False and report["credentials"] == []
    assert [(r["sheet"], r["row"], r["outcome"]) for r in report["rows"]][:3] == [
        ("kantor", 2, "created"),
        ("kantor", 3, "created"),
        ("kantor", 4, "created"),
    ]
    assert office_and_user_counts(app) == before


def test_apply_creates_offices_and_officials_who_must_change_password(app, api_as, client):
    admin = api_as("admin.blora")
    answer = upload(admin, xlsx(FILE), "blora.xlsx", dry_run=False)
    assert answer.status_code == 200, answer.get_json()
    report = answer.get_json()
    assert report["applied"] and report["created"] == 6
    passwords = {c["username"]: c["initial_password"] for c in report["credentials"]}
    assert set(passwords) == {"operator.sukamaju", "kades.sukamaju", "camat.ujicoba"}
    offices = {o["code"]: o for o in admin.get("/offices?kind=kelurahan").get_json()["items"]}
    mekarsari = next(o for o in offices.values() if o["name"] == "Mekarsari")
    assert mekarsari["code"].startswith("KEL-") and mekarsari["kind"] == "kelurahan"
    login = client.post(
        "/api/v1/auth/login",
        json={"username": "operator.sukamaju", "password": passwords["operator.sukamaju"]},
    )
    assert login.status_code == 200
    token = login.get_json()["token"]
    blocked = client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
    assert blocked.status_code == 403
    assert blocked.get_json()["error"]["code"] == "password_change_required"


def test_importing_the_same_file_again_changes_nothing(api_as):
    admin = api_as("admin.blora")
    content = xlsx(FILE)
    assert upload(admin, content, "blora.xlsx", dry_run=False).status_code == 200
    again = upload(admin, content, "blora.xlsx", dry_run=False).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)
    assert again["credentials"] == []


def test_bad_rows_are_reported_by_row_and_column_in_indonesian(app, api_as):
    admin = api_as("admin.blora")
    before = office_and_user_counts(app)
    offices = [*NEW_OFFICES, ["desa", "Entah", "", "Kecamatan Khayalan", "", ""]]
    people = [
        *NEW_OFFICIALS,
        ["kades.sukamaju", "Orang Kedua", "kades", "DS-SKM", "3316054107800009", "", "", ""],
        ["sekdes.sukamaju", "Sekdes", "sekdes", "DS-SKM", "3316054107800001", "", "", ""],
        ["sekdes.dua", "Sekdes Dua", "sekdes", "DS-SKM", "12345", "", "", ""],
        ["kades.lain", "Kades Lain", "kades", "DS-SKM", "3316010101750001", "", "", ""],
    ]
    answer = upload(admin, xlsx({"kantor": offices, "pejabat": people}), "x.xlsx", dry_run=False)
    assert answer.status_code == 422
    errors = {
        (e["sheet"], e["row"], e["column"]): e["message"] for e in answer.get_json()["errors"]
    }
    assert errors[("kantor", 5, "kecamatan")] == "Kecamatan 'Kecamatan Khayalan' tidak dikenal."
    assert "sudah ada di baris 3" in errors[("pejabat", 5, "username")]
    assert errors[("pejabat", 6, "nik")] == "NIK sama dengan baris 3."
    assert errors[("pejabat", 7, "nik")] == "NIK harus terdiri dari 16 angka."
    assert errors[("pejabat", 8, "nik")] == "NIK sudah dipakai pengguna kades.bogem."
    # all or nothing: the good rows were not applied either
    assert office_and_user_counts(app) == before


def test_a_missing_column_is_named(api_as):
    admin = api_as("admin.blora")
    header = [c for c in OFFICIAL_HEADER if c != "peran"]
    answer = upload(
        admin, csv_bytes([header, ["a.b", "A B", "DS-BGM", "", "", "", ""]]), "p.csv", True
    )
    assert answer.status_code == 200
    assert answer.get_json()["errors"] == [
        {"sheet": "p", "row": 1, "column": "peran", "message": "Kolom wajib 'peran' tidak ada."}
    ]


def test_csv_with_semicolons_imports_officials(api_as):
    admin = api_as("admin.blora")
    rows = [OFFICIAL_HEADER, ["operator.japah", "Wati", "operator_desa", "DS-JPH", "", "", "", ""]]
    answer = upload(admin, csv_bytes(rows, ";"), "pejabat.csv", dry_run=False)
    assert answer.status_code == 200 and answer.get_json()["created"] == 1
    users = admin.get("/users?q=wati").get_json()["items"]
    assert [(u["username"], u["position"]) for u in users] == [
        ("operator.japah", "Operator Desa Japah")
    ]


def test_only_the_admin_imports(api_as):
    answer = upload(api_as("operator.bogem"), xlsx(FILE), "blora.xlsx", dry_run=True)
    assert answer.status_code == 403


def test_an_unreadable_file_is_a_clear_error(api_as):
    answer = upload(api_as("admin.blora"), b"PK\x03\x04broken", "x.xlsx", dry_run=True)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"] == "Berkas XLSX tidak dapat dibaca."
