"""The BSrE client and session alone: request shape, error mapping, checks of what BSrE returns."""

from __future__ import annotations

import logging

import pytest

from signing import (
    BadPassphrase,
    BsreClient,
    BsreSession,
    CertificateProblem,
    ServiceUnavailable,
    SigningError,
    create_ca,
    open_pkcs12,
    render_letter,
    sign_pdf,
)
from signing.bsre import _error_for, open_bsre_session
from tests.backends.conftest import BSRE_PASSPHRASE, KADES_NIK
from tests.fakes.bsre import CLIENT_ID, CLIENT_SECRET
from tests.signing.helpers import PASSPHRASE, camat_block, issue_test_p12, kades_block, make_letter


@pytest.fixture(scope="module")
def draft() -> bytes:
    return render_letter(make_letter())


@pytest.fixture
def client(bsre) -> BsreClient:
    return BsreClient(bsre.url, CLIENT_ID, CLIENT_SECRET, timeout=5)


def test_session_returns_bsre_signature_with_its_certificate_fingerprint(bsre, client, draft):
    signed = BsreSession(client, KADES_NIK, BSRE_PASSPHRASE).sign(draft, kades_block())
    assert signed.pdf.startswith(draft) and len(signed.pdf) > len(draft)
    assert signed.certificate_fingerprint == bsre.accounts[KADES_NIK].key.certificate_fingerprint


def test_a_second_bsre_signature_is_added_after_the_first(bsre, client, draft):
    session = BsreSession(client, KADES_NIK, BSRE_PASSPHRASE)
    once = session.sign(draft, kades_block()).pdf
    twice = session.sign(once, camat_block()).pdf
    assert twice.startswith(once)
    assert [r["xAxis"] for r in bsre.sign_requests] == ["306", "57"]  # slot 0 right, slot 1 left


def test_session_opens_after_a_status_check_and_without_one_on_older_servers(bsre, client, draft):
    open_bsre_session(client, KADES_NIK, BSRE_PASSPHRASE)
    with pytest.raises(CertificateProblem, match="tidak terdaftar"):
        open_bsre_session(client, "3316999999999999", BSRE_PASSPHRASE)
    bsre.has_status_endpoint = False  # a Spring 404 JSON: nothing to learn before signing
    session = open_bsre_session(client, "3316999999999999", BSRE_PASSPHRASE)
    with pytest.raises(CertificateProblem, match="tidak terdaftar"):
        session.sign(draft, kades_block())


def test_a_reply_without_a_pdf_is_a_signing_error(bsre, client, draft):
    bsre.odd_reply = {"id_dokumen": "abc123", "message": "Proses berhasil"}
    with pytest.raises(SigningError, match="BSrE menjawab tanpa PDF"):
        BsreSession(client, KADES_NIK, BSRE_PASSPHRASE).sign(draft, kades_block())


@pytest.mark.parametrize(
    "status, problem",
    [("EXPIRED", "sudah kedaluwarsa"), ("REVOKE", "telah dicabut"), ("SUSPEND", "tidak aktif")],
)
def test_certificate_problems_reported_when_signing_are_mapped_by_their_text(
    bsre, client, draft, status, problem
):
    bsre.accounts[KADES_NIK].status = status  # the session was opened before the status changed
    with pytest.raises(CertificateProblem, match=problem):
        BsreSession(client, KADES_NIK, BSRE_PASSPHRASE).sign(draft, kades_block())


def test_unregistered_nik_when_signing_is_a_certificate_problem(bsre, client, draft):
    with pytest.raises(CertificateProblem, match="NIK penandatangan tidak terdaftar di BSrE"):
        BsreSession(client, "3316999999999999", BSRE_PASSPHRASE).sign(draft, kades_block())


def test_after_a_wrong_passphrase_the_session_does_not_ask_bsre_again(bsre, client, draft):
    session = BsreSession(client, KADES_NIK, "keliru")
    with pytest.raises(BadPassphrase):
        session.sign(draft, kades_block())
    with pytest.raises(BadPassphrase):
        session.sign(draft, kades_block())
    assert len(bsre.sign_requests) == 1


def test_passphrase_and_client_secret_stay_out_of_reprs_errors_and_logs(
    bsre, client, draft, caplog
):
    caplog.set_level(logging.DEBUG)
    session = BsreSession(client, KADES_NIK, BSRE_PASSPHRASE)
    assert BSRE_PASSPHRASE not in repr(session) and CLIENT_SECRET not in repr(client)
    assert KADES_NIK not in repr(session)  # the NIK is masked too
    bsre.broken = True
    with pytest.raises(ServiceUnavailable) as failure:
        session.sign(draft, kades_block())
    assert BSRE_PASSPHRASE not in str(failure.value) and failure.value.__cause__ is None
    assert BSRE_PASSPHRASE not in caplog.text and CLIENT_SECRET not in caplog.text


@pytest.mark.parametrize(
    "http_status, answer, expected, words",
    [
        (400, {"error": "Passphrase anda salah", "status_code": 2031}, BadPassphrase, ""),
        (
            500,
            {"error": "Passphrase anda salah !!!", "status_code": 2031},
            BadPassphrase,
            "",
        ),  # some deployments
        (400, {"error": "Passphrase anda salah"}, BadPassphrase, ""),
        (
            400,
            {"error": "Penandatangan tidak terdaftar", "status_code": 2011},
            CertificateProblem,
            "tidak terdaftar",
        ),
        (400, {"error": "NIK belum terdaftar"}, CertificateProblem, "tidak terdaftar"),
        (400, {"error": "Certificate has expired"}, CertificateProblem, "kedaluwarsa"),
        (400, {"message": "Sertifikat telah di-revoke"}, CertificateProblem, "dicabut"),
        (401, {"status": 401, "error": "Unauthorized"}, SigningError, "kredensial aplikasi"),
        (503, {}, ServiceUnavailable, "HTTP 503"),
        (504, {"error": "Gateway Timeout"}, ServiceUnavailable, "HTTP 504"),
        (
            400,
            {"error": "Dokumen harus diisi", "status_code": 4014},
            SigningError,
            "Dokumen harus diisi",
        ),
    ],
)
def test_esign_client_errors_map_to_signing_errors(http_status, answer, expected, words):
    error = _error_for(http_status, answer, secret="rahasia")
    assert type(error) is expected and words in str(error)


def test_an_echoed_passphrase_is_scrubbed_from_the_message():
    error = _error_for(
        400,
        {"error": "Format passphr4se 'Rahasia-123' tidak sah", "status_code": 4099},
        secret="Rahasia-123",
    )
    assert "Rahasia-123" not in str(error) and "***" in str(error)


class _Returns:
    """A stand-in BSrE client answering every signing request with `make(pdf)`."""

    base_url = "http://bsre.invalid"

    def __init__(self, make):
        self.make = make

    def sign_pdf(self, pdf, **_):
        return self.make(pdf)


@pytest.fixture(scope="module")
def stranger_key():
    return open_pkcs12(
        issue_test_p12(create_ca("Some CA"), "Orang Lain", "3316000000000009"), PASSPHRASE
    )


@pytest.mark.parametrize(
    "tamper, words",
    [
        (lambda pdf: pdf, "bukan surat yang dikirim"),  # nothing added
        (
            lambda pdf: pdf.replace(b"/Count 1", b"/Count 2") + b"\n",
            "bukan surat yang dikirim",
        ),  # changed
        (
            lambda pdf: pdf + b"\n% trailing junk\n",
            "tidak memuat tanda tangan baru",
        ),  # appended, no signature
        (lambda pdf: b"%PDF-1.7 something else", "bukan surat yang dikirim"),
    ],
)
def test_a_reply_that_is_not_our_pdf_plus_a_signature_is_refused(draft, tamper, words):
    with pytest.raises(SigningError, match=words):
        BsreSession(_Returns(tamper), KADES_NIK, BSRE_PASSPHRASE).sign(draft, kades_block())


def test_a_reply_whose_signature_was_damaged_is_refused(draft, stranger_key):
    def damaged(pdf):
        signed = bytearray(sign_pdf(pdf, stranger_key, kades_block()))
        start = signed.rindex(b"/Contents <") + len(b"/Contents <")
        blob = bytes(signed[start : signed.index(b">", start)]).rstrip(
            b"0"
        )  # the CMS, without its zero padding
        at = start + len(blob) - 40  # inside the signature value, which ends the SignerInfo
        signed[at : at + 8] = b"0123abcd" if signed[at : at + 8] != b"0123abcd" else b"fedc9876"
        return bytes(signed)

    with pytest.raises(SigningError, match="tanda tangan dari BSrE"):
        BsreSession(_Returns(damaged), KADES_NIK, BSRE_PASSPHRASE).sign(draft, kades_block())


def test_a_signature_that_does_not_cover_what_follows_is_refused(draft, stranger_key):
    def with_extra_update(pdf):
        return sign_pdf(pdf, stranger_key, kades_block()) + b"\n1 0 obj\n<<>>\nendobj\n"

    with pytest.raises(SigningError, match="tidak mencakup seluruh surat"):
        BsreSession(_Returns(with_extra_update), KADES_NIK, BSRE_PASSPHRASE).sign(
            draft, kades_block()
        )


def test_a_signed_copy_of_a_changed_letter_is_refused(draft, stranger_key):
    def changed_then_signed(pdf):
        return sign_pdf(pdf.replace(b"841.89]", b"841.88]", 1), stranger_key, kades_block())

    with pytest.raises(SigningError, match="bukan surat yang dikirim"):
        BsreSession(_Returns(changed_then_signed), KADES_NIK, BSRE_PASSPHRASE).sign(
            draft, kades_block()
        )
