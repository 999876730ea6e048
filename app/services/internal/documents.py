"""The letter as a document: its content for the PDF, and the current PDF (draft or signed)."""

from dataclasses import replace
from string import Template

import signing
from app.domain.dates import tanggal, tanggal_iso
from app.domain.letter_fields import FieldSpec
from app.domain.roles import ROLE_LABELS, ROLE_LEVEL, Role
from app.domain.status import LetterStatus
from app.models import Letter, Office
from app.models.base import utcnow
from app.services.internal.process import route_of
from app.services.internal.scope import task_office_for


def slot_heading(role: str, office: Office) -> str:
    """The words above a signature block, e.g. "Kepala Desa Bogem"."""
    if role == Role.KADES:
        return f"Kepala Desa {office.name}"
    if role == Role.CAMAT:
        return f"Mengetahui, Camat {office.name}"
    return f"{ROLE_LABELS.get(role, role)} {office.name}"


def signing_slots(letter: Letter) -> list[signing.SignatureSlot]:
    """One signature slot per signing step of the letter's route, in route order."""
    slots = []
    for step in route_of(letter.route_version).steps:
        if step.signing:
            office = task_office_for(ROLE_LEVEL[Role(step.lane)], letter.desa)
            slots.append(
                signing.SignatureSlot(field_name=step.step, heading=slot_heading(step.lane, office))
            )
    return slots


def letter_content(letter: Letter) -> signing.LetterContent:
    """Everything printed on the letter, from its type's template and the applicant's data."""
    desa = letter.desa
    kecamatan = desa.above
    letter_type = letter.letter_type
    values = {
        "nama": letter.applicant_name,
        "nik": letter.applicant_nik,
        "desa": desa.name,
        "kecamatan": kecamatan.name,
        **{k: "" if v is None else str(v) for k, v in letter.fields.items()},
    }
    rows = [("Nama", letter.applicant_name), ("NIK", letter.applicant_nik)]
    for raw in letter_type.fields:
        spec = FieldSpec.from_dict(raw)
        value = letter.fields.get(spec.name)
        if value not in (None, ""):
            rows.append((spec.label, tanggal_iso(value) if spec.type == "date" else str(value)))
    issued = letter.issued_at or utcnow()
    return signing.LetterContent(
        letterhead=[
            f"PEMERINTAH KABUPATEN {kecamatan.above.name.upper()}",
            f"KECAMATAN {kecamatan.name.upper()}",
            f"DESA {desa.name.upper()}",
        ],
        address=desa.address,
        title=letter_type.name.upper(),
        number=letter.number,
        opening=Template(letter_type.template.get("opening", "")).safe_substitute(values),
        data=rows,
        closing=Template(letter_type.template.get("closing", "")).safe_substitute(values),
        place_and_date=f"{desa.name}, {tanggal(issued)}",
        slots=signing_slots(letter),
    )


def signing_base(letter: Letter) -> bytes:
    """The PDF the next signature goes on: the signed file once signed, else the clean letter."""
    if letter.signed_pdf is not None:
        return letter.signed_pdf
    return signing.render_letter(letter_content(letter))


def current_pdf(letter: Letter) -> bytes:
    """The letter's PDF as people download it: unsigned or rejected letters visibly marked so."""
    if letter.status == LetterStatus.REJECTED:
        return marked_pdf(letter_content(letter), signing.REJECTED_MARK)
    if letter.signed_pdf is not None:
        return letter.signed_pdf
    return marked_pdf(letter_content(letter), signing.DRAFT_MARK)


def marked_pdf(content: signing.LetterContent, mark: str) -> bytes:
    """The letter rendered with a mark across its pages and no electronic-signature footer."""
    return signing.render_letter(replace(content, mark=mark))
