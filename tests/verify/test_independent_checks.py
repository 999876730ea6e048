"""What other software sees in the final SKTM letter: poppler's pdfsig, QR codes read by zbarimg."""

import subprocess
from urllib.parse import urlsplit

import pytest

from tests.tools import require_tools


@pytest.fixture(autouse=True)
def _tools_present():
    require_tools("pdfsig", "certutil", "pdftoppm", "zbarimg", "pdftotext")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


@pytest.fixture
def final_pdf(completed_sktm, tmp_path):
    path = tmp_path / "surat.pdf"
    path.write_bytes(completed_sktm.pdf)
    return path


@pytest.fixture
def nss_db(test_ca, tmp_path) -> str:
    """An NSS database that trusts the test CA, as a verifier's machine trusts the national root."""
    db = tmp_path / "nss"
    db.mkdir()
    assert _run("certutil", "-N", "-d", f"sql:{db}", "--empty-password").returncode == 0
    added = _run("certutil", "-A", "-d", f"sql:{db}", "-n", "ca", "-t", "CT,C,C", "-i", test_ca[1])
    assert added.returncode == 0, added.stderr
    return f"sql:{db}"


def test_pdfsig_reports_every_signature_valid_and_the_document_not_modified(final_pdf, nss_db):
    result = _run("pdfsig", "-nssdir", nss_db, str(final_pdf))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    blocks = out.split("Signature #")[1:]
    assert len(blocks) == 2, out
    for block in blocks:
        assert "Signature Validation: Signature is Valid." in block, block
        assert "Certificate Validation: Certificate is Trusted." in block, block
    assert (
        "Signature Field Name: kades_sign" in blocks[0]
        and "Signature Field Name: camat_sign" in blocks[1]
    )
    # The camat's signature, the last one, covers the whole file: nothing was added after it.
    assert "- Total document signed" in blocks[1], blocks[1]
    assert (
        "- Not total document signed" in blocks[0]
    )  # the camat's revision came after the kades signed


def test_qr_codes_on_the_page_give_the_verification_url_and_it_shows_the_letter_valid(
    app, client, completed_sktm, final_pdf, tmp_path
):
    prefix = tmp_path / "page"
    rendered = _run("pdftoppm", "-r", "150", "-png", str(final_pdf), str(prefix))
    assert rendered.returncode == 0, rendered.stderr
    [png] = sorted(tmp_path.glob("page*.png"))  # the SKTM letter is one page
    decoded = _run("zbarimg", "-q", "--raw", str(png))
    urls = decoded.stdout.split()
    # One QR code per signature block, kades and camat, each with its own revision's code; the
    # letter's address (its last signature's code) is one of them.
    assert len(urls) == 2 and len(set(urls)) == 2, urls
    assert all(url.startswith(f"{app.config['PUBLIC_BASE_URL']}/v/") for url in urls)
    assert completed_sktm.verify_url in urls
    for url in urls:
        page = client.get(urlsplit(url).path)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Surat ini SAH" in text and completed_sktm.number in text and "Tidak sah" not in text


def test_each_signature_block_shows_signer_position_office_and_time(final_pdf):
    text = " ".join(_run("pdftotext", "-layout", str(final_pdf), "-").stdout.split())
    for expected in [
        "Sutrisno",
        "Kepala Desa Bogem",
        "Desa Bogem",
        "Drs. Hadi Purnomo",
        "Camat Japah",
        "Kecamatan Japah",
        "Ditandatangani secara",
        "elektronik pada",
        "WIB",
    ]:
        assert expected in text, expected
