"""Spreadsheets and PDF text for the roll-out tests."""

import io
import subprocess

from openpyxl import Workbook

OFFICE_HEADER = ["jenis", "nama", "kode", "kecamatan", "alamat", "kode_pos"]
OFFICIAL_HEADER = ["username", "nama", "peran", "kantor", "nik", "nip", "jabatan", "email"]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX file with one sheet per entry, the first row being the header."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ",") -> bytes:
    """A CSV file as Excel writes it (UTF-8 with a byte-order mark)."""
    return ("\ufeff" + "\n".join(delimiter.join(str(c) for c in row) for row in rows)).encode()


def upload(api, content: bytes, filename: str, dry_run: bool):
    """POST /imports as multipart, through an ApiClient."""
    return api.client.post(
        "/api/v1/imports" + ("?dry_run=1" if dry_run else ""),
        data={"file": (io.BytesIO(content), filename)},
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="multipart/form-data",
    )


def pdf_words(pdf: bytes) -> str:
    """The PDF's text (signature blocks included) with whitespace collapsed."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


# A small Blora addition: one new kecamatan with a desa and a kelurahan, and their officials.
NEW_OFFICES = [
    OFFICE_HEADER,
    ["kecamatan", "Uji Coba", "KEC-UJI", "", "Jl. Uji No. 1", ""],
    ["desa", "Sukamaju", "DS-SKM", "KEC-UJI", "Jl. Desa Sukamaju 1", "58299"],
    ["kelurahan", "Mekarsari", "", "Uji Coba", "Jl. Mekarsari 2", "58299"],
]
NEW_OFFICIALS = [
    OFFICIAL_HEADER,
    [
        "operator.sukamaju",
        "Rudi Hartono",
        "operator_desa",
        "DS-SKM",
        "",
        "",
        "",
        "rudi@layang.test",
    ],
    ["kades.sukamaju", "Sumarni", "Kepala Desa", "DS-SKM", "3316054107800001", "", "", ""],
    [
        "camat.ujicoba",
        "Drs. Joko Santoso",
        "camat",
        "KEC-UJI",
        "3316051203750002",
        "197503121998031004",
        "",
        "",
    ],
]


def office_id(admin, code: str) -> int:
    """The id of the office with this code, through GET /offices."""
    return next(o["id"] for o in admin.get("/offices").get_json()["items"] if o["code"] == code)


def new_official(api_as, client, test_ca, **fields):
    """Create an official through the API, give a signer a certificate, change the initial
    password; an ApiClient signed in as them."""
    import signing
    from tests.conftest import PASSPHRASE, ApiClient

    admin = api_as("admin.blora")
    created = admin.post("/users", json=fields)
    assert created.status_code == 201, created.get_json()
    username = fields["username"]
    if fields.get("nik"):
        p12 = signing.issue_pkcs12(
            test_ca[0],
            common_name=fields["name"],
            nik=fields["nik"],
            email=None,
            passphrase=PASSPHRASE,
        )
        uploaded = admin.client.post(
            f"/api/v1/users/{username}/certificate",
            data={"file": (io.BytesIO(p12), "cert.p12"), "passphrase": PASSPHRASE},
            headers={"Authorization": f"Bearer {admin.token}"},
            content_type="multipart/form-data",
        )
        assert uploaded.status_code == 201, uploaded.get_json()
    password = created.get_json()["initial_password"]
    token = client.post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    ).get_json()["token"]
    changed = client.post(
        "/api/v1/auth/password",
        json={"current_password": password, "new_password": "sandi-pejabat-baru"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert changed.status_code == 200, changed.get_json()
    return ApiClient(client, changed.get_json()["token"], username)
