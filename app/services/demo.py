"""The demo data of SPEC.md: Kabupaten Blora, its offices, officials, letter types, routes and
certificates."""

import hashlib
from pathlib import Path

from sqlalchemy import select

import signing
from app.domain.roles import OfficeLevel, Role
from app.extensions import db
from app.models import LetterType, Office, Route, RouteVersion, User
from app.services import certificates
from app.services.auth import hash_password
from app.services.internal.database import committing

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
DEMO_PASSWORD = "layang-demo"
DEMO_PASSPHRASE = "tte-demo"

# (code, name, level, parent code, address)
OFFICES = [
    ("KAB-BLA", "Blora", OfficeLevel.KABUPATEN, None, "Jl. Pemuda No. 16, Blora"),
    ("KEC-JPH", "Japah", OfficeLevel.KECAMATAN, "KAB-BLA", "Jl. Raya Japah No. 1, Japah"),
    ("KEC-RDB", "Randublatung", OfficeLevel.KECAMATAN, "KAB-BLA", "Jl. Raya Randublatung No. 3"),
    ("DS-BGM", "Bogem", OfficeLevel.DESA, "KEC-JPH", "Jl. Desa Bogem No. 5, Kecamatan Japah"),
    ("DS-JPH", "Japah", OfficeLevel.DESA, "KEC-JPH", "Jl. Desa Japah No. 2, Kecamatan Japah"),
    (
        "DS-KTK",
        "Kutukan",
        OfficeLevel.DESA,
        "KEC-RDB",
        "Jl. Desa Kutukan No. 7, Kecamatan Randublatung",
    ),
]

# (username, full name, role, office code, position, NIK for signers)
USERS = [
    ("operator.bogem", "Siti Aminah", Role.OPERATOR_DESA, "DS-BGM", "Operator Desa Bogem", None),
    (
        "sekdes.bogem",
        "Agus Salim",
        Role.SEKDES,
        "DS-BGM",
        "Sekretaris Desa Bogem",
        "3316010101800002",
    ),
    ("kades.bogem", "Sutrisno", Role.KADES, "DS-BGM", "Kepala Desa Bogem", "3316010101750001"),
    (
        "operator.kutukan",
        "Dewi Lestari",
        Role.OPERATOR_DESA,
        "DS-KTK",
        "Operator Desa Kutukan",
        None,
    ),
    (
        "kades.kutukan",
        "Bambang Riyanto",
        Role.KADES,
        "DS-KTK",
        "Kepala Desa Kutukan",
        "3316020202700003",
    ),
    (
        "operator.kec.japah",
        "Rina Wulandari",
        Role.OPERATOR_KECAMATAN,
        "KEC-JPH",
        "Operator Kecamatan Japah",
        None,
    ),
    ("camat.japah", "Drs. Hadi Purnomo", Role.CAMAT, "KEC-JPH", "Camat Japah", "3316010303680004"),
    (
        "operator.kec.randublatung",
        "Yusuf Hidayat",
        Role.OPERATOR_KECAMATAN,
        "KEC-RDB",
        "Operator Kecamatan Randublatung",
        None,
    ),
    (
        "camat.randublatung",
        "Sri Handayani, S.Sos.",
        Role.CAMAT,
        "KEC-RDB",
        "Camat Randublatung",
        "3316020404720005",
    ),
    (
        "admin.blora",
        "Admin Dinkominfo",
        Role.ADMIN_KABUPATEN,
        "KAB-BLA",
        "Dinas Kominfo Kabupaten Blora",
        None,
    ),
    (
        "auditor.blora",
        "Auditor Inspektorat",
        Role.AUDITOR,
        "KAB-BLA",
        "Inspektorat Kabupaten Blora",
        None,
    ),
]

_OPENING = (
    "Yang bertanda tangan di bawah ini, Kepala Desa ${desa}, Kecamatan ${kecamatan}, "
    "Kabupaten Blora, menerangkan dengan sebenarnya bahwa:"
)
_BIRTH = [
    {"name": "tempat_lahir", "label": "Tempat lahir", "type": "text", "required": True},
    {"name": "tanggal_lahir", "label": "Tanggal lahir", "type": "date", "required": True},
]
LETTER_TYPES = [
    (
        "SKD",
        "Surat Keterangan Domisili",
        "470",
        "surat_desa",
        [
            *_BIRTH,
            {"name": "alamat", "label": "Alamat", "type": "textarea", "required": True},
            {"name": "keperluan", "label": "Keperluan", "type": "text", "required": True},
        ],
        "adalah benar penduduk yang berdomisili di Desa ${desa} pada alamat tersebut di atas. "
        "Surat keterangan ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKU",
        "Surat Keterangan Usaha",
        "500",
        "surat_desa",
        [
            {"name": "nama_usaha", "label": "Nama usaha", "type": "text", "required": True},
            {"name": "jenis_usaha", "label": "Jenis usaha", "type": "text", "required": True},
            {"name": "alamat_usaha", "label": "Alamat usaha", "type": "textarea", "required": True},
            {"name": "mulai_usaha", "label": "Mulai usaha", "type": "date", "required": False},
            {"name": "keperluan", "label": "Keperluan", "type": "text", "required": True},
        ],
        'adalah benar mempunyai usaha ${jenis_usaha} dengan nama "${nama_usaha}" di Desa ${desa}. '
        "Surat keterangan ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKTM",
        "Surat Keterangan Tidak Mampu",
        "400",
        "surat_desa_kecamatan",
        [
            *_BIRTH,
            {"name": "pekerjaan", "label": "Pekerjaan", "type": "text", "required": True},
            {"name": "alamat", "label": "Alamat", "type": "textarea", "required": True},
            {
                "name": "penghasilan",
                "label": "Penghasilan per bulan (Rp)",
                "type": "number",
                "required": False,
            },
            {"name": "keperluan", "label": "Keperluan", "type": "text", "required": True},
        ],
        "adalah benar warga Desa ${desa} yang tergolong keluarga tidak mampu. "
        "Surat keterangan ini dibuat untuk keperluan ${keperluan}.",
    ),
    (
        "SKPWNI",
        "Surat Keterangan Pindah WNI",
        "470",
        "surat_desa_kecamatan",
        [
            {"name": "alamat_asal", "label": "Alamat asal", "type": "textarea", "required": True},
            {
                "name": "alamat_tujuan",
                "label": "Alamat tujuan",
                "type": "textarea",
                "required": True,
            },
            {"name": "alasan_pindah", "label": "Alasan pindah", "type": "text", "required": True},
            {
                "name": "jumlah_pengikut",
                "label": "Jumlah keluarga yang ikut pindah",
                "type": "number",
                "required": True,
            },
        ],
        "adalah benar penduduk Desa ${desa} yang akan pindah ke ${alamat_tujuan}. "
        "Surat keterangan ini dibuat sebagai dasar pengurusan kepindahan.",
    ),
]
# What a resident attaches when asking online (the desa's usual persyaratan).
_KTP = {"code": "ktp", "label": "KTP", "required": True}
_KK = {"code": "kk", "label": "Kartu Keluarga", "required": True}
REQUIREMENTS = {
    "SKD": [_KTP, {**_KK, "required": False}],
    "SKU": [_KTP],
    "SKTM": [_KTP, _KK],
    "SKPWNI": [_KTP, _KK],
}
ROUTE_NAMES = {
    "surat_desa": "Surat desa (desa saja)",
    "surat_desa_kecamatan": "Surat desa dengan pengesahan camat",
}


def seed_demo(
    ca: signing.CertificateAuthority,
    password: str = DEMO_PASSWORD,
    passphrase: str = DEMO_PASSPHRASE,
) -> bool:
    """Create the demo kabupaten once; False when it is already there."""
    with committing():
        if db.session.scalar(select(Office).limit(1)) is not None:
            return False
        offices = _seed_offices()
        routes = {code: _seed_route(code) for code in ROUTE_NAMES}
        for code, name, classification, route, fields, closing in LETTER_TYPES:
            db.session.add(
                LetterType(
                    code=code,
                    name=name,
                    classification=classification,
                    fields=fields,
                    requirements=REQUIREMENTS.get(code, []),
                    template={"opening": _OPENING, "closing": closing},
                    route=routes[route],
                )
            )
        password_hash = hash_password(password)  # one KDF run for all demo users
        for username, full_name, role, office, position, nik in USERS:
            user = User(
                username=username,
                password_hash=password_hash,
                full_name=full_name,
                role=role,
                office=offices[office],
                position=position,
                nik=nik,
            )
            db.session.add(user)
            if nik:
                pkcs12 = signing.issue_pkcs12(
                    ca, common_name=full_name, nik=nik, email=None, passphrase=passphrase
                )
                certificates.add_certificate(user, pkcs12, passphrase)
    return True


def _seed_offices() -> dict[str, Office]:
    offices: dict[str, Office] = {}
    for code, name, level, parent, address in OFFICES:
        offices[code] = Office(
            code=code,
            name=name,
            level=level,
            parent=offices[parent] if parent else None,
            address=address,
        )
        db.session.add(offices[code])
    return offices


def _seed_route(code: str) -> Route:
    xml = (WORKFLOWS / f"{code}.bpmn").read_text(encoding="utf-8")
    route = Route(code=code, name=ROUTE_NAMES[code])
    version = RouteVersion(
        route=route,
        number=1,
        bpmn_xml=xml,
        sha256=hashlib.sha256(xml.encode()).hexdigest(),
        comment="Rute awal",
    )
    db.session.add_all([route, version])
    db.session.flush()
    route.deployed_version = version
    return route
