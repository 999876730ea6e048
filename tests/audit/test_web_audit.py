"""The auditor's web pages: search, a letter's history, replay step by step, exports."""

from app.web.audit import BPMN_JS_DIST, VIEWER_SCRIPT
from tests.e2e.journeys import walk_sktm
from tests.web import login_web


def test_auditor_searches_reads_the_history_and_steps_through_the_replay(client, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    home = login_web(client, "auditor.blora").get_data(as_text=True)
    assert 'href="/audit"' in home  # the menu leads auditors to their pages

    found = client.get("/audit?name=budi&status=completed").get_data(as_text=True)
    assert "1 surat ditemukan" in found and letter["number"] in found and "Sutrisno" in found
    assert "Tidak ada surat yang sesuai" in client.get("/audit?nik=9999").get_data(as_text=True)
    assert "Tanggal harus berformat" in client.get(
        "/audit?from=kemarin", follow_redirects=True
    ).get_data(as_text=True)

    page = client.get(f"/audit/letters/{letter['id']}").get_data(as_text=True)
    assert (
        "Utuh" in page and "Peristiwa (15)" in page and "Ditandatangani secara elektronik" in page
    )
    assert "127.0.0.1" in page and "Laporan PDF bertanda tangan" in page
    assert "Auditor Inspektorat" in page  # "Dibaca oleh": this very read is logged

    step = client.get(f"/audit/letters/{letter['id']}/replay?event=6").get_data(as_text=True)
    assert "Setelah peristiwa <strong>6</strong> dari 15" in step and "Terverifikasi" in step
    assert f'href="/audit/letters/{letter["id"]}/replay?event=5"' in step
    assert f'href="/audit/letters/{letter["id"]}/replay?event=7"' in step
    assert "Ditandatangani secara elektronik" in step and letter["number"] in step
    assert "<code>kades_sign</code>" in step and "Jalur yang dilalui" in step
    assert ("bpmn-navigated-viewer" in step) == (BPMN_JS_DIST / VIEWER_SCRIPT).is_file()
    last = client.get(f"/audit/letters/{letter['id']}/replay").get_data(as_text=True)
    assert (
        "Setelah peristiwa <strong>15</strong> dari 15" in last
        and 'aria-disabled="true">Berikutnya' in last
    )

    pdf = client.get(f"/audit/letters/{letter['id']}/replay/pdf?event=5")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    for fmt, mimetype in (
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("pdf", "application/pdf"),
    ):
        export = client.get(f"/audit/letters/{letter['id']}/export/{fmt}")
        assert export.status_code == 200 and export.mimetype == mimetype
        assert "attachment" in export.headers["Content-Disposition"]


def test_audit_pages_are_for_auditors_only(client, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    login_web(client, "camat.japah")
    for path in (
        "/audit",
        f"/audit/letters/{letter['id']}",
        f"/audit/letters/{letter['id']}/replay",
        f"/audit/letters/{letter['id']}/export/csv",
    ):
        response = client.get(path)
        assert response.status_code == 403 and "hanya untuk auditor" in response.get_data(
            as_text=True
        )
