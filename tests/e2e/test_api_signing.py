"""Signing through the API: passphrases, letter numbers, and independent checks of the final PDF."""

import re
import subprocess
from datetime import datetime

import pytest

from app.domain.dates import WIB
from app.domain.numbering import roman_month
from tests.e2e.journeys import act, create, inbox_task, kades_task, walk_sktm
from tests.tools import require_tools


def test_wrong_passphrase_is_422_and_changes_nothing(api_as, skd):
    kades, letter, task = kades_task(api_as, skd)
    before = kades.get(f"/letters/{letter['id']}").get_json()

    response = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": "salah"}
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "bad_passphrase"
    assert "salah" in response.get_json()["error"]["message"].lower()
    assert kades.get(f"/letters/{letter['id']}").get_json() == before
    assert inbox_task(kades, letter["id"], "kades_sign")["id"] == task["id"]

    # The failed attempt used no number: the first real signature gets 001.
    signed = act(kades, letter["id"], "kades_sign")
    assert signed["number"].split("/")[1] == "001"


def test_signing_step_without_passphrase_is_400(api_as, skd):
    kades, _letter, task = kades_task(api_as, skd)
    response = kades.post(f"/tasks/{task['id']}/complete", json={"decision": "approve"})
    assert response.status_code == 400 and "passphrase" in response.get_json()["error"]["fields"]


def test_numbers_follow_spec_format_and_run_per_desa_without_gaps(api_as, skd, sktm):
    bogem = [api_as("operator.bogem"), api_as("kades.bogem")]
    kutukan = [api_as("operator.kutukan"), api_as("kades.kutukan")]
    numbers = []
    for operator, kades in (bogem, bogem, kutukan, bogem):
        letter = create(operator, skd)
        act(operator, letter["id"], "operator_check")
        numbers.append(act(kades, letter["id"], "kades_sign")["number"])
    now = datetime.now(WIB)
    suffix = f"{roman_month(now.month)}/{now.year}"
    assert numbers == [
        f"400.12.2.1/001/DS-BGM/{suffix}",
        f"400.12.2.1/002/DS-BGM/{suffix}",
        f"400.12.2.1/001/DS-KTK/{suffix}",
        f"400.12.2.1/003/DS-BGM/{suffix}",
    ]
    # A SKTM of Bogem continues the same office sequence with its own classification code.
    assert walk_sktm(api_as, sktm)["number"] == f"400/004/DS-BGM/{suffix}"


def test_rendered_letter_shows_number_applicant_and_footer(api_as, sktm):
    done = walk_sktm(api_as, sktm)
    pdf = api_as("operator.bogem").get(f"/letters/{done['id']}/pdf").data
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert done["number"] in text and "Budi Santoso" in text and "3316011201900001" in text
    assert "SURAT KETERANGAN TIDAK MAMPU" in text
    assert "12 Januari 1990" in text  # dates are printed the Indonesian way
    assert (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik"
        in text
    )


def test_poppler_pdfsig_accepts_both_signatures_against_the_test_ca(app, api_as, sktm, tmp_path):
    done = walk_sktm(api_as, sktm)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(api_as("operator.bogem").get(f"/letters/{done['id']}/pdf").data)
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{nss}",
            "-n",
            "layang-test-ca",
            "-t",
            "CT,C,C",
            "-i",
            app.config["TRUST_ROOTS"][0],
        ],
        check=True,
    )
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(pdf)], capture_output=True, text=True
    ).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert out.count("Certificate Validation: Certificate is Trusted.") == 2, out
    assert "Signer Certificate Common Name: Sutrisno" in out and "Drs. Hadi Purnomo" in out
    assert "Signature Type: ETSI.CAdES.detached" in out
    assert re.search(r"Signature #2:.*?Total document signed", out, re.S)


@pytest.fixture(autouse=True)
def _tools_present():
    require_tools("pdfsig", "pdftotext", "certutil")
