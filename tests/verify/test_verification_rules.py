"""Small rules of the verification service that need no database."""

from datetime import UTC, datetime

from app.services import verification
from signing import SignatureCheck

SIGNED = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _check(**changes) -> SignatureCheck:
    fields = dict(
        field_name="kades_sign",
        signer_name="Sutrisno",
        signed_at=SIGNED,
        intact=True,
        trusted=True,
        covers_document=True,
        modification_level="NONE",
        certificate_fingerprint="ab" * 32,
    )
    fields.update(changes)
    return SignatureCheck(**fields)


def test_nik_on_public_pages_keeps_region_and_sequence_and_hides_the_birth_date():
    assert verification.mask_nik("3316011201900001") == "3316********0001"
    assert verification.mask_nik("123") == "***"


def test_a_timestamped_signature_shows_the_tsa_time_not_the_signers_claim():
    tsa_time = datetime(2026, 11, 25, 8, 0, 3, tzinfo=UTC)
    verdict = verification._signature_verdict(_check(timestamp_at=tsa_time), None)
    assert verdict.timestamped and verdict.signed_at == tsa_time and verdict.valid


def test_without_a_timestamp_the_time_is_the_signers_claim():
    verdict = verification._signature_verdict(_check(), None)
    assert not verdict.timestamped and verdict.signed_at == SIGNED


def test_anything_added_after_the_last_signature_counts_as_a_modification():
    kades = _check(covers_document=False, modification_level="FORM_FILLING")
    assert not verification._modified_after_last_signature([kades, _check(field_name="camat_sign")])
    assert verification._modified_after_last_signature([kades, _check(covers_document=False)])
    assert verification._modified_after_last_signature(
        [_check(covers_document=False, modification_level="OTHER")]
    )
