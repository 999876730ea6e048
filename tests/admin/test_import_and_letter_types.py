"""Foreign BPMN files become drafts or are refused with findings; letter types are edited as data"""

from pathlib import Path

from tests.admin.helpers import route_id, upload
from tests.corpus import MIWG_FILES
from tests.e2e.journeys import create

CORPUS = MIWG_FILES


def test_every_miwg_file_becomes_a_draft_or_is_refused_with_element_findings(api_as):
    admin = api_as("admin.blora")
    for path in CORPUS:
        response = admin.client.post(
            "/api/v1/routes",
            data={"file": (path.open("rb"), path.name)},
            headers={"Authorization": f"Bearer {admin.token}"},
            content_type="multipart/form-data",
        )
        assert response.status_code in (201, 422), (path.name, response.status_code)
        body = response.get_json()
        findings = (
            body["version"]["findings"]
            if response.status_code == 201
            else body["error"]["fields"]["findings"]
        )
        assert findings and all(f["message"] for f in findings), path.name
        assert any(f["element_id"] for f in findings), path.name
        if response.status_code == 201:
            version = body["version"]
            assert version["deployable"] is False and body["route"]["deployed_version"] is None
            refused = admin.post(
                f"/routes/{body['route']['id']}/deploy", json={"version_id": version["id"]}
            )
            assert refused.status_code == 422, path.name
    codes = [r["code"] for r in admin.get("/routes").get_json()["items"]]
    assert len(codes) == 2 + len(CORPUS) and len(set(codes)) == len(codes)


def test_an_import_names_the_route_after_its_process_and_keeps_codes_unique(api_as):
    admin = api_as("admin.blora")
    xml = (Path(__file__).resolve().parents[2] / "workflows" / "surat_desa.bpmn").read_text()
    first = upload(
        admin,
        "/routes",
        xml.replace('id="surat_desa"', 'id="surat_baru"').replace(
            'processRef="surat_desa"', 'processRef="surat_baru"'
        ),
    ).get_json()
    assert first["route"]["code"] == "surat_baru" and first["version"]["deployable"] is True
    second = upload(admin, "/routes", xml).get_json()
    assert second["route"]["code"] == "surat_desa-2"


SKB = {
    "code": "SKB",
    "name": "Surat Keterangan Belum Menikah",
    "classification": "474.2",
    "route": "surat_desa",
    "fields": [
        {"name": "keperluan", "label": "Keperluan", "type": "text", "required": True},
        {"name": "pekerjaan", "label": "Pekerjaan", "type": "text", "required": False},
    ],
    "template": {
        "opening": "Kepala Desa ${desa} menerangkan bahwa:",
        "closing": "${nama} belum pernah menikah. Dibuat untuk ${keperluan}.",
    },
}


def test_the_admin_creates_a_letter_type_that_operators_can_use_at_once(api_as):
    admin = api_as("admin.blora")
    created = admin.post("/letter-types", json=SKB)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["template"]["closing"].startswith("${nama}")
    catalogue = api_as("operator.bogem").get("/letter-types").get_json()["items"]
    assert any(t["code"] == "SKB" and t["classification"] == "474.2" for t in catalogue)
    letter = create(
        api_as("operator.bogem"),
        {
            "type": "SKB",
            "applicant": {"nik": "3316015507850002", "name": "Sri"},
            "fields": {"keperluan": "melamar kerja"},
        },
    )
    assert [t["step"] for t in letter["open_tasks"]] == ["operator_check"]


def test_the_admin_changes_fields_template_classification_and_route(api_as):
    admin = api_as("admin.blora")
    skd = admin.get("/letter-types/SKD").get_json()
    changed = dict(
        skd,
        classification="470.1",
        route="surat_desa_kecamatan",
        fields=skd["fields"] + [{"name": "rt", "label": "RT", "type": "number", "required": False}],
        template={"opening": skd["template"]["opening"], "closing": "Tinggal di RT ${rt}."},
    )
    response = admin.client.put(
        "/api/v1/letter-types/SKD",
        json={k: v for k, v in changed.items() if k != "code"},
        headers={"Authorization": f"Bearer {admin.token}"},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["route"] == "surat_desa_kecamatan"
    assert api_as("admin.blora").get("/letter-types/SKD").get_json()["classification"] == "470.1"


def test_letter_type_mistakes_are_named_per_field(api_as):
    admin = api_as("admin.blora")
    bad = dict(
        SKB,
        code="skb!",
        classification="empat",
        route="tidak_ada",
        fields=[{"name": "Keperluan", "label": "", "type": "text"}],
        template={"opening": "", "closing": "Untuk ${alasan}."},
    )
    response = admin.post("/letter-types", json=bad)
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"code", "classification", "route", "fields.0", "template.closing"}
    assert "${alasan}" in fields["template.closing"][0]
    assert admin.post("/letter-types", json=dict(SKB, code="SKD")).status_code == 400


def test_a_letter_type_cannot_run_on_a_route_that_was_never_deployed(api_as):
    admin = api_as("admin.blora")
    xml = (Path(__file__).resolve().parents[2] / "workflows" / "surat_desa.bpmn").read_text()
    draft = upload(
        admin,
        "/routes",
        xml.replace('id="surat_desa"', 'id="draf"').replace(
            'processRef="surat_desa"', 'processRef="draf"'
        ),
    ).get_json()
    response = admin.post("/letter-types", json=dict(SKB, route=draft["route"]["code"]))
    assert (
        response.status_code == 400
        and "belum pernah diterapkan" in response.get_json()["error"]["fields"]["route"][0]
    )
    assert route_id(admin, "draf")
