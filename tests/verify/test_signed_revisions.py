"""One verification code per signed revision: a copy whose signature was voided never says SAH.

Issue 9, path 2: the kades signs, the kecamatan returns the letter, the desa corrects the NIK
(in the digits a masked NIK hides) and the kades signs again. The first kades-signed PDF must
scan as replaced, by QR code and by upload, and must not show a masked NIK that looks like
the final one.
"""

import subprocess
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Signature
from tests.admin.helpers import save_and_deploy
from tests.e2e.journeys import act, create
from tests.tools import require_tools
from tests.trust.chain_routes import ChainRoute, Step
from tests.verify.helpers import code_of, letter_pdf, upload

CORRECTED_NIK = "3316011301900001"  # the birth date digits (hidden by the mask) were wrong


def qr_codes(pdf: bytes, tmp_path) -> list[str]:
    """The verification codes in the PDF's QR codes, as a phone camera reads them."""
    require_tools("pdftoppm", "zbarimg")
    source = tmp_path / "copy.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / "copy"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(source), str(prefix)], check=True)
    codes = []
    for png in sorted(tmp_path.glob("copy*.png")):
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True
        )
        codes += [code_of(urlsplit(url).path) for url in decoded.stdout.split()]
        png.unlink()
    return codes


@pytest.fixture
def corrected_letter(api_as, sktm):
    """A SKTM whose first kades signature a correction voided, then completed."""
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    kecamatan, camat = api_as("operator.kec.japah"), api_as("camat.japah")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    first_copy = letter_pdf(operator, letter["id"])
    act(kecamatan, letter["id"], "kecamatan_check", "return", reason="Tanggal lahir pada NIK salah")
    act(operator, letter["id"], "operator_check", data={"applicant": {"nik": CORRECTED_NIK}})
    act(kades, letter["id"], "kades_sign")
    act(kecamatan, letter["id"], "kecamatan_check")
    act(camat, letter["id"], "camat_sign")
    final = act(operator, letter["id"], "handover")
    assert final["status"] == "completed"
    return final, first_copy, letter_pdf(operator, letter["id"])


def test_the_voided_copy_scans_as_superseded_and_the_final_letter_as_valid(
    client, corrected_letter, tmp_path
):
    _, first_copy, final_pdf = corrected_letter
    [voided_code] = qr_codes(first_copy, tmp_path)
    final_codes = qr_codes(final_pdf, tmp_path)
    assert len(final_codes) == 2 and voided_code not in final_codes

    body = client.get(f"/api/v1/verify/{voided_code}").get_json()
    assert body["valid"] is False and body["status"] == "superseded"
    assert body["superseded_at"]  # when this copy was replaced
    # The masked NIK of the final letter would look exactly like the voided copy's: show none.
    assert body["letter"]["applicant"] is None
    assert any("tidak berlaku" in reason for reason in body["reasons"])

    for code in final_codes:
        body = client.get(f"/api/v1/verify/{code}").get_json()
        assert body["valid"] is True and body["status"] == "valid", body
        assert body["letter"]["applicant"]["nik"] == "3316********0001"


def test_the_voided_copy_page_says_plainly_it_is_not_valid(client, corrected_letter, tmp_path):
    _, first_copy, _ = corrected_letter
    [voided_code] = qr_codes(first_copy, tmp_path)
    page = client.get(f"/v/{voided_code}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Salinan ini TIDAK BERLAKU" in text and "Diganti pada" in text
    assert "Surat ini SAH" not in text
    assert "3316********0001" not in text  # no masked NIK that seems to match the copy
    assert client.get(f"/v/{voided_code}/pdf").status_code == 404


def test_uploading_the_voided_copy_agrees_with_its_qr_code(client, corrected_letter):
    _, first_copy, final_pdf = corrected_letter
    body = upload(client, first_copy).get_json()
    assert body["valid"] is False and body["status"] == "superseded" and body["superseded_at"]
    assert body["letter"]["applicant"] is None
    final = upload(client, final_pdf).get_json()
    assert final["valid"] is True and final["status"] == "valid"


def test_a_letter_in_process_and_a_rejected_letter_never_verify_valid(
    client, api_as, sktm, tmp_path
):
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    [code] = qr_codes(letter_pdf(operator, letter["id"]), tmp_path)
    body = client.get(f"/api/v1/verify/{code}").get_json()
    assert body["valid"] is False and body["status"] == "in_progress"
    assert "masih dalam proses" in client.get(f"/v/{code}").get_data(as_text=True)

    act(
        api_as("operator.kec.japah"),
        letter["id"],
        "kecamatan_check",
        "reject",
        reason="Bukan warga",
    )
    body = client.get(f"/api/v1/verify/{code}").get_json()
    assert body["valid"] is False and body["status"] == "rejected"
    assert "TIDAK BERLAKU" in client.get(f"/v/{code}").get_data(as_text=True)


def test_a_completed_letter_missing_a_required_signature_never_verifies_valid(
    app, client, completed_sktm
):
    """As old code could leave it (issue 9, path 3): finished, with the kades signature voided."""
    with app.app_context():
        kades = db.session.scalar(
            select(Signature).where(
                Signature.letter_id == completed_sktm.id, Signature.step == "kades_sign"
            )
        )
        kades.voided_at = kades.signed_at
        db.session.commit()
    body = client.get(f"/api/v1/verify/{completed_sktm.code}").get_json()
    assert body["valid"] is False and body["status"] == "tampered"
    assert any("Tanda tangan Kepala Desa" in reason for reason in body["reasons"])
    assert upload(client, completed_sktm.pdf).get_json()["valid"] is False
    assert "Surat ini SAH" not in client.get(f"/v/{completed_sktm.code}").get_data(as_text=True)


# Kades, then camat; the kecamatan's check after the camat returns the letter to the camat.
CAMAT_RETURNED_AFTER_SIGNING = ChainRoute(
    (
        Step("operator_desa", False),
        Step("kades", True, 0, True),
        Step("camat", True, 0, True),
        Step("operator_kecamatan", False, 2),
    )
)


def test_a_copy_whose_camat_signature_was_voided_never_scans_valid(client, api_as, skd, tmp_path):
    """The kades signature stands, only the camat's is voided: the voided copy and the final letter
    carry the same kades QR code. Neither that shared code nor the voided camat code says SAH on
    the voided copy; the final letter's own camat code does."""
    save_and_deploy(api_as("admin.blora"), "surat_desa", CAMAT_RETURNED_AFTER_SIGNING.bpmn())
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    camat, kecamatan = api_as("camat.japah"), api_as("operator.kec.japah")
    letter = create(operator, skd)
    act(operator, letter["id"], "check_0")
    act(kades, letter["id"], "sign_1")
    act(camat, letter["id"], "sign_2")
    voided_copy = letter_pdf(operator, letter["id"])
    act(kecamatan, letter["id"], "check_3", "return", reason="Cap waktu keliru")
    act(camat, letter["id"], "sign_2")
    final = act(kecamatan, letter["id"], "check_3")
    assert final["status"] == "completed"
    final_pdf = letter_pdf(operator, letter["id"])

    voided_codes, final_codes = (
        set(qr_codes(voided_copy, tmp_path)),
        set(qr_codes(final_pdf, tmp_path)),
    )
    [kades_code] = voided_codes & final_codes  # the kades signature stands in both copies
    [voided_camat_code], [final_camat_code] = voided_codes - final_codes, final_codes - voided_codes
    for code in (kades_code, voided_camat_code):
        body = client.get(f"/api/v1/verify/{code}").get_json()
        assert body["valid"] is False and body["status"] == "superseded", body
        assert body["superseded_at"] and body["letter"]["applicant"] is None
        page = client.get(f"/v/{code}").get_data(as_text=True)
        assert "Surat ini SAH" not in page
        assert client.get(f"/v/{code}/pdf").status_code == 404
    shared = client.get(f"/v/{kades_code}").get_data(as_text=True)
    assert "Kode QR ini tidak dapat memastikan keabsahan" in shared
    assert "tanda tangan terakhir" in shared

    body = client.get(f"/api/v1/verify/{final_camat_code}").get_json()
    assert body["valid"] is True and body["status"] == "valid"
    assert code_of(final["verify_url"]) == final_camat_code
    assert upload(client, voided_copy).get_json()["valid"] is False
    assert upload(client, final_pdf).get_json()["valid"] is True
