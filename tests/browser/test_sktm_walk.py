"""A first-time user's walk on a phone: a SKTM from operator.bogem to camat.japah, then its PDF."""

import re

from tests.browser.conftest import sign_in

PHONE = {"width": 390, "height": 844}


def open_my_task(tab, title: str) -> None:
    """From the inbox, open the task with this title."""
    tab.goto("/")
    tab.locator("main ul.rows").get_by_role("link", name=re.compile(title)).first.click()
    tab.get_by_role("heading", name=re.compile(title)).wait_for()


def decide(tab, passphrase: str | None = None) -> None:
    """Approve the open task (signing with the passphrase on a TTE step) and send it."""
    tab.get_by_role("radio", name=re.compile("Setujui")).check()
    if passphrase:
        tab.get_by_label("Passphrase sertifikat elektronik").fill(passphrase)
    tab.get_by_role("button", name="Kirim keputusan").click()
    tab.wait_for_url(lambda url: "/tasks/" not in url)


def test_sktm_from_operator_to_camat_and_download_on_a_phone(browser, live_server):
    def as_user(username):
        context = browser.new_context(base_url=live_server, viewport=PHONE)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        sign_in(tab, username)
        return context, tab

    context, tab = as_user("operator.bogem")
    tab.get_by_role("link", name="Buat surat").first.click()
    tab.get_by_role("link", name=re.compile("Surat Keterangan Tidak Mampu")).click()
    tab.get_by_label("NIK").fill("3316011201900001")
    tab.get_by_label("Nama lengkap").fill("Budi Santoso")
    tab.get_by_label("Tempat lahir").fill("Blora")
    tab.get_by_label("Tanggal lahir").fill("1990-01-12")
    tab.get_by_label("Pekerjaan").fill("Buruh tani")
    tab.get_by_label("Alamat").fill("RT 02 RW 01 Desa Bogem")
    tab.get_by_label("Keperluan").fill("beasiswa sekolah anak")
    tab.get_by_role("button", name="Buat surat").click()
    assert "Kode lacak" in tab.locator(".flash").first.inner_text()
    open_my_task(tab, "Periksa berkas")
    decide(tab)
    context.close()

    for username, title, passphrase in (
        ("kades.bogem", "Tandatangani", "tte-demo"),
        ("operator.kec.japah", "Periksa", None),
        ("camat.japah", "Tandatangani", "tte-demo"),
    ):
        context, tab = as_user(username)
        open_my_task(tab, title)
        decide(tab, passphrase)
        expected = "Surat ditandatangani." if passphrase else "Tugas selesai."
        assert expected in tab.locator(".flash").first.inner_text()
        context.close()

    context, tab = as_user("operator.bogem")
    open_my_task(tab, "Serahkan")
    decide(tab)
    tab.get_by_role("link", name="Lihat surat").click()
    assert "Selesai" in tab.content()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Unduh PDF").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    context.close()
