"""The admin imports officials from a spreadsheet in the browser; a new operator signs in, must
change the password, and creates a letter."""

import re

from tests.browser.conftest import sign_in
from tests.rollout.helpers import OFFICIAL_HEADER, xlsx


def test_admin_imports_then_the_new_operator_changes_password_and_creates_a_letter(page, tmp_path):
    sheet = tmp_path / "pejabat.xlsx"
    sheet.write_bytes(
        xlsx(
            {
                "pejabat": [
                    OFFICIAL_HEADER,
                    [
                        "operator.japah",
                        "Wulan Sari",
                        "operator_desa",
                        "DS-JPH",
                        "",
                        "",
                        "",
                        "wulan@layang.test",
                    ],
                    ["kades.japah", "Harjono", "kades", "DS-JPH", "3316011404700008", "", "", ""],
                ]
            }
        )
    )
    sign_in(page, "admin.blora")
    page.get_by_role("link", name="Impor").click()
    page.set_input_files("input[name=file]", str(sheet))
    page.get_by_role("button", name="Pratinjau").click()
    report = page.locator("#import-report")
    assert "2 baru" in " ".join(report.inner_text().split())
    page.get_by_role("button", name="Terapkan impor").click()
    assert "Impor selesai: 2 dibuat" in page.locator(".flash").first.inner_text()
    row = page.locator("#credentials tr", has_text="operator.japah")
    password = row.locator("code").inner_text().strip()
    page.get_by_role("link", name="Lihat kesiapan roll-out").click()
    assert "Kecamatan Japah" in page.locator("#rollout").inner_text()
    page.get_by_role("link", name=re.compile("Kecamatan Japah")).click()
    japah_row = page.locator("#readiness tr", has_text="DS-JPH")
    assert (
        "Wulan Sari" in japah_row.inner_text() and "Belum ada sertifikat" in japah_row.inner_text()
    )
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, "operator.japah", password)
    page.get_by_role("heading", name="Ganti kata sandi").wait_for()
    page.get_by_label("Kata sandi sekarang").fill(password)
    page.get_by_label("Kata sandi baru", exact=True).fill("wulan-sari-2026")
    page.get_by_label("Ulangi kata sandi baru").fill("wulan-sari-2026")
    page.get_by_role("button", name="Simpan kata sandi").click()
    assert "Kata sandi sudah diganti." in page.locator(".flash").first.inner_text()
    page.get_by_role("link", name="Buat surat").first.click()
    page.get_by_role("link", name=re.compile("Surat Keterangan Domisili")).click()
    page.get_by_label("NIK").fill("3316015507850002")
    page.get_by_label("Nama lengkap").fill("Sri Rahayu")
    page.get_by_label("Tempat lahir").fill("Blora")
    page.get_by_label("Tanggal lahir").fill("1985-07-15")
    page.get_by_label("Alamat").fill("RT 01 RW 03 Desa Japah")
    page.get_by_label("Keperluan").fill("melamar pekerjaan")
    page.get_by_role("button", name="Buat surat").click()
    assert "Kode lacak" in page.locator(".flash").first.inner_text()
