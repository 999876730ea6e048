"""Render the unsigned letter (A4 PDF) with empty, fixed places for signature blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

import pikepdf
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

FOOTER_TEXT = "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik"

# Marks of a letter that is not (or no longer) a signed letter: the diagonal word, and the footer
# that replaces the electronic-signature statement.
DRAFT_MARK, VOIDED_MARK, REJECTED_MARK = "DRAF", "DIBATALKAN", "DITOLAK"
MARK_NOTES = {
    DRAFT_MARK: "DRAF: surat ini belum ditandatangani secara elektronik dan belum berlaku.",
    VOIDED_MARK: "DIBATALKAN: versi surat ini sudah diganti dan tidak berlaku.",
    REJECTED_MARK: "DITOLAK: permohonan surat ini ditolak; surat ini tidak berlaku.",
}

# Geometry in PDF points. The slot area sits at a fixed place at the bottom of
# the last page, so slot_box() can answer without seeing the document.
PAGE_W, PAGE_H = 595.28, 841.89
MARGIN_L = MARGIN_R = 57.0  # 2 cm
MARGIN_T = 42.0
BODY_BOTTOM_MARGIN = 64.0  # keeps body text clear of the footer on full pages
SLOT_W, SLOT_H = 232.0, 96.0
SLOT_BOTTOM = 72.0  # PDF y (from the bottom edge) of the lower side of each slot
SLOT_X = (PAGE_W - MARGIN_R - SLOT_W, MARGIN_L)  # slot 0 right half, slot 1 left half
# The heading above a slot: the signer's title, up to five lines for "Mengetahui," and the u.b. form
# ("a.n. Kepala Desa Bogem" / "Sekretaris Desa Bogem" / "u.b." / "Kepala Urusan Umum").
HEADING_SIZE = 10
HEADING_LINE = 11.0
HEADING_MAX_LINES = 5
HEADING_AREA = HEADING_MAX_LINES * HEADING_LINE + 4.0  # height above a slot kept for its heading
SLOT_TOP_Y = PAGE_H - SLOT_BOTTOM - SLOT_H  # fpdf2 y (from the top edge) of each slot
PLACE_DATE_Y = SLOT_TOP_Y - HEADING_AREA - 16.0
BODY_LIMIT_Y = PLACE_DATE_Y - 12.0  # body text on the last page must end above this

BODY_SIZE = 11
LINE = 15.0
LABEL_W = 150.0
COLON_W = 12.0
TABLE_INDENT = 24.0

# fpdf2 stamps the creation date into /Info and /ID; a fixed one makes the same
# content give the same bytes. The real dates are in the text and signatures.
_FIXED_CREATION_DATE = datetime(2000, 1, 1, tzinfo=UTC)

# Core fonts are Latin-1 only; pasted text often brings typographic punctuation.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
        "\t": " ",
    }
)


@dataclass(frozen=True)
class SignatureSlot:
    field_name: str
    heading: str  # lines split by "\n"; empty when the signer's stamp prints it (field_box)


@dataclass(frozen=True)
class LetterContent:
    letterhead: list[str]
    address: str
    title: str
    number: str | None
    opening: str
    data: list[tuple[str, str]]
    closing: str
    place_and_date: str
    slots: list[SignatureSlot]
    mark: str | None = (
        None  # DRAFT_MARK, VOIDED_MARK or REJECTED_MARK: not a letter to be signed as it is
    )
    contact: str = ""  # telephone, e-mail and website line under the address
    logo: bytes | None = None  # PNG or JPEG printed left of the kop lines


def latin1(text: str) -> str:
    """Make text printable with PDF core fonts (Latin-1), replacing what is not."""
    return text.translate(_PUNCTUATION).encode("latin-1", "replace").decode("latin-1")


def slot_box(index: int) -> tuple[int, tuple[float, float, float, float]]:
    """Page index and (x1, y1, x2, y2) in PDF points of signature slot `index`, where the block is
    stamped.

    The page index is -1: the last page, counted from the back as pyHanko does.
    """
    if index not in (0, 1):
        raise ValueError(f"a letter has room for two signature slots, not slot {index}")
    x = SLOT_X[index]
    return -1, (x, SLOT_BOTTOM, x + SLOT_W, SLOT_BOTTOM + SLOT_H)


def field_box(index: int) -> tuple[int, tuple[float, float, float, float]]:
    """Like slot_box, with the heading area above the slot: where a signer's own stamp prints the
    heading it signs under (signing.sign_pdf)."""
    page, (x1, y1, x2, y2) = slot_box(index)
    return page, (x1, y1, x2, y2 + HEADING_AREA)


def heading_lines(heading: str) -> list[tuple[str, float]]:
    """The heading's printed lines (Latin-1, wrapped to the slot's width, at most
    HEADING_MAX_LINES), each with its width in points in Helvetica at HEADING_SIZE."""
    measure = FPDF(unit="pt", format="A4")
    measure.add_page()
    measure.set_font("Helvetica", "", HEADING_SIZE)
    lines = [
        line
        for part in latin1(heading).split("\n")
        for line in _wrapped_lines(measure, SLOT_W, HEADING_LINE, part)
    ][:HEADING_MAX_LINES]
    return [(line, measure.get_string_width(line)) for line in lines]


class _Letter(FPDF):
    def __init__(self, mark: str | None) -> None:
        super().__init__(unit="pt", format="A4")
        self.mark = mark

    def footer(self) -> None:
        """The electronic-signature statement, or on a marked letter its mark across the page."""
        self.set_y(-40)
        self.set_draw_color(120)
        self.set_line_width(0.4)
        self.line(MARGIN_L, self.get_y(), PAGE_W - MARGIN_R, self.get_y())
        self.set_y(-36)
        if self.mark:
            self.set_font("Helvetica", "B", 8)
            self.set_text_color(170, 0, 0)
            self.cell(0, 10, MARK_NOTES[self.mark], align=Align.C)
            self._watermark(self.mark)
        else:
            self.set_font("Helvetica", "I", 8)
            self.set_text_color(60)
            self.cell(0, 10, FOOTER_TEXT, align=Align.C)
        self.set_text_color(0)
        self.set_draw_color(0)

    def _watermark(self, mark: str) -> None:
        # Drawn last, over the content, so nothing on the page can hide it; light enough to read.
        with self.local_context(fill_opacity=0.2, text_color=(190, 0, 0)):
            self.set_font("Helvetica", "B", 96 if len(mark) > 7 else 140)
            width = self.get_string_width(mark)
            with self.rotation(54.7, PAGE_W / 2, PAGE_H / 2):  # the page's diagonal
                self.text(PAGE_W / 2 - width / 2, PAGE_H / 2 + 35, mark)


class _Stamp(_Letter):
    """A blank page that carries only a mark and its note, to lay over a signed letter's page."""

    def footer(self) -> None:
        with self.local_context(fill_color=(255, 255, 255)):
            self.rect(0, PAGE_H - 44, PAGE_W, 30, style="F")  # hides what the footer said
        super().footer()


def mark_signed_copy(pdf: bytes, mark: str) -> bytes:
    """A signed revision handed out as not (or no longer) valid: the electronic-signature statement
    taken off every page, the mark laid across it and its note in the footer. The result is a new
    file: the signatures in it no longer cover it, so it can never verify as a signed letter."""
    stamp = _Stamp(mark)
    stamp.add_page()
    with (
        pikepdf.open(BytesIO(bytes(stamp.output()))) as overlay,
        pikepdf.open(BytesIO(pdf)) as document,
    ):
        statement = pikepdf.String(latin1(FOOTER_TEXT))
        for page in document.pages:
            kept = [
                instruction
                for instruction in pikepdf.parse_content_stream(page)
                if not (str(instruction.operator) == "Tj" and instruction.operands == [statement])
            ]
            page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(kept))
            page.add_overlay(overlay.pages[0], None)  # None: the whole page
        out = BytesIO()
        document.save(out)
    return out.getvalue()


def render_letter(content: LetterContent) -> bytes:
    """Render the letter PDF (A4): to be signed, or marked (content.mark) as not a signed letter."""
    if len(content.slots) > 2:
        raise ValueError("a letter has room for two signature slots")
    pdf = _Letter(content.mark)
    pdf.set_creation_date(_FIXED_CREATION_DATE)
    pdf.set_title(latin1(content.title))
    pdf.set_lang("id")
    pdf.set_margins(MARGIN_L, MARGIN_T, MARGIN_R)
    pdf.set_auto_page_break(True, margin=BODY_BOTTOM_MARGIN)
    pdf.add_page()
    _letterhead(pdf, content)
    _title(pdf, content)
    _paragraph(pdf, content.opening)
    _data_table(pdf, content.data)
    _paragraph(pdf, content.closing)
    if pdf.get_y() > BODY_LIMIT_Y:
        pdf.add_page()  # the signature area always sits on a page of its own layout
    _signature_area(pdf, content)
    return bytes(pdf.output())


LOGO_SIZE = 62.0


def _letterhead(pdf: FPDF, content: LetterContent) -> None:
    lines = content.letterhead
    top = pdf.get_y()
    if content.logo:
        pdf.image(
            BytesIO(content.logo),
            x=MARGIN_L,
            y=top,
            w=LOGO_SIZE,
            h=LOGO_SIZE,
            keep_aspect_ratio=True,
        )
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        pdf.set_font("Helvetica", "B", 16 if last else 13)
        pdf.cell(
            0,
            19 if last else 16,
            latin1(line.upper()),
            align=Align.C,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    if content.address:
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(
            0, 12, latin1(content.address), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    if content.contact:
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(
            0, 12, latin1(content.contact), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    if content.logo:
        pdf.set_y(max(pdf.get_y(), top + LOGO_SIZE))
    # Kop surat convention: a thick rule over a thin one.
    y = pdf.get_y() + 4
    pdf.set_line_width(2.0)
    pdf.line(MARGIN_L, y, PAGE_W - MARGIN_R, y)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN_L, y + 3.5, PAGE_W - MARGIN_R, y + 3.5)
    pdf.set_y(y + 20)


def _title(pdf: FPDF, content: LetterContent) -> None:
    pdf.set_font("Helvetica", "BU", 12)
    pdf.multi_cell(
        0, 16, latin1(content.title.upper()), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font("Helvetica", "", BODY_SIZE)
    number = content.number or "........"
    pdf.cell(0, 15, latin1(f"Nomor: {number}"), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)


def _paragraph(pdf: FPDF, text: str) -> None:
    if not text.strip():
        return
    pdf.set_font("Helvetica", "", BODY_SIZE)
    pdf.multi_cell(0, LINE, latin1(text), align=Align.J, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)


def _data_table(pdf: FPDF, rows: list[tuple[str, str]]) -> None:
    if not rows:
        return
    pdf.set_font("Helvetica", "", BODY_SIZE)
    x0 = MARGIN_L + TABLE_INDENT
    value_w = PAGE_W - MARGIN_R - x0 - LABEL_W - COLON_W
    for label, value in rows:
        label, value = latin1(label), latin1(value or "-")
        if _fits_one_line(pdf, label, LABEL_W) and _fits_one_line(pdf, value, value_w):
            # The common case, without fpdf2's slow line breaking.
            _one_line_row(pdf, x0, label, value, value_w)
            continue
        label_lines = _wrapped_lines(pdf, LABEL_W, LINE, label)
        value_lines = _wrapped_lines(pdf, value_w, LINE, value)
        height = LINE * max(len(label_lines), len(value_lines), 1)
        # Break before a row rather than inside it, so label and value stay together.
        if pdf.will_page_break(height):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(x0, y)
        pdf.multi_cell(LABEL_W, LINE, label, align=Align.L, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.cell(COLON_W, LINE, ":")
        pdf.multi_cell(value_w, LINE, value, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.TOP)
        pdf.set_y(y + height)
    pdf.ln(8)


def _wrapped_lines(pdf: FPDF, width: float, height: float, text: str) -> list[str]:
    """The lines fpdf2 would break `text` into in a cell `width` wide; nothing is drawn."""
    lines = pdf.multi_cell(width, height, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)
    return lines


def _fits_one_line(pdf: FPDF, text: str, width: float) -> bool:
    return "\n" not in text and pdf.get_string_width(text) <= width - 2 * pdf.c_margin


def _one_line_row(pdf: FPDF, x0: float, label: str, value: str, value_w: float) -> None:
    if pdf.will_page_break(LINE):
        pdf.add_page()
    pdf.set_x(x0)
    pdf.cell(LABEL_W, LINE, label)
    pdf.cell(COLON_W, LINE, ":")
    pdf.cell(value_w, LINE, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _signature_area(pdf: FPDF, content: LetterContent) -> None:
    # Drawn without automatic breaks: this area is below the body limit by design.
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", "", BODY_SIZE)
    if content.place_and_date:
        pdf.set_xy(SLOT_X[0], PLACE_DATE_Y)
        pdf.cell(SLOT_W, HEADING_LINE, latin1(content.place_and_date), align=Align.C)
    pdf.set_font("Helvetica", "", HEADING_SIZE)
    for index, slot in enumerate(content.slots):
        _, (x1, _, _, _) = slot_box(index)
        lines = heading_lines(slot.heading) if slot.heading else []
        # Bottom-align the heading so it always ends right above its empty slot.
        y = SLOT_TOP_Y - 4 - len(lines) * HEADING_LINE
        for line, _width in lines:
            pdf.set_xy(x1, y)
            pdf.cell(SLOT_W, HEADING_LINE, line, align=Align.C)
            y += HEADING_LINE
    pdf.set_auto_page_break(True, margin=BODY_BOTTOM_MARGIN)
