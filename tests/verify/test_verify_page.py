"""The public verification page /v/<code>: no sign-in, plain Indonesian, the NIK masked."""

import re
import subprocess
from io import BytesIO

from signing import FOOTER_TEXT
from tests.e2e.journeys import act, create, walk_sktm
from tests.tools import require_tools
from tests.verify.helpers import code_of, letter_pdf
from tests.web import csrf_of


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_page_of_a_completed_sktm_shows_number_signers_and_sah(client, completed_sktm):
    response = client.get(f"/v/{completed_sktm.code}")
    assert response.status_code == 200
    text = _text(response)
    assert "Surat ini SAH" in text
    assert completed_sktm.number in text
    assert "Surat Keterangan Tidak Mampu" in text
    assert "Desa Bogem, Kecamatan Japah, Kabupaten Blora" in text
    assert "Sutrisno" in text and "Kepala Desa Bogem" in text
    assert "Drs. Hadi Purnomo" in text and "Camat Japah" in text
    assert text.count("Sah ") + text.endswith("Sah") >= 2 and "Tidak sah" not in text
    assert (
        "tidak memuat stempel waktu" in text
    )  # B-B signatures: the time is the signer's own claim
    assert f"/v/{completed_sktm.code}/pdf" in response.get_data(as_text=True)


def test_page_shows_the_applicant_name_but_masks_the_nik(client, completed_sktm):
    text = _text(client.get(f"/v/{completed_sktm.code}"))
    assert "Budi Santoso" in text
    assert "3316********0001" in text and "3316011201900001" not in text
    assert (
        "Buruh tani" not in text and "900000" not in text
    )  # other applicant data stays in the PDF


def test_page_needs_no_sign_in_and_stays_out_of_search_engines(client, completed_sktm):
    response = client.get(f"/v/{completed_sktm.code}")
    assert response.status_code == 200  # not a redirect to /login
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_public_pdf_download_is_the_signed_file(client, completed_sktm):
    response = client.get(f"/v/{completed_sktm.code}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == completed_sktm.pdf
    assert "attachment" in response.headers["Content-Disposition"]


def test_unknown_code_says_so_plainly_with_404(client):
    response = client.get("/v/kode-palsu-123")
    assert response.status_code == 404
    assert "Kode verifikasi tidak dikenal" in _text(response)
    assert client.get("/v/kode-palsu-123/pdf").status_code == 404


def test_unsigned_letter_says_not_yet_signed_and_offers_no_pdf(client, api_as, sktm):
    letter = create(api_as("operator.bogem"), sktm)
    code = code_of(letter["verify_url"])
    response = client.get(f"/v/{code}")
    assert response.status_code == 200
    text = _text(response)
    assert "Surat belum ditandatangani" in text and "Surat ini SAH" not in text
    assert f"/v/{code}/pdf" not in response.get_data(as_text=True)
    missing = client.get(f"/v/{code}/pdf")
    assert missing.status_code == 404 and "belum selesai ditandatangani" in _text(missing)


def test_letter_signed_by_the_kades_only_is_not_finished_and_offers_no_pdf(client, api_as, sktm):
    operator = api_as("operator.bogem")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    act(api_as("kades.bogem"), letter["id"], "kades_sign")
    code = code_of(letter["verify_url"])
    response = client.get(f"/v/{code}")
    text = _text(response)
    assert "Surat ini belum berlaku" in text and "Surat masih dalam proses" in text
    assert "Sutrisno" in text and "Sah" in text
    assert client.get(f"/v/{code}/pdf").status_code == 404


def test_verify_start_page_redirects_a_pasted_link_to_its_page(client, completed_sktm):
    assert client.get("/v").status_code == 200
    response = client.get("/v", query_string={"kode": completed_sktm.verify_url})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/v/{completed_sktm.code}"
    )


def test_uploading_the_signed_pdf_on_the_web_says_sah(client, completed_sktm):
    token = csrf_of(client.get("/v"))
    response = client.post(
        "/v",
        data={"csrf_token": token, "berkas": (BytesIO(completed_sktm.pdf), "surat.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Surat ini SAH" in text and "Ya, sama persis dengan dokumen yang tersimpan" in text


def test_uploading_garbage_on_the_web_explains_the_problem(client):
    token = csrf_of(client.get("/v"))
    response = client.post(
        "/v",
        data={"csrf_token": token, "berkas": (BytesIO(b"bukan pdf"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "Berkas bukan PDF" in _text(response)


def test_every_page_of_a_two_page_signed_letter_carries_the_tte_footer(
    client, api_as, sktm, tmp_path
):
    require_tools("pdfinfo", "pdftotext")
    long_fields = {
        "alamat": "RT 02 RW 01 Dusun Krajan " * 19,
        "keperluan": "pengajuan beasiswa " * 25,
        "pekerjaan": "Buruh tani dan pekerja harian lepas " * 13,
        "tempat_lahir": "Blora " * 80,
    }
    letter = walk_sktm(api_as, {**sktm, "fields": {**sktm["fields"], **long_fields}})
    path = tmp_path / "surat.pdf"
    path.write_bytes(letter_pdf(api_as("operator.bogem"), letter["id"]))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == 2
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert FOOTER_TEXT in " ".join(text.split()), f"footer missing on page {page}"
    assert "Surat ini SAH" in _text(client.get("/v/" + code_of(letter["verify_url"])))
