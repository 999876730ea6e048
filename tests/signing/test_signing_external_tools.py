"""What other software sees: poppler's pdfsig and a QR reader on the rendered page."""

from __future__ import annotations

from tests.signing.helpers import CAMAT_URL, KADES_URL, run_tool


def _nss_db(tmp_path, ca_pem: bytes | None) -> str:
    db = tmp_path / "nss"
    db.mkdir()
    assert run_tool("certutil", "-N", "-d", f"sql:{db}", "--empty-password").returncode == 0
    if ca_pem is not None:
        (tmp_path / "ca.pem").write_bytes(ca_pem)
        added = run_tool(
            "certutil",
            "-A",
            "-d",
            f"sql:{db}",
            "-n",
            "ca",
            "-t",
            "CT,C,C",
            "-i",
            str(tmp_path / "ca.pem"),
        )
        assert added.returncode == 0, added.stderr
    return f"sql:{db}"


def test_pdfsig_finds_both_signatures_valid_and_trusted(ca, signed_twice_file, tmp_path):
    result = run_tool(
        "pdfsig", "-nssdir", _nss_db(tmp_path, ca.certificate_pem), str(signed_twice_file)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Signature is Valid.") == 2
    assert result.stdout.count("Certificate is Trusted.") == 2
    assert "Signature Field Name: kades_sign" in result.stdout
    assert "Signature Field Name: camat_sign" in result.stdout
    assert "ETSI.CAdES.detached" in result.stdout and "SHA-256" in result.stdout


def test_pdfsig_does_not_trust_a_ca_it_was_not_given(signed_twice_file, tmp_path):
    result = run_tool("pdfsig", "-nssdir", _nss_db(tmp_path, None), str(signed_twice_file))
    assert result.stdout.count("Signature is Valid.") == 2
    assert "Certificate is Trusted." not in result.stdout


def test_qr_codes_on_the_printed_page_decode_to_the_verify_urls(signed_twice_file, tmp_path):
    prefix = tmp_path / "page"
    rendered = run_tool(
        "pdftoppm", "-r", "150", "-png", "-singlefile", str(signed_twice_file), str(prefix)
    )
    assert rendered.returncode == 0, rendered.stderr
    decoded = run_tool("zbarimg", "-q", "--raw", f"{prefix}.png")
    assert sorted(decoded.stdout.split()) == sorted([KADES_URL, CAMAT_URL])
