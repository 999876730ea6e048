"""A resident on a phone: asks for an SKD online with a KTP photo, confirms with the WhatsApp code,
tracks it, fixes what the desa asked, and downloads the signed letter, which verifies as valid."""

import re

import pytest

from app.extensions import db
from app.models import Letter
from app.services.internal.blobs import get_blob
from app.services.notifications import deliver_due
from tests.browser.conftest import sign_in
from tests.fakes.channels import FakeWhatsApp
from tests.residents import files

PHONE = {"width": 360, "height": 740}  # a cheap Android phone
NIK = "3316015507850002"


@pytest.fixture
def whatsapp():
    gateway = FakeWhatsApp().start()
    yield gateway
    gateway.stop()


@pytest.fixture
def app(make_app, whatsapp):
    """The app with the WhatsApp channel at the fake gateway (the browser fixtures use it)."""
    return make_app(WHATSAPP_URL=whatsapp.send_url, WHATSAPP_TOKEN=whatsapp.token)


def _last_whatsapp(app, whatsapp) -> str:
    """Deliver the outbox now (the scheduler would, a moment later) and read the last message."""
    with app.app_context():
        deliver_due()
    assert whatsapp.sent, "no WhatsApp message sent"
    message = whatsapp.sent[-1]
    assert message["target"] == "6281234567890"
    return message["message"]


def _photo(tmp_path, name: str, width: int) -> str:
    path = tmp_path / name
    path.write_bytes(files.ktp_photo(width, 400))
    return str(path)


def test_resident_requests_fixes_and_downloads_an_skd_on_a_phone(
    app, browser, live_server, whatsapp, tmp_path
):
    resident_context = browser.new_context(base_url=live_server, viewport=PHONE)
    resident = resident_context.new_page()
    resident.set_default_timeout(15_000)

    # 1. The request, from the desa's online counter.
    resident.goto("/layanan/DS-BGM")
    resident.get_by_role("link", name=re.compile("Surat Keterangan Domisili")).click()
    resident.get_by_label("NIK pemohon").fill(NIK)
    resident.get_by_label("Nama lengkap pemohon").fill("Sri Rahayu")
    resident.get_by_label("Tempat lahir").fill("Blora")
    resident.get_by_label("Tanggal lahir").fill("1985-07-15")
    resident.locator("#field_alamat").fill("RT 01 RW 03 Desa Bogem")
    resident.get_by_label("Keperluan").fill("melamar pekerjaan")
    resident.get_by_label("KTP").set_input_files(_photo(tmp_path, "ktp.jpg", 640))
    resident.get_by_label("Kode lewat WhatsApp").check()
    resident.get_by_label(re.compile("Nomor WhatsApp")).fill("0812-3456-7890")
    resident.get_by_label("Unduh PDF bertanda tangan elektronik").check()
    resident.get_by_role("button", name="Kirim permohonan").click()

    # 2. The one-time code from WhatsApp.
    resident.get_by_role("heading", name="Masukkan kode konfirmasi").wait_for()
    code = re.search(r"\b(\d{6})\b", _last_whatsapp(app, whatsapp)).group(1)
    resident.get_by_label("Kode konfirmasi").fill(code)
    resident.get_by_role("button", name="Konfirmasi").click()
    tracking_code = resident.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", tracking_code)

    # 3. Tracking.
    resident.get_by_role("link", name="Lacak permohonan").last.click()
    resident.get_by_label("4 digit terakhir NIK").fill(NIK[-4:])
    resident.get_by_role("button", name="Lacak").click()
    assert "Permohonan diterima" in resident.locator("ol.steps").inner_text()

    # 4. The operator asks for a better photo.
    operator_context = browser.new_context(base_url=live_server, viewport=PHONE)
    operator = operator_context.new_page()
    operator.set_default_timeout(15_000)
    sign_in(operator, "operator.bogem")
    operator.get_by_role("link", name=re.compile("Surat Keterangan Domisili — Sri Rahayu")).click()
    assert operator.locator("aside img").count() == 1  # the KTP beside the fields
    operator.get_by_label("Alasan").fill("Foto KTP terpotong, mohon foto ulang seluruh kartu.")
    operator.get_by_role("button", name="Minta perbaikan kepada pemohon").click()

    # 5. The resident follows the WhatsApp link and re-uploads.
    link = re.search(r"https?://\S+/lacak\?kode=\w+", _last_whatsapp(app, whatsapp)).group(0)
    resident.goto("/lacak?" + link.split("?", 1)[1])
    resident.get_by_label("4 digit terakhir NIK").fill(NIK[-4:])
    resident.get_by_role("button", name="Lacak").click()
    assert "Foto KTP terpotong" in resident.content()
    resident.get_by_role("button", name="Perbaiki permohonan").click()
    resident.get_by_label("KTP").set_input_files(_photo(tmp_path, "ktp-baru.jpg", 900))
    resident.get_by_role("button", name="Kirim perbaikan").click()
    assert "Perbaikan terkirim" in resident.content()

    # 6. The operator starts the route and checks; the kades signs; the operator hands over.
    operator.goto("/permohonan-online")
    operator.get_by_role("link", name=re.compile("Surat Keterangan Domisili")).click()
    operator.get_by_role("button", name="Mulai proses surat").click()
    assert tracking_code in operator.locator(".flash").first.inner_text()
    _decide(operator, "Periksa")
    kades_context = browser.new_context(base_url=live_server, viewport=PHONE)
    kades = kades_context.new_page()
    kades.set_default_timeout(30_000)
    sign_in(kades, "kades.bogem")
    _decide(kades, "Tandatangani", passphrase="tte-demo")
    _decide(operator, "Serahkan")

    # 7. The resident gets the link and downloads the PDF, which verifies.
    link = re.search(r"https?://\S+/lacak\?kode=\w+", _last_whatsapp(app, whatsapp)).group(0)
    resident.goto("/lacak?" + link.split("?", 1)[1])
    resident.get_by_label("4 digit terakhir NIK").fill(NIK[-4:])
    resident.get_by_role("button", name="Lacak").click()
    assert "Selesai — siap diunduh" in resident.locator("ol.steps").inner_text()
    with resident.expect_download() as download:
        resident.get_by_role("button", name="Unduh surat (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        downloaded = pdf.read()
    with app.app_context():
        letter = db.session.scalar(db.select(Letter).where(Letter.tracking_code == tracking_code))
        signed = get_blob(letter.signed_pdf_sha256)
    assert downloaded == signed
    # Checked by the server, as anyone checks a letter (pyHanko's asyncio would clash with
    # Playwright's loop in this thread).
    checked = resident.request.post(
        "/api/v1/verify",
        multipart={
            "file": {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": downloaded}
        },
    ).json()
    assert checked["valid"] is True, checked["reasons"]
    for context in (resident_context, operator_context, kades_context):
        context.close()


def _decide(tab, title: str, passphrase: str | None = None) -> None:
    """Open my task with this title from the inbox, approve it (signing when asked), and send it."""
    tab.goto("/")
    tab.locator("main ul.rows").get_by_role("link", name=re.compile(title)).first.click()
    tab.get_by_role("radio", name=re.compile("Setujui")).check()
    if passphrase:
        tab.get_by_label("Passphrase sertifikat elektronik").fill(passphrase)
    tab.get_by_role("button", name="Kirim keputusan").click()
    tab.wait_for_url(lambda url: "/tasks/" not in url)
