"""The web UI, page by page, as each demo official uses it; with real CSRF tokens."""

import re

from tests.conftest import PASSPHRASE, PASSWORD
from tests.web import csrf_of, hidden_value, login_web, page, submit_login


def logout_web(client):
    inbox = client.get("/")
    response = client.post("/logout", data={"csrf_token": csrf_of(inbox)}, follow_redirects=True)
    assert "Anda sudah keluar." in page(response)


SKTM_FORM = {
    "applicant_nik": "3316011201900001",
    "applicant_name": "Budi Santoso",
    "field_tempat_lahir": "Blora",
    "field_tanggal_lahir": "1990-01-12",
    "field_pekerjaan": "Buruh tani",
    "field_alamat": "RT 02 RW 01 Desa Bogem",
    "field_penghasilan": "900000",
    "field_keperluan": "beasiswa sekolah anak",
}


def create_sktm(client, **overrides):
    """operator.bogem fills in the SKTM form; returns the response after the redirect."""
    form = client.get("/letters/new/SKTM")
    assert form.status_code == 200
    data = {
        **SKTM_FORM,
        **overrides,
        "csrf_token": csrf_of(form),
        "idempotency_key": hidden_value(form, "idempotency_key"),
    }
    return client.post("/letters/new/SKTM", data=data, follow_redirects=True)


def task_link(client, task_name: str) -> str:
    """The inbox link of the (only) task with this name."""
    inbox = page(client.get("/"))
    links = re.findall(r'href="(/tasks/\d+)">\s*<span class="row-title">([^<]+)', inbox)
    matches = [href for href, name in links if name.strip() == task_name]
    assert len(matches) == 1, inbox
    return matches[0]


def decide(client, task_url: str, decision: str = "approve", **extra):
    task = client.get(task_url)
    assert task.status_code == 200
    data = {"csrf_token": csrf_of(task), "decision": decision, "reason": "", **extra}
    return client.post(task_url + "/complete", data=data, follow_redirects=True)


def new_sktm(client) -> tuple[str, str]:
    """operator.bogem creates an SKTM, signs out; the letter's URL and its first check task URL."""
    login_web(client, "operator.bogem")
    letter_url = create_sktm(client).request.path
    task_url = task_link(client, "Periksa berkas")
    logout_web(client)
    return letter_url, task_url


def sktm_checked_by_the_operator(client) -> str:
    """operator.bogem creates an SKTM, approves its check and signs out; the letter's URL."""
    login_web(client, "operator.bogem")
    letter_url = create_sktm(client).request.path
    decide(client, task_link(client, "Periksa berkas"))
    logout_web(client)
    return letter_url


def test_login_failure_shows_message(client):
    response = submit_login(client, "operator.bogem", "salah")
    assert "Nama pengguna atau kata sandi salah." in page(response)
    assert client.get("/").status_code == 302  # still signed out


def test_pages_need_login(client):
    response = client.get("/letters")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_without_csrf_token_is_refused(client):
    assert (
        client.post("/login", data={"username": "operator.bogem", "password": PASSWORD}).status_code
        == 400
    )
    login_web(client, "operator.bogem")
    response = client.post("/letters/new/SKTM", data=SKTM_FORM)
    assert response.status_code == 400
    assert "Surat dibuat" not in page(client.get("/letters"))


def test_sktm_walks_through_every_official_to_a_signed_pdf(client):
    landing = login_web(client, "operator.bogem")
    assert "Kotak masuk" in page(landing) and "Siti Aminah" in page(landing)
    assert "Surat Keterangan Tidak Mampu" in page(client.get("/letters/new"))
    created = create_sktm(client)
    text = page(created)
    assert "Surat dibuat. Kode lacak:" in text and "Dalam proses" in text and "Budi Santoso" in text
    letter_url = created.request.path
    assert re.fullmatch(r"/letters/\d+", letter_url)
    assert "Periksa berkas" in text

    decided = decide(client, task_link(client, "Periksa berkas"))
    assert "Tugas selesai." in page(decided)
    logout_web(client)

    login_web(client, "kades.bogem")
    sign_url = task_link(client, "Tandatangani surat (TTE)")
    task_page = page(client.get(sign_url))
    assert (
        "Setujui dan tandatangani" in task_page and "Passphrase sertifikat elektronik" in task_page
    )
    signed = decide(client, sign_url, passphrase=PASSPHRASE)
    assert "Surat ditandatangani." in page(signed)
    logout_web(client)

    login_web(client, "operator.kec.japah")
    assert "Tugas selesai." in page(decide(client, task_link(client, "Periksa surat di kecamatan")))
    logout_web(client)

    login_web(client, "camat.japah")
    assert "Surat ditandatangani." in page(
        decide(client, task_link(client, "Tandatangani surat (TTE)"), passphrase=PASSPHRASE)
    )
    logout_web(client)

    login_web(client, "operator.bogem")
    done = page(decide(client, task_link(client, "Serahkan surat kepada pemohon")))
    assert "Tugas selesai. Surat sudah selesai dan dapat diunduh." in done
    letter_page = page(client.get(letter_url))
    assert "Selesai" in letter_page and "Unduh PDF" in letter_page
    assert (
        "Sutrisno" in letter_page and "Drs. Hadi Purnomo" in letter_page
    )  # both signatures listed
    assert re.search(r"400/001/DS-BGM/[IVX]+/\d{4}", letter_page)
    pdf = client.get(letter_url + "/pdf?download=1")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and pdf.headers["Content-Disposition"].startswith(
        "attachment"
    )


def test_wrong_passphrase_keeps_the_task_open(client):
    letter_url = sktm_checked_by_the_operator(client)
    login_web(client, "kades.bogem")
    sign_url = task_link(client, "Tandatangani surat (TTE)")
    response = decide(client, sign_url, passphrase="bukan-ini")
    text = page(response)
    assert response.status_code == 422
    assert "Passphrase salah" in text
    passphrase_field = re.search(r'id="field-passphrase".*?</div>', text, re.S).group(0)
    assert "Passphrase salah." in passphrase_field and "bukan-ini" not in text
    assert task_link(client, "Tandatangani surat (TTE)") == sign_url  # still in the inbox
    letter_page = page(client.get(letter_url))
    assert "Belum ditandatangani." in letter_page and "Dalam proses" in letter_page


def test_bad_nik_is_shown_next_to_the_nik_input(client):
    login_web(client, "operator.bogem")
    response = create_sktm(client, applicant_nik="12345", field_keperluan="")
    text = page(response)
    assert response.status_code == 200 and "Periksa kembali isian yang ditandai." in text
    nik_field = re.search(r'id="field-applicant_nik".*?</div>', text, re.S).group(0)
    assert "NIK harus terdiri dari 16 angka." in nik_field and 'value="12345"' in nik_field
    keperluan_field = re.search(r'id="field-field_keperluan".*?</div>', text, re.S).group(0)
    assert "Wajib diisi." in keperluan_field
    assert 'value="Budi Santoso"' in text  # what was typed stays


def test_return_needs_a_reason(client):
    login_web(client, "operator.bogem")
    create_sktm(client)
    task_url = task_link(client, "Periksa berkas")
    response = decide(client, task_url, decision="reject")
    text = page(response)
    assert response.status_code == 400
    reason_field = re.search(r'id="field-reason".*?</div>', text, re.S).group(0)
    assert "Alasan wajib diisi" in reason_field
    assert "Tugas selesai. Surat ditolak." in page(
        decide(client, task_url, decision="reject", reason="NIK ganda")
    )


def test_other_desa_operator_gets_404_for_a_bogem_letter(app, client):
    letter_url, task_url = new_sktm(client)
    login_web(client, "operator.kutukan")
    response = client.get(letter_url)
    assert response.status_code == 404 and "Surat tidak ditemukan." in page(response)
    assert client.get(letter_url + "/pdf").status_code == 404
    assert client.get(task_url).status_code == 404


def test_kades_sees_a_task_of_the_operator_read_only(client):
    letter_url, task_url = new_sktm(client)
    login_web(client, "kades.bogem")
    text = page(client.get(task_url))
    assert "Tugas ini bukan untuk peran Anda." in text and "Kirim keputusan" not in text
    assert "Periksa berkas" in page(client.get(letter_url))


def test_claim_and_unclaim(client):
    login_web(client, "operator.bogem")
    create_sktm(client)
    task_url = task_link(client, "Periksa berkas")
    task = client.get(task_url)
    claimed = client.post(
        task_url + "/claim", data={"csrf_token": csrf_of(task)}, follow_redirects=True
    )
    assert "Tugas diambil." in page(claimed) and "Lepaskan" in page(claimed)
    assert "diambil Siti Aminah" in page(client.get("/"))
    released = client.post(
        task_url + "/unclaim", data={"csrf_token": csrf_of(claimed)}, follow_redirects=True
    )
    assert "Tugas dilepaskan." in page(released) and "Ambil tugas" in page(released)


def test_letters_list_filters_and_auditor_home(client):
    login_web(client, "operator.bogem")
    create_sktm(client)
    assert "Budi Santoso" in page(client.get("/letters?status=in_progress&q=budi"))
    assert "Budi Santoso" not in page(client.get("/letters?status=completed"))
    logout_web(client)
    home = page(login_web(client, "auditor.blora"))
    assert "tidak menerima tugas" in home and "Lihat daftar surat" in home
    assert "Budi Santoso" in page(client.get("/letters"))
    assert "Buat surat" not in home


def test_demo_logins_only_when_configured(app, client):
    assert "layang-demo" not in page(client.get("/login"))
    app.config["SHOW_DEMO_LOGINS"] = True
    text = page(client.get("/login"))
    assert "kades.bogem" in text and "layang-demo" in text and "tte-demo" in text


def test_returned_letter_is_corrected_by_the_desa_operator(client):
    letter_url = sktm_checked_by_the_operator(client)
    login_web(client, "kades.bogem")
    returned = decide(
        client,
        task_link(client, "Tandatangani surat (TTE)"),
        decision="return",
        reason="Nama pemohon salah eja",
    )
    assert "Tugas selesai. Surat dikembalikan." in page(returned)
    logout_web(client)

    login_web(client, "operator.bogem")
    revise_url = task_link(client, "Periksa berkas")
    revise_page = page(client.get(revise_url))
    assert "Dikembalikan" in revise_page and "Perbaiki data pemohon" in revise_page
    assert 'value="Budi Santoso"' in revise_page
    corrected = decide(client, revise_url, **{**SKTM_FORM, "applicant_name": "Budi Santosa"})
    assert "Tugas selesai." in page(corrected)
    letter_page = page(client.get(letter_url))
    assert "Budi Santosa" in letter_page and "Data pemohon diubah" in letter_page
    assert "Alasan: Nama pemohon salah eja" in letter_page


def test_unknown_task_is_a_404_page(client):
    login_web(client, "kades.bogem")
    response = client.get("/tasks/999999")
    assert response.status_code == 404 and "Tugas tidak ditemukan." in page(response)
