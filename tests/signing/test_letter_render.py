"""The unsigned letter: text, footer on every page, fixed empty signature slots."""

from __future__ import annotations

import pytest
from PIL import Image

from signing import (
    FOOTER_TEXT,
    VOIDED_MARK,
    mark_signed_copy,
    render_letter,
    slot_box,
    validate_pdf,
)
from signing.render import PAGE_H, PAGE_W
from tests.signing.helpers import make_letter, pdf_text, run_tool

SPEC_FOOTER = "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik"


def _page_count(path) -> int:
    info = run_tool("pdfinfo", str(path)).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _long_letter():
    members = [
        (f"Anggota keluarga {i}", f"Nama anggota {i}, NIK 33160145019000{i:02d}") for i in range(30)
    ]
    return make_letter(
        opening="Yang bertanda tangan di bawah ini menerangkan bahwa: " + "kalimat panjang " * 400,
        data=make_letter().data + members,
    )


def test_footer_is_the_spec_sentence():
    assert FOOTER_TEXT == SPEC_FOOTER


def test_draft_prints_the_letter_on_one_page(draft_pdf, tmp_path):
    path = tmp_path / "draft.pdf"
    path.write_bytes(draft_pdf)
    text = pdf_text(path)
    words = " ".join(text.split())  # pdftotext -layout pads columns with spaces
    assert _page_count(path) == 1
    for expected in [
        "PEMERINTAH KABUPATEN BLORA",
        "KECAMATAN JAPAH",
        "DESA BOGEM",
        "Jalan Raya Bogem No. 1",
        "SURAT KETERANGAN TIDAK MAMPU",
        "Nomor: 470/012/DS-BGM/II/2026",
        "menerangkan dengan sebenarnya bahwa:",
        "Nama : Siti Aminah",
        "NIK : 3316014501900001",
        "Tempat/Tanggal Lahir : Blora, 5 Januari 1990",
        "sebagaimana mestinya.",
        "Bogem, 25 November 2026",
        "Kepala Desa Bogem",
        "Mengetahui, Camat Japah",
        SPEC_FOOTER,
    ]:
        assert expected in words, expected


def test_unnumbered_draft_prints_dotted_number(tmp_path):
    path = tmp_path / "draft.pdf"
    path.write_bytes(render_letter(make_letter(number=None)))
    assert "Nomor: ........" in pdf_text(path)


def test_long_letter_has_footer_on_every_page_and_slots_on_the_last(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(render_letter(_long_letter()))
    pages = _page_count(path)
    assert pages >= 2
    for page in range(1, pages + 1):
        text = pdf_text(path, page)
        assert SPEC_FOOTER in text, f"footer missing on page {page}"
        on_last = page == pages
        assert ("Mengetahui, Camat Japah" in text) == on_last
        assert ("Bogem, 25 November 2026" in text) == on_last
    assert "Anggota keluarga 29" in pdf_text(path)


def test_same_content_gives_the_same_bytes():
    assert render_letter(make_letter()) == render_letter(make_letter())
    assert render_letter(make_letter()) != render_letter(
        make_letter(number="470/013/DS-BGM/II/2026")
    )


def test_typographic_punctuation_is_printed_not_refused(tmp_path):
    path = tmp_path / "quotes.pdf"
    path.write_bytes(
        render_letter(make_letter(closing="Keperluan \u201cbeasiswa\u201d \u2013 tahun 2026\u2026"))
    )
    assert 'Keperluan "beasiswa" - tahun 2026...' in pdf_text(path)


def test_slots_sit_side_by_side_on_the_last_page():
    page0, (ax1, ay1, ax2, ay2) = slot_box(0)
    page1, (bx1, by1, bx2, by2) = slot_box(1)
    assert page0 == page1 == -1
    assert (ay1, ay2) == (by1, by2)
    assert bx2 < PAGE_W / 2 < ax1  # kades right, camat left
    assert bx1 > 0 and ax2 < PAGE_W and 0 < ay1 < ay2 < PAGE_H / 2
    with pytest.raises(ValueError):
        slot_box(2)


def _slot_pixels(pdf: bytes, index: int, tmp_path, name: str):
    """Darkest pixel value inside slot `index` of the last page, rendered at 72 dpi."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    run_tool(
        "pdftoppm", "-r", "72", "-gray", "-png", "-singlefile", str(path), str(tmp_path / name)
    )
    image = Image.open(tmp_path / f"{name}.png").convert("L")
    _, (x1, y1, x2, y2) = slot_box(index)
    inset = 3
    box = (x1 + inset, PAGE_H - y2 + inset, x2 - inset, PAGE_H - y1 - inset)
    return image.crop(tuple(round(v) for v in box)).getextrema()[0]


@pytest.mark.parametrize("index", [0, 1])
def test_draft_leaves_slots_empty_and_signing_fills_them(index, draft_pdf, signed_twice, tmp_path):
    assert _slot_pixels(draft_pdf, index, tmp_path, "draft") > 250
    assert _slot_pixels(signed_twice, index, tmp_path, "signed") < 50


def test_a_signed_copy_handed_out_as_voided_is_marked_and_claims_no_signature(
    signed_twice, tmp_path, ca
):
    path = tmp_path / "voided.pdf"
    path.write_bytes(mark_signed_copy(signed_twice, VOIDED_MARK))
    text = run_tool("pdftotext", "-raw", str(path), "-").stdout
    words = " ".join(text.split())
    assert "DIBATALKAN: versi surat ini sudah diganti dan tidak berlaku." in words
    assert "".join(text.split()).count("DIBATALKAN") == 2  # across the page, and in the footer
    assert SPEC_FOOTER not in words and "telah ditandatangani" not in words
    assert "Siti Aminah" in words  # the copy is still readable
    assert not any(check.valid for check in validate_pdf(path.read_bytes(), [ca.certificate_pem]))
