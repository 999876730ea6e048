"""Opening a signer's PKCS#12, and the development CA that issues them."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from signing import (
    BadPassphrase,
    CertificateProblem,
    SigningError,
    open_pkcs12,
    sign_pdf,
    validate_pdf,
)
from signing.ca import DOCUMENT_SIGNING
from tests.signing.helpers import PASSPHRASE, issue_test_p12, kades_block


def test_wrong_passphrase_is_bad_passphrase(kades_p12):
    with pytest.raises(BadPassphrase):
        open_pkcs12(kades_p12, "salah-ketik")


def test_a_file_opened_before_still_refuses_a_wrong_passphrase(kades_p12, kades_key):
    # kades_key opened it: a second opening takes the quick way, which must not skip the passphrase
    with pytest.raises(BadPassphrase):
        open_pkcs12(kades_p12, "salah-ketik")


def test_a_file_opened_again_signs_valid_letters(ca, kades_p12, draft_pdf):
    first = open_pkcs12(kades_p12, PASSPHRASE)
    again = open_pkcs12(kades_p12, PASSPHRASE)
    assert again.certificate_fingerprint == first.certificate_fingerprint
    [check] = validate_pdf(sign_pdf(draft_pdf, again, kades_block()), [ca.certificate_pem])
    assert check.valid and check.certificate_fingerprint == first.certificate_fingerprint


def test_damaged_pkcs12_is_not_blamed_on_the_passphrase(kades_p12):
    with pytest.raises(CertificateProblem):
        open_pkcs12(kades_p12[: len(kades_p12) // 2], PASSPHRASE)


def test_expired_certificate_is_refused(ca):
    now = datetime.now(UTC)
    p12 = issue_test_p12(
        ca,
        "Lama",
        "3316010101700009",
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=1),
    )
    with pytest.raises(CertificateProblem, match="expired"):
        open_pkcs12(p12, PASSPHRASE)


def test_certificate_not_yet_valid_is_refused(ca):
    now = datetime.now(UTC)
    p12 = issue_test_p12(
        ca,
        "Baru",
        "3316010101700008",
        not_before=now + timedelta(days=1),
        not_after=now + timedelta(days=30),
    )
    with pytest.raises(CertificateProblem, match="not valid before"):
        open_pkcs12(p12, PASSPHRASE)


def test_validity_is_checked_at_the_given_moment(kades_p12, kades_key):
    with pytest.raises(CertificateProblem):
        open_pkcs12(kades_p12, PASSPHRASE, at=kades_key.not_after + timedelta(seconds=1))


def test_signing_outside_the_certificate_validity_is_refused(draft_pdf, kades_key):
    late = kades_block(signed_at=kades_key.not_after + timedelta(days=1))
    with pytest.raises(CertificateProblem):
        sign_pdf(draft_pdf, kades_key, late)
    assert issubclass(CertificateProblem, SigningError)


def test_opened_key_does_not_keep_the_passphrase(kades_key):
    def values(obj):
        for value in vars(obj).values():
            yield repr(value)
            if hasattr(value, "__dict__") and not isinstance(value, type):
                yield from (repr(v) for v in vars(value).values())

    assert PASSPHRASE not in repr(kades_key)
    assert all(PASSPHRASE not in text for text in values(kades_key))


def test_fingerprint_is_sha256_of_the_certificate(kades_p12, kades_key):
    cert = pkcs12.load_key_and_certificates(kades_p12, PASSPHRASE.encode())[1]
    assert (
        kades_key.certificate_fingerprint
        == hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()
    )
    assert kades_key.not_after == cert.not_valid_after_utc
    assert kades_key.common_name == "Sutrisno"


def test_development_ca_is_a_real_ca_and_signer_certs_are_for_signing(ca, kades_p12):
    ca_cert = x509.load_pem_x509_certificate(ca.certificate_pem)
    constraints = ca_cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    assert ca_cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest

    leaf = pkcs12.load_key_and_certificates(kades_p12, PASSPHRASE.encode())[1]
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    purposes = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert (
        x509.oid.ExtendedKeyUsageOID.EMAIL_PROTECTION in purposes and DOCUMENT_SIGNING in purposes
    )
    aki = leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier == ca_ski
    assert leaf.public_key().key_size == 2048
    assert (
        leaf.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value
        == "3316010101700001"
    )
