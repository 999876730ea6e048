"""Session fixtures for the signing tests: throwaway CAs, signer keys and signed letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from signing import create_ca, open_pkcs12, render_letter, sign_pdf
from tests.signing.helpers import PASSPHRASE, camat_block, issue_test_p12, kades_block, make_letter


@pytest.fixture(scope="session")
def ca():
    return create_ca("Layang Test CA")


@pytest.fixture(scope="session")
def other_ca():
    return create_ca("Somebody Else's CA")


@pytest.fixture(scope="session")
def kades_p12(ca) -> bytes:
    return issue_test_p12(ca, "Sutrisno", "3316010101700001")


@pytest.fixture(scope="session")
def kades_key(kades_p12):
    return open_pkcs12(kades_p12, PASSPHRASE)


@pytest.fixture(scope="session")
def camat_key(ca):
    return open_pkcs12(issue_test_p12(ca, "Bambang Wijaya", "3316010101700002"), PASSPHRASE)


@pytest.fixture(scope="session")
def stranger_key(other_ca):
    return open_pkcs12(issue_test_p12(other_ca, "Orang Asing", "3316010101700003"), PASSPHRASE)


@pytest.fixture(scope="session")
def draft_pdf() -> bytes:
    return render_letter(make_letter())


@pytest.fixture(scope="session")
def signed_once(draft_pdf, kades_key) -> bytes:
    return sign_pdf(draft_pdf, kades_key, kades_block())


@pytest.fixture(scope="session")
def signed_twice(signed_once, camat_key) -> bytes:
    return sign_pdf(signed_once, camat_key, camat_block())


@pytest.fixture(scope="session")
def signed_twice_file(signed_twice, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("signed") / "surat.pdf"
    path.write_bytes(signed_twice)
    return path
