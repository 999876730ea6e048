"""Helpers and constants shared by the signing tests."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from signing import (
    LetterContent,
    SignatureBlock,
    SignatureSlot,
    SignerIdentity,
    issue_pkcs12,
)
from tests.tools import require_tool

PASSPHRASE = "uji-tte-sementara"
# Certificates below are valid from 2020, so a fixed signing time can be used:
# 03:15 UTC is 10:15 WIB.
SIGNED_AT = datetime(2025, 8, 17, 3, 15, tzinfo=UTC)
SIGNED_AT_WIB = "17-08-2025 10:15 WIB"
CERTS_VALID_FROM = datetime(2020, 1, 1, tzinfo=UTC)
KADES_URL = "http://127.0.0.1:5000/v/Xk3pQ9zR7mT2wL5vN8bY4cF6hJ1sD0aG"
CAMAT_URL = "https://layang.blorakab.go.id/v/q8V2nLr5Tz0Wc7YkPa3Hd6Jm1Sx9Ef4Gb2Nu5Rt8Qw0"

KADES = SignerIdentity("Sutrisno", "Kepala Desa Bogem", "Desa Bogem, Kecamatan Japah")
CAMAT = SignerIdentity("Bambang Wijaya, S.Sos.", "Camat Japah", "Kecamatan Japah, Kabupaten Blora")


def run_tool(*args: str) -> subprocess.CompletedProcess:
    """Run a poppler/zbar/NSS command line tool and return its result."""
    require_tool(args[0])
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def pdf_text(path: Path, page: int | None = None) -> str:
    """Text of a PDF (or of one 1-based page) as pdftotext sees it."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = run_tool("pdftotext", "-layout", *pages, str(path), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def make_letter(**changes) -> LetterContent:
    """A two-signer SKTM letter; keyword arguments replace fields."""
    fields = dict(
        letterhead=["PEMERINTAH KABUPATEN BLORA", "KECAMATAN JAPAH", "DESA BOGEM"],
        address="Jalan Raya Bogem No. 1, Japah, Blora 58257",
        title="Surat Keterangan Tidak Mampu",
        number="470/012/DS-BGM/II/2026",
        opening="Yang bertanda tangan di bawah ini, Kepala Desa Bogem, Kecamatan Japah, "
        "Kabupaten Blora, menerangkan dengan sebenarnya bahwa:",
        data=[
            ("Nama", "Siti Aminah"),
            ("NIK", "3316014501900001"),
            ("Tempat/Tanggal Lahir", "Blora, 5 Januari 1990"),
            ("Alamat", "RT 02 RW 01 Dusun Krajan, Desa Bogem, Kecamatan Japah, Kabupaten Blora"),
            ("Keperluan", "Keringanan biaya sekolah anak"),
        ],
        closing="Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
        place_and_date="Bogem, 25 November 2026",
        slots=[
            SignatureSlot("kades_sign", "Kepala Desa Bogem"),
            SignatureSlot("camat_sign", "Mengetahui, Camat Japah"),
        ],
    )
    fields.update(changes)
    return LetterContent(**fields)


def kades_block(**changes) -> SignatureBlock:
    fields = dict(
        slot_index=0,
        field_name="kades_sign",
        signer=KADES,
        signed_at=SIGNED_AT,
        verify_url=KADES_URL,
    )
    fields.update(changes)
    return SignatureBlock(**fields)


def camat_block(**changes) -> SignatureBlock:
    fields = dict(
        slot_index=1,
        field_name="camat_sign",
        signer=CAMAT,
        signed_at=SIGNED_AT,
        verify_url=CAMAT_URL,
    )
    fields.update(changes)
    return SignatureBlock(**fields)


def issue_test_p12(ca, name: str, nik: str, **validity) -> bytes:
    """A throwaway signer PKCS#12 protected by PASSPHRASE, valid from 2020 unless told."""
    validity.setdefault("not_before", CERTS_VALID_FROM)
    return issue_pkcs12(
        ca, common_name=name, nik=nik, email=None, passphrase=PASSPHRASE, **validity
    )
