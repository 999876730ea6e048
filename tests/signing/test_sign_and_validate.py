"""PAdES signatures: one signer, two signers in turn, and tampering."""

from __future__ import annotations

import pytest

from signing import InvalidDocument, SigningError, sign_pdf, validate_pdf
from tests.signing.helpers import SIGNED_AT, SIGNED_AT_WIB, camat_block, kades_block, pdf_text


def test_one_signature_is_intact_trusted_and_covers_the_document(ca, signed_once, kades_key):
    [check] = validate_pdf(signed_once, [ca.certificate_pem])
    assert (check.intact, check.trusted, check.covers_document) == (True, True, True)
    assert check.modification_level == "NONE" and check.valid
    assert check.field_name == "kades_sign"
    assert check.signer_name == "Sutrisno"
    assert check.signed_at == SIGNED_AT
    assert check.certificate_fingerprint == kades_key.certificate_fingerprint


def test_signature_from_an_unknown_ca_is_intact_but_not_trusted(
    other_ca, signed_once, draft_pdf, stranger_key, ca
):
    [check] = validate_pdf(signed_once, [other_ca.certificate_pem])
    assert check.intact and not check.trusted and not check.valid
    [stranger] = validate_pdf(
        sign_pdf(draft_pdf, stranger_key, kades_block()), [ca.certificate_pem]
    )
    assert stranger.intact and not stranger.trusted


def test_kades_signature_stays_valid_after_the_camat_signs(ca, signed_once, signed_twice):
    assert signed_twice.startswith(signed_once)  # an incremental update
    kades, camat = validate_pdf(signed_twice, [ca.certificate_pem])
    assert (kades.field_name, camat.field_name) == ("kades_sign", "camat_sign")
    assert kades.intact and kades.trusted and kades.valid
    assert not kades.covers_document
    assert kades.modification_level == "FORM_FILLING"  # a new signature field and its appearance
    assert camat.intact and camat.trusted and camat.valid
    assert camat.covers_document and camat.modification_level == "NONE"


def test_blocks_show_signer_and_signing_time_in_wib(signed_twice_file):
    text = " ".join(pdf_text(signed_twice_file).split())
    for expected in [
        "Sutrisno",
        "Kepala Desa Bogem",
        "Desa Bogem, Kecamatan Japah",
        "Bambang Wijaya, S.Sos.",
        "Camat Japah",
        "Kecamatan Japah, Kabupaten Blora",
        "Ditandatangani secara",
        "elektronik pada",
        SIGNED_AT_WIB,
    ]:
        assert expected in text, expected


def test_byte_flipped_in_the_first_revision_breaks_both_signatures(ca, signed_twice, draft_pdf):
    damaged = bytearray(signed_twice)
    spot = draft_pdf.index(b"stream") + 40  # inside the page content of the draft
    damaged[spot] ^= 0x01
    kades, camat = validate_pdf(bytes(damaged), [ca.certificate_pem])
    assert not kades.intact and not camat.intact
    assert not kades.valid and not camat.valid


def test_byte_flipped_in_the_camat_update_breaks_only_the_camat_signature(
    ca, signed_once, signed_twice
):
    damaged = bytearray(signed_twice)
    spot = signed_twice.index(b"/Type", len(signed_once))  # an object of the second revision
    damaged[spot + 2] ^= 0x20
    kades, camat = validate_pdf(bytes(damaged), [ca.certificate_pem])
    assert kades.intact and kades.trusted
    assert not camat.intact


@pytest.mark.parametrize(
    "where", ["inside the draft", "inside the kades update", "before the last %%EOF"]
)
def test_truncated_pdf_is_an_invalid_document(ca, draft_pdf, signed_once, signed_twice, where):
    cut = {
        "inside the draft": len(draft_pdf) // 2,
        "inside the kades update": (len(draft_pdf) + len(signed_once)) // 2,
        "before the last %%EOF": len(signed_twice) - 5,
    }[where]
    with pytest.raises(InvalidDocument):
        validate_pdf(signed_twice[:cut], [ca.certificate_pem])


def test_garbage_is_an_invalid_document(ca):
    with pytest.raises(InvalidDocument):
        validate_pdf(b"bukan PDF" * 100, [ca.certificate_pem])


def test_unsigned_draft_has_no_signatures(ca, draft_pdf):
    assert validate_pdf(draft_pdf, [ca.certificate_pem]) == []


def test_signing_garbage_is_an_invalid_document(kades_key):
    with pytest.raises(InvalidDocument):
        sign_pdf(b"%PDF-1.7 rusak", kades_key, kades_block())


def test_the_same_field_cannot_be_signed_twice(signed_once, kades_key):
    with pytest.raises(SigningError, match="filled"):
        sign_pdf(signed_once, kades_key, kades_block())


def test_naive_signing_time_is_refused(draft_pdf, kades_key):
    with pytest.raises(ValueError):
        sign_pdf(draft_pdf, kades_key, camat_block(signed_at=SIGNED_AT.replace(tzinfo=None)))
