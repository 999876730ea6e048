"""Unsigned means visibly unsigned (issue 9, path 4), read from the PDFs with poppler's pdftotext.

Drafts say DRAF, rejected letters DITOLAK; neither carries the footer that claims an electronic
signature, and a number is printed only once one was allocated.
"""

import re
import subprocess
from io import BytesIO

from signing import FOOTER_TEXT
from tests.e2e.journeys import act, create
from tests.tools import require_tool
from tests.verify.helpers import letter_pdf
from tests.web import login_web

NUMBER = re.compile(r"\d{3}/\d{3}/DS-BGM/[IVX]+/\d{4}")


def words(pdf: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it (in drawing order), whitespace squeezed."""
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "surat.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def marks(text: str, mark: str) -> int:
    """How often the mark is printed: once across the page, once in the footer note.

    A diagonal word comes out of pdftotext letter by letter, hence the count without spaces."""
    return "".join(text.split()).count(mark)


def test_a_draft_says_draf_has_no_signature_footer_and_no_number(api_as, sktm, tmp_path):
    operator = api_as("operator.bogem")
    letter = create(operator, sktm)
    text = words(letter_pdf(operator, letter["id"]), tmp_path)
    assert marks(text, "DRAF") == 2
    assert FOOTER_TEXT not in text and "telah ditandatangani" not in text
    assert "belum ditandatangani" in text
    assert not NUMBER.search(text) and "Budi Santoso" in text


def test_after_a_correction_the_unsigned_pdf_is_a_draft_again(api_as, sktm, tmp_path):
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    signed = act(kades, letter["id"], "kades_sign")
    signed_text = words(letter_pdf(operator, letter["id"]), tmp_path)
    assert FOOTER_TEXT in signed_text and marks(signed_text, "DRAF") == 0

    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check", "return", reason="Alamat")
    act(operator, letter["id"], "operator_check", data={"fields": {"alamat": "RT 03 RW 01"}})
    text = words(letter_pdf(operator, letter["id"]), tmp_path)
    assert marks(text, "DRAF") == 2 and "RT 03 RW 01" in text
    assert FOOTER_TEXT not in text and "telah ditandatangani" not in text
    # The number stays the letter's (numbers never skip), on a page that says it is a draft.
    assert signed["number"] in text


def test_a_rejected_letter_downloads_marked_ditolak_without_signature_footer(
    api_as, sktm, tmp_path
):
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    rejected = act(
        api_as("operator.kec.japah"), letter["id"], "kecamatan_check", "reject", reason="Ganda"
    )
    assert rejected["status"] == "rejected"
    pdf = letter_pdf(operator, letter["id"])
    text = words(pdf, tmp_path)
    assert marks(text, "DITOLAK") == 2 and "tidak berlaku" in text
    assert FOOTER_TEXT not in text and "telah ditandatangani" not in text
    assert b"/Sig" not in pdf  # no signature that a reader could mistake for a standing one


def test_an_unsigned_skd_rejected_by_the_operator_is_marked_too(api_as, skd, tmp_path):
    operator = api_as("operator.bogem")
    letter = create(operator, skd)
    act(operator, letter["id"], "operator_check", "reject", reason="Bukan warga desa")
    text = words(letter_pdf(operator, letter["id"]), tmp_path)
    assert marks(text, "DITOLAK") == 2 and FOOTER_TEXT not in text and not NUMBER.search(text)


def test_a_voided_signed_copy_downloads_marked_dibatalkan(app, api_as, sktm, tmp_path):
    """The kades signed, the kecamatan returned, the desa corrected the name and the kades signed
    again: officials and the auditor can still fetch the first signed copy from the letter, as it
    was signed, but marked DIBATALKAN, without the electronic-signature statement, and never valid.
    """
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    first = act(kades, letter["id"], "kades_sign")
    assert first["voided_revisions"] == []
    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check", "return", reason="Nama")
    act(operator, letter["id"], "operator_check", data={"applicant": {"name": "Budi Santosa"}})
    after = act(kades, letter["id"], "kades_sign")

    [voided] = after["voided_revisions"]
    assert voided["step"] == "kades_sign" and voided["voided_at"] and voided["signed_at"]
    for who in ("operator.bogem", "auditor.blora", "operator.kec.japah"):
        response = api_as(who).get(voided["pdf_url"].removeprefix("/api/v1"))
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = words(response.data, tmp_path)
        assert marks(text, "DIBATALKAN") == 2
        assert FOOTER_TEXT not in text and "telah ditandatangani" not in text
        assert "Budi Santoso" in text and first["number"] in text  # the copy as it was signed
        verdict = app.test_client().post(
            "/api/v1/verify",
            data={"file": (BytesIO(response.data), "salinan.pdf")},
            content_type="multipart/form-data",
        )
        assert verdict.get_json()["valid"] is False
    assert (
        api_as("operator.kutukan").get(voided["pdf_url"].removeprefix("/api/v1")).status_code == 404
    )

    web = app.test_client()
    login_web(web, "operator.bogem")
    page = web.get(f"/letters/{letter['id']}").get_data(as_text=True)
    link = f"/letters/{letter['id']}/revisions/{voided['id']}/pdf"
    assert link in page and "DIBATALKAN" in page
    assert marks(words(web.get(link).data, tmp_path), "DIBATALKAN") == 2
