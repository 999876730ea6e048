"""Spoiled copies of a signed letter are reported as not valid, each with its reason."""

import logging
from datetime import UTC, datetime

import pytest

import signing
from tests.conftest import PASSPHRASE
from tests.e2e.journeys import act, create, walk_sktm
from tests.verify import tamper
from tests.verify.helpers import letter_pdf, upload


@pytest.fixture(autouse=True)
def quiet_pyhanko(caplog):
    """pyHanko logs its difference analysis of tampered files at error level; expected here."""
    caplog.set_level(logging.CRITICAL, logger="pyhanko")


def _verify(client, pdf: bytes) -> dict:
    response = upload(client, pdf)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_byte_changed_inside_the_signed_range_breaks_the_signatures(client, completed_sktm):
    pdf = completed_sktm.pdf
    spot = pdf.index(b"stream") + 40  # inside the letter's page content, signed by both
    body = _verify(client, tamper.flip_byte(pdf, spot))
    assert body["valid"] is False and body["issued_by_this_system"] is False
    assert [s["intact"] for s in body["signatures"]] == [False, False]
    assert [s["valid"] for s in body["signatures"]] == [False, False]
    assert (
        "Berkas ini tidak sama dengan surat mana pun yang diterbitkan melalui Layang."
        in body["reasons"]
    )
    assert any("Isi dokumen tidak cocok dengan tanda tangan" in r for r in body["reasons"])


def test_a_byte_changed_in_the_camat_update_breaks_only_the_camat_signature(client, completed_sktm):
    pdf = completed_sktm.pdf
    body = _verify(client, tamper.flip_byte(pdf, pdf.rindex(b"/Type") + 2))
    kades, camat = body["signatures"]
    assert kades["intact"] and not camat["intact"]
    assert body["valid"] is False


def test_an_incremental_update_adding_page_text_is_a_modification_after_the_last_signature(
    client, completed_sktm
):
    body = _verify(client, tamper.append_page_text(completed_sktm.pdf, b"PENGHASILAN 9.000.000"))
    assert body["valid"] is False and body["issued_by_this_system"] is False
    assert body["modified_after_last_signature"] is True
    assert "Dokumen diubah setelah tanda tangan terakhir." in body["reasons"]
    for signature in body["signatures"]:
        assert signature["intact"] and signature["trusted"] and not signature["valid"]
        assert any("Dokumen diubah setelah tanda tangan ini" in r for r in signature["reasons"])


def test_an_incremental_update_adding_a_text_note_is_a_modification(client, completed_sktm):
    body = _verify(
        client, tamper.append_text_annotation(completed_sktm.pdf, "Penghasilan: Rp 9.000.000")
    )
    assert body["valid"] is False and body["modified_after_last_signature"] is True
    assert not any(s["valid"] for s in body["signatures"])


def test_a_resaved_copy_is_not_valid(client, completed_sktm):
    resaved = tamper.resave(completed_sktm.pdf)
    assert resaved != completed_sktm.pdf
    body = _verify(client, resaved)
    assert body["valid"] is False and body["issued_by_this_system"] is False
    assert not any(s["intact"] for s in body["signatures"])
    assert any("disimpan ulang" in r for r in body["reasons"])


def test_a_letter_signed_with_a_certificate_from_an_unknown_ca_is_not_trusted(client, api_as, sktm):
    operator = api_as("operator.bogem")
    letter = create(operator, sktm)
    draft = letter_pdf(operator, letter["id"])
    forger_ca = signing.create_ca("Bukan CA Layang")
    p12 = signing.issue_pkcs12(
        forger_ca, common_name="Sutrisno", nik="3316010101750001", email=None, passphrase=PASSPHRASE
    )
    key = signing.open_pkcs12(p12, PASSPHRASE)
    block = signing.SignatureBlock(
        slot_index=0,
        field_name="kades_sign",
        signer=signing.SignerIdentity("Sutrisno", "Kepala Desa Bogem", "Desa Bogem"),
        signed_at=datetime.now(UTC),
        verify_url=letter["verify_url"],
    )
    forged = signing.sign_pdf(draft, key, block)
    body = _verify(client, forged)
    assert body["valid"] is False and body["issued_by_this_system"] is False
    [signature] = body["signatures"]
    assert (
        signature["intact"] is True
        and signature["trusted"] is False
        and signature["valid"] is False
    )
    assert signature["role"] is None  # not a signature Layang made
    assert any("otoritas sertifikat tepercaya" in r for r in body["reasons"])


def test_a_signature_from_an_unknown_ca_added_to_a_genuine_letter_spoils_it(client, completed_sktm):
    forger_ca = signing.create_ca("Bukan CA Layang")
    key = signing.open_pkcs12(
        signing.issue_pkcs12(
            forger_ca, common_name="Orang Lain", nik=None, email=None, passphrase=PASSPHRASE
        ),
        PASSPHRASE,
    )
    block = signing.SignatureBlock(
        slot_index=1,
        field_name="tambahan",
        signer=signing.SignerIdentity("Orang Lain", "-", "-"),
        signed_at=datetime.now(UTC),
        verify_url=completed_sktm.verify_url,
    )
    body = _verify(client, signing.sign_pdf(completed_sktm.pdf, key, block))
    assert body["valid"] is False and body["issued_by_this_system"] is False
    kades, camat, extra = body["signatures"]
    assert kades["valid"] and camat["valid"]
    assert extra["intact"] and not extra["trusted"] and not extra["valid"]


def test_a_truncated_copy_is_refused_as_unreadable(client, completed_sktm):
    pdf = completed_sktm.pdf
    for cut in (len(pdf) // 2, len(pdf) - 5):
        response = upload(client, pdf[:cut])
        assert response.status_code == 400, cut
        error = response.get_json()["error"]
        assert error["code"] == "invalid_document" and "rusak atau terpotong" in error["message"]


def test_the_kades_signed_revision_is_recognised_but_not_the_issued_letter(client, api_as, sktm):
    letter = walk_sktm(api_as, sktm, until="kecamatan_check")
    operator, kecamatan, camat = (
        api_as("operator.bogem"),
        api_as("operator.kec.japah"),
        api_as("camat.japah"),
    )
    kades_signed = letter_pdf(operator, letter["id"])

    in_progress = _verify(client, kades_signed)  # exactly what Layang holds now, but not finished
    assert in_progress["issued_by_this_system"] is True and in_progress["valid"] is False
    assert in_progress["verdict"] == "unfinished"
    assert in_progress["reasons"] == ["Surat masih dalam proses dan belum selesai ditandatangani."]

    act(kecamatan, letter["id"], "kecamatan_check")
    act(camat, letter["id"], "camat_sign")
    earlier = _verify(client, kades_signed)
    assert earlier["valid"] is False and earlier["issued_by_this_system"] is False
    assert earlier["revision"] == "earlier" and earlier["letter"]["number"]
    assert "sebelum tanda tangan terakhir" in earlier["reasons"][0]
    assert earlier["signatures"][0]["valid"]  # the kades' signature itself holds


def test_a_copy_with_a_voided_signature_is_recognised_and_not_valid(client, api_as, sktm):
    operator, kades, kecamatan = (
        api_as("operator.bogem"),
        api_as("kades.bogem"),
        api_as("operator.kec.japah"),
    )
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    first_signed = letter_pdf(operator, letter["id"])
    act(
        kecamatan,
        letter["id"],
        "kecamatan_check",
        decision="return",
        reason="Penghasilan belum dilampirkan",
    )
    act(
        operator, letter["id"], "operator_check"
    )  # back to the kades: the first signature is voided
    act(kades, letter["id"], "kades_sign")  # signs again: a new signature on a new file

    body = _verify(client, first_signed)
    assert body["valid"] is False and body["issued_by_this_system"] is False
    assert body["revision"] == "voided"
    assert "telah dibatalkan" in body["reasons"][0]
