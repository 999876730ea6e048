"""The letter as a document: its content for the PDF, and the current PDF (draft or signed)."""

from dataclasses import replace
from string import Template

import signing
from app.domain.dates import tanggal, tanggal_iso
from app.domain.letter_fields import FieldSpec
from app.domain.offices import head_title
from app.domain.roles import ROLE_LEVEL, Role, role_label
from app.domain.status import LetterStatus
from app.models import Letter, LetterType, Office, RouteVersion
from app.models.base import utcnow
from app.services.internal.blobs import stored_blob
from app.services.internal.letterhead import letterhead_of, office_words
from app.services.internal.process import route_of
from app.services.internal.scope import task_office_for


def slot_heading(role: str, office: Office, acting: str | None = None) -> str:
    """The words above a signature block, e.g. "Kepala Desa Bogem", "Lurah Kauman" or
    "Mengetahui,\nCamat Japah"; `acting` replaces the title for someone signing in the head's
    place ("Plt. Camat Japah", the a.n. and u.b. lines)."""
    if acting:
        title = acting
    elif role == Role.KADES:
        title = f"{head_title(office.kind)} {office.name}"
    else:
        title = f"{role_label(role, office.kind)} {office.name}"
    return f"Mengetahui,\n{title}" if role == Role.CAMAT else title


def signing_slots(letter: Letter) -> list[signing.SignatureSlot]:
    """One signature slot per signing step of the letter's route, in route order."""
    return route_slots(letter.route_version, letter.desa)


def route_slots(route_version: RouteVersion, desa: Office) -> list[signing.SignatureSlot]:
    """The signature slots of a route version for a letter of this desa."""
    slots = []
    for step in route_of(route_version).steps:
        if step.signing:
            office = task_office_for(ROLE_LEVEL[Role(step.lane)], desa)
            slots.append(
                signing.SignatureSlot(field_name=step.step, heading=slot_heading(step.lane, office))
            )
    return slots


def letter_content(letter: Letter) -> signing.LetterContent:
    """Everything printed on the letter, from its type's template and the applicant's data."""
    return _content(
        letter.letter_type,
        letter.desa,
        (letter.applicant_name, letter.applicant_nik),
        letter.fields,
        letter.number,
        letter.issued_at or utcnow(),
        signing_slots(letter),
    )


def sample_pdf(letter_type: LetterType, desa: Office, fields: dict) -> bytes:
    """A letter of an unsaved type with sample data, for the template editor's preview."""
    version = letter_type.route.deployed_version if letter_type.route else None
    slots = route_slots(version, desa) if version is not None else []
    applicant = ("Contoh Nama Pemohon", "3316010101900001")
    content = _content(letter_type, desa, applicant, fields, None, utcnow(), slots)
    return marked_pdf(content, signing.DRAFT_MARK)


def _content(letter_type, desa, applicant, fields, number, issued, slots) -> signing.LetterContent:
    name, nik = applicant
    values = {
        "nama": name,
        "nik": nik,
        **office_words(desa),
        **{k: "" if v is None else str(v) for k, v in fields.items()},
    }
    rows = [("Nama", name), ("NIK", nik)]
    for raw in letter_type.fields:
        spec = FieldSpec.from_dict(raw)
        value = fields.get(spec.name)
        if value not in (None, ""):
            printed = tanggal_iso(value) if spec.type == "date" else str(value)
            values[spec.name] = printed  # dates read the Indonesian way in the text too
            rows.append((spec.label, printed))
    kop = letterhead_of(desa)
    return signing.LetterContent(
        letterhead=kop.lines,
        address=kop.address,
        contact=kop.contact,
        logo=kop.logo,
        title=letter_type.name.upper(),
        number=number,
        opening=Template(letter_type.template.get("opening", "")).safe_substitute(values),
        data=rows,
        closing=Template(letter_type.template.get("closing", "")).safe_substitute(values),
        place_and_date=f"{desa.name}, {tanggal(issued)}",
        slots=slots,
    )


def signing_base(letter: Letter, stamps_print_headings: bool) -> bytes:
    """The PDF the next signature goes on: the signed file once signed, else the clean letter.

    When each signer's stamp prints its own heading (worded for whoever signs, Plt. or a.n.
    included), the clean letter leaves the headings to them."""
    if letter.signed_pdf_sha256 is not None:
        return stored_blob(letter.signed_pdf_sha256)
    content = letter_content(letter)
    if stamps_print_headings:
        content = replace(content, slots=[replace(s, heading="") for s in content.slots])
    return signing.render_letter(content)


def current_pdf(letter: Letter) -> bytes:
    """The letter's PDF as people download it: unsigned or rejected letters visibly marked so."""
    if letter.status == LetterStatus.REJECTED:
        return marked_pdf(letter_content(letter), signing.REJECTED_MARK)
    if letter.signed_pdf_sha256 is not None:
        return stored_blob(letter.signed_pdf_sha256)
    return marked_pdf(letter_content(letter), signing.DRAFT_MARK)


def marked_pdf(content: signing.LetterContent, mark: str) -> bytes:
    """The letter rendered with a mark across its pages and no electronic-signature footer."""
    return signing.render_letter(replace(content, mark=mark))
