"""The kop surat of an office: its lines, address, contacts and the kabupaten's logo."""

from dataclasses import dataclass

from sqlalchemy import select

import signing
from app.domain.offices import KIND_LABELS, OfficeKind, head_title
from app.domain.roles import OfficeLevel
from app.extensions import db
from app.models import Office


@dataclass(frozen=True)
class Letterhead:
    lines: list[str]
    address: str
    contact: str
    logo: bytes | None


def chain_of(office: Office) -> tuple[Office, Office | None, Office | None]:
    """The office's kabupaten, kecamatan and desa/kelurahan (None where the office is higher)."""
    if office.level == OfficeLevel.KABUPATEN:
        return office, None, None
    if office.level == OfficeLevel.KECAMATAN:
        return office.above, office, None
    return office.above.above, office.above, office


def default_lines(office: Office) -> list[str]:
    """PEMERINTAH KABUPATEN BLORA / KECAMATAN JAPAH / DESA BOGEM (or KELURAHAN ...)."""
    kabupaten, kecamatan, desa = chain_of(office)
    lines = [f"PEMERINTAH KABUPATEN {kabupaten.name.upper()}"]
    if kecamatan is not None:
        lines.append(f"KECAMATAN {kecamatan.name.upper()}")
    if desa is not None:
        lines.append(f"{KIND_LABELS[OfficeKind(desa.kind)].upper()} {desa.name.upper()}")
    return lines


def letterhead_of(
    office: Office, letterhead: dict | None = None, address: str | None = None
) -> Letterhead:
    """The office's kop as printed; `letterhead` and `address` override saved values (previews)."""
    saved = (office.letterhead or {}) if letterhead is None else letterhead
    contact = []
    if saved.get("phone"):
        contact.append(f"Telepon {saved['phone']}")
    if saved.get("email"):
        contact.append(f"Pos-el {saved['email']}")
    if saved.get("website"):
        contact.append(f"Laman {saved['website']}")
    full_address = office.address if address is None else address
    if saved.get("postal_code"):
        full_address = f"{full_address} {saved['postal_code']}".strip()
    return Letterhead(
        lines=list(saved.get("lines") or default_lines(office)),
        address=full_address,
        contact=" - ".join(contact),
        logo=_logo(office),
    )


def _logo(office: Office) -> bytes | None:
    """The office's own logo, else its kabupaten's (one logo serves every kop of the kabupaten)."""
    own = office.logo
    if own or office.kabupaten_id is None:
        return own
    return db.session.scalar(select(Office.logo).where(Office.id == office.kabupaten_id))


def office_words(desa: Office) -> dict[str, str]:
    """Template placeholders that name a desa or kelurahan the way its own letters do."""
    kind_label = KIND_LABELS[OfficeKind(desa.kind)]
    return {
        "desa": desa.name,
        "kecamatan": desa.above.name,
        "kabupaten": desa.above.above.name,
        "sebutan": kind_label,  # Desa / Kelurahan
        "kantor": f"{kind_label} {desa.name}",  # Desa Bogem / Kelurahan Kauman
        "kepala": f"{head_title(desa.kind)} {desa.name}",  # Kepala Desa Bogem / Lurah Kauman
    }


def sample_letter(letterhead: Letterhead) -> signing.LetterContent:
    """A made-up letter that shows a letterhead in the preview."""
    return signing.LetterContent(
        letterhead=letterhead.lines,
        address=letterhead.address,
        contact=letterhead.contact,
        logo=letterhead.logo,
        title="CONTOH SURAT KETERANGAN",
        number=None,
        opening="Yang bertanda tangan di bawah ini menerangkan dengan sebenarnya bahwa:",
        data=[("Nama", "Contoh Nama Pemohon"), ("NIK", "3316010101900001")],
        closing="Pratinjau ini menunjukkan kop surat; isinya hanya contoh.",
        place_and_date="",
        slots=[],
        mark=signing.DRAFT_MARK,
    )
