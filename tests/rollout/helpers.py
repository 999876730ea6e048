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
    """POST /imports with one file as multipart, through an ApiClient."""
    return upload_files(api, [(content, filename)], dry_run)


def upload_files(api, files: list[tuple[bytes, str]], dry_run: bool):
    """POST /imports with several files (content, filename) in one multipart `file` field."""
    return api.client.post(
        "/api/v1/imports" + ("?dry_run=1" if dry_run else ""),
        data={"file": [(io.BytesIO(content), filename) for content, filename in files]},
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="multipart/form-data",
    )


NEW_PASSWORD = "sandi-pejabat-baru"  # what new_official changes an initial password to


def pdf_words(pdf: bytes) -> str:
    """The PDF's text (signature blocks included) with whitespace collapsed."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def slot_words(pdf: bytes, index: int) -> str:
    """The text inside signature slot `index` of the last page and the heading above it, top to
    bottom, whitespace collapsed: what reads as that signature block."""
    from signing.render import PAGE_H, field_box

    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    last = next(
        line.split()[-1] for line in pages.stdout.decode().splitlines() if line.startswith("Pages:")
    )
    _, (x1, y1, x2, y2) = field_box(index)
    crop = [f"{int(v)}" for v in (x1, PAGE_H - y2, x2 - x1, y2 - y1)]
    crop = ["-x", crop[0], "-y", crop[1], "-W", crop[2], "-H", crop[3]]
    text = subprocess.run(
        ["pdftotext", "-f", last, "-l", last, "-r", "72", *crop, "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
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
        json={"current_password": password, "new_password": NEW_PASSWORD},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert changed.status_code == 200, changed.get_json()
    return ApiClient(client, changed.get_json()["token"], username)


def new_sekcam_japah(api_as, client, test_ca):
    """Dwi Astuti, sekretaris kecamatan of Japah (a civil servant with a NIP and a certificate)."""
    return new_official(
        api_as,
        client,
        test_ca,
        username="sekcam.japah",
        name="Dwi Astuti, S.Sos.",
        role="sekcam",
        office_id=office_id(api_as("admin.blora"), "KEC-JPH"),
        nik="3316015505800006",
        nip="198005052006042003",
    )


def office_and_user_counts(app) -> tuple[int, int]:
    """How many offices and users the database holds: unchanged by a preview or a refused import."""
    from app.extensions import db
    from app.models import Office, User

    with app.app_context():
        return db.session.query(Office).count(), db.session.query(User).count()
