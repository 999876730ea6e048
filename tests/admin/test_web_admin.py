"""The route administration pages, as admin.blora uses them (real CSRF tokens); others get 403."""

import html
import json
import re

from tests.corpus import MIWG
from tests.e2e.journeys import letter_at
from tests.engine import variants
from tests.web import csrf_of, login_web, page


def modeler_config(client, route_id: int = 1, version_id: int = 1) -> dict:
    body = client.get(f"/admin/routes/{route_id}/versions/{version_id}/edit").get_data(as_text=True)
    return json.loads(
        re.search(
            r'<script type="application/json" id="modeler-config">(.*?)</script>', body, re.S
        ).group(1)
    )


def test_only_the_kabupaten_admin_sees_the_admin_pages(client):
    login_web(client, "kades.bogem")
    for url in (
        "/admin/routes",
        "/admin/routes/1",
        "/admin/routes/1/versions/1/edit",
        "/admin/letter-types",
    ):
        response = client.get(url)
        assert response.status_code == 403 and "hanya untuk admin kabupaten" in page(response), url
    assert "/admin/routes" not in page(client.get("/"))


def test_admin_saves_from_the_modeler_then_deploys_on_the_route_page(client):
    assert "Rute" in page(login_web(client, "admin.blora"))
    routes = page(client.get("/admin/routes"))
    assert "surat_desa" in routes and "Diterapkan: versi 1" in routes
    config = modeler_config(client)
    assert config["roles"] == [
        "operator_desa",
        "kades",
        "sekdes",
        "operator_kecamatan",
        "camat",
        "sekcam",
    ]
    assert b'id="kades_sign"' in client.get(config["xmlUrl"]).data

    body = {"bpmn_xml": variants.with_archive_after_handover(), "comment": "Tambah arsip"}
    assert client.post(config["saveUrl"], json=body).status_code == 400  # no CSRF token
    saved = client.post(config["saveUrl"], json=body, headers={"X-CSRFToken": config["csrfToken"]})
    assert saved.status_code == 200, saved.get_json()
    assert (
        saved.get_json()["number"] == 2
        and saved.get_json()["message"] == "Versi 2 tersimpan dan dapat diterapkan."
    )
    refused = client.post(
        config["saveUrl"], json={"bpmn_xml": "<x"}, headers={"X-CSRFToken": config["csrfToken"]}
    )
    assert (
        refused.status_code == 422
        and refused.get_json()["error"]["fields"]["findings"][0]["level"] == "fatal"
    )

    route_page = client.get("/admin/routes/1")
    assert "Versi 2" in page(route_page) and "Tambah arsip" in page(route_page)
    deployed = client.post(
        "/admin/routes/1/deploy",
        data={"csrf_token": csrf_of(route_page), "version_id": saved.get_json()["id"]},
        follow_redirects=True,
    )
    text = re.sub(r"<[^>]+>", "", page(deployed))
    assert "Versi 2 diterapkan" in text and "Surat baru memakai versi 2" in text
    assert "oleh Admin Dinkominfo" in text


def test_the_server_check_names_the_element_in_the_modeler(client):
    login_web(client, "admin.blora")
    config = modeler_config(client)
    bad = variants.V1.replace('name="kades">', 'name="Kepala">')
    checked = client.post(
        config["validateUrl"], json={"bpmn_xml": bad}, headers={"X-CSRFToken": config["csrfToken"]}
    )
    assert checked.get_json()["deployable"] is False
    assert [f["element_id"] for f in checked.get_json()["findings"]] == ["kades_sign"]


def test_diff_page_lists_the_changes_for_the_viewers(client):
    login_web(client, "admin.blora")
    config = modeler_config(client)
    client.post(
        config["saveUrl"],
        json={"bpmn_xml": variants.with_sekdes_check()},
        headers={"X-CSRFToken": config["csrfToken"]},
    )
    text = html.unescape(
        re.sub(r"<[^>]+>", "", page(client.get("/admin/routes/1/diff?from=1&to=3")))
    )
    # Elements by their names (ids in small print beside them), attributes in Indonesian.
    assert 'Ditambah: langkah "Periksa oleh sekdes" sekdes_check' in text
    assert (
        'Diubah: alur "Setuju" dari "Hasil periksa?" ke "Periksa oleh sekdes" (tujuan alur)' in text
    )


def test_migration_dry_run_then_move_from_the_web(client, api_as, skd):
    letter = letter_at(api_as, skd, [("operator.bogem", "operator_check")])
    login_web(client, "admin.blora")
    config = modeler_config(client)
    saved = client.post(
        config["saveUrl"],
        json={"bpmn_xml": variants.with_sekdes_check()},
        headers={"X-CSRFToken": config["csrfToken"]},
    ).get_json()
    route_page = client.get("/admin/routes/1")
    client.post(
        "/admin/routes/1/deploy",
        data={"csrf_token": csrf_of(route_page), "version_id": saved["id"]},
    )
    dry = client.get("/admin/routes/1/migrate")
    assert f"Surat #{letter['id']}" in page(dry) and "Dapat dipindahkan." in page(dry)
    moved = client.post(
        "/admin/routes/1/migrate",
        data={"csrf_token": csrf_of(dry), "version_id": saved["id"]},
        follow_redirects=True,
    )
    assert "1 surat dipindahkan ke versi 2" in page(moved)
    history = page(client.get(f"/letters/{letter['id']}"))
    assert "Dipindahkan ke versi rute lain" in history or "migrated" in history


def test_importing_a_foreign_file_from_the_web_makes_a_draft(client):
    path = MIWG / "ref-C.9.1.bpmn"
    login_web(client, "admin.blora")
    routes = client.get("/admin/routes")
    response = client.post(
        "/admin/routes/import",
        data={"csrf_token": csrf_of(routes), "file": (path.open("rb"), path.name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    text = page(response)
    assert "diimpor sebagai draf" in text and "requestDocument_en" in text and "Draf:" in text


def test_letter_type_form_changes_a_type_and_names_mistakes(client):
    login_web(client, "admin.blora")
    form = client.get("/admin/letter-types/SKD")
    text = page(form)
    assert 'value="keperluan"' in text and "Surat Keterangan Domisili" in text
    data = {
        "csrf_token": csrf_of(form),
        "name": "Surat Keterangan Domisili",
        "classification": "470.1",
        "route": "surat_desa",
        "opening": "Kepala Desa ${desa} menerangkan:",
        "closing": "Untuk ${alasan}.",
        "field_name": ["keperluan", ""],
        "field_label": ["Keperluan", ""],
        "field_type": ["text", "text"],
        "field_required": ["0"],
    }
    wrong = client.post("/admin/letter-types/SKD", data=data)
    assert wrong.status_code == 200 and "Penanda tidak dikenal: ${alasan}" in page(wrong)
    data["closing"] = "Dibuat untuk ${keperluan}."
    saved = client.post(
        "/admin/letter-types/SKD", data=dict(data, csrf_token=csrf_of(wrong)), follow_redirects=True
    )
    assert "Jenis surat SKD tersimpan." in page(saved) and "Klasifikasi 470.1" in page(saved)
