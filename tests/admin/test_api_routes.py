"""Route administration in the API: list, validate, import, save, deploy, diff; admin only."""

import pytest

from tests.admin.helpers import route_id, save_and_deploy, upload
from tests.engine import variants
from tests.engine.variants import V1 as BASE

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol3;'
    b"</bpmn:definitions>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
    b"&xxe;</bpmn:definitions>"
)


BODIES = {
    "/routes/1/deploy": {"version_id": 1},
    "/routes/1/migrate": {"dry_run": True},
    "/letter-types": {
        "code": "SKX",
        "name": "Surat X",
        "classification": "470",
        "route": "surat_desa",
        "fields": [{"name": "a", "label": "A"}],
        "template": {"closing": "x"},
    },
}


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/routes"),
        ("post", "/routes"),
        ("post", "/routes/validate"),
        ("get", "/routes/1"),
        ("get", "/routes/1/versions"),
        ("post", "/routes/1/versions"),
        ("get", "/routes/1/versions/1/bpmn"),
        ("post", "/routes/1/deploy"),
        ("get", "/routes/1/deployments"),
        ("get", "/routes/1/diff?from=1&to=1"),
        ("post", "/routes/1/migrate"),
        ("post", "/letter-types"),
        ("get", "/letter-types/SKD"),
    ],
)
def test_only_the_kabupaten_admin_may_administer_routes(api_as, method, path):
    kades = api_as("kades.bogem")
    if path in ("/routes", "/routes/validate", "/routes/1/versions") and method == "post":
        response = upload(kades, path, BASE)
    elif method == "post":
        response = kades.post(path, json=BODIES[path])
    else:
        response = kades.get(path)
    assert response.status_code == 403, (path, response.get_json())
    assert response.get_json()["error"]["code"] == "forbidden"


def test_routes_list_shows_each_route_with_its_deployed_version(api_as):
    items = api_as("admin.blora").get("/routes").get_json()["items"]
    assert {(r["code"], r["deployed_version"]["number"]) for r in items} == {
        ("surat_desa", 1),
        ("surat_desa_kecamatan", 1),
    }


def test_validate_answers_findings_with_element_ids_and_saves_nothing(api_as):
    admin = api_as("admin.blora")
    ok = upload(admin, "/routes/validate", BASE)
    assert ok.status_code == 200 and ok.get_json() == {"deployable": True, "findings": []}
    bad = upload(admin, "/routes/validate", BASE.replace('name="kades">', 'name="Kades">'))
    body = bad.get_json()
    assert bad.status_code == 200 and body["deployable"] is False
    assert [(f["rule"], f["element_id"], f["level"]) for f in body["findings"]] == [
        ("lane_role", "kades_sign", "error")
    ]
    assert "lajur 'Kades'" in body["findings"][0]["message"]
    as_json = admin.post("/routes/validate", json={"bpmn_xml": BASE})
    assert as_json.get_json()["deployable"] is True
    assert (
        len(admin.get(f"/routes/{route_id(admin, 'surat_desa')}/versions").get_json()["items"]) == 1
    )


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_billion_laughs_and_xxe_are_refused_everywhere(api_as, xml):
    admin = api_as("admin.blora")
    checked = upload(admin, "/routes/validate", xml).get_json()
    assert [(f["rule"], f["level"]) for f in checked["findings"]] == [("xml_safety", "fatal")]
    for path in ("/routes", f"/routes/{route_id(admin, 'surat_desa')}/versions"):
        refused = upload(admin, path, xml)
        assert refused.status_code == 422
        error = refused.get_json()["error"]
        assert error["code"] == "route_invalid" and "DOCTYPE" in error["message"]
        assert "root:" not in refused.get_data(as_text=True)
    assert len(admin.get("/routes").get_json()["items"]) == 2


def test_saving_makes_an_immutable_numbered_version_with_hash_author_and_comment(api_as):
    admin = api_as("admin.blora")
    rid = route_id(admin, "surat_desa")
    saved = upload(
        admin, f"/routes/{rid}/versions", variants.with_archive_after_handover(), "Tambah arsip"
    )
    assert saved.status_code == 201
    version = saved.get_json()
    assert (
        version["number"],
        version["comment"],
        version["created_by"],
        version["deployable"],
        version["deployed"],
    ) == (2, "Tambah arsip", "admin.blora", True, False)
    assert len(version["sha256"]) == 64
    again = upload(admin, f"/routes/{rid}/versions", variants.with_archive_after_handover())
    assert again.status_code == 409
    bpmn = admin.get(f"/routes/{rid}/versions/{version['id']}/bpmn")
    assert bpmn.mimetype == "application/xml" and b'id="archive"' in bpmn.data
    numbers = [v["number"] for v in admin.get(f"/routes/{rid}/versions").get_json()["items"]]
    assert numbers == [2, 1]


def test_a_draft_with_errors_is_kept_but_cannot_be_deployed(api_as):
    admin = api_as("admin.blora")
    rid = route_id(admin, "surat_desa")
    draft = upload(
        admin, f"/routes/{rid}/versions", BASE.replace('name="kades">', 'name="Kades">')
    ).get_json()
    assert draft["deployable"] is False and draft["findings"][0]["element_id"] == "kades_sign"
    refused = admin.post(f"/routes/{rid}/deploy", json={"version_id": draft["id"]})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["findings"][0]["element_id"] == "kades_sign"
    assert admin.get(f"/routes/{rid}").get_json()["deployed_version"]["number"] == 1


def test_deploying_records_who_and_when_and_refuses_another_routes_version(api_as):
    admin = api_as("admin.blora")
    version = save_and_deploy(admin, "surat_desa", variants.with_archive_after_handover())
    rid = route_id(admin, "surat_desa")
    assert admin.get(f"/routes/{rid}").get_json()["deployed_version"] == {
        "id": version["id"],
        "number": 2,
    }
    history = admin.get(f"/routes/{rid}/deployments").get_json()["items"]
    assert [
        (d["version"]["number"], d["previous_version"]["number"], d["deployed_by"]) for d in history
    ] == [(2, 1, "admin.blora")]
    other = route_id(admin, "surat_desa_kecamatan")
    assert (
        admin.post(f"/routes/{other}/deploy", json={"version_id": version["id"]}).status_code == 404
    )
    assert (
        admin.post(f"/routes/{rid}/deploy", json={"version_id": version["id"]}).status_code == 409
    )
    assert admin.post(f"/routes/{rid}/deploy", json={}).status_code == 400


def test_diff_between_two_versions_names_the_changed_elements(api_as):
    admin = api_as("admin.blora")
    rid = route_id(admin, "surat_desa")
    v1 = admin.get(f"/routes/{rid}/versions").get_json()["items"][0]["id"]
    v2 = upload(admin, f"/routes/{rid}/versions", variants.with_sekdes_check()).get_json()["id"]
    diff = admin.get(f"/routes/{rid}/diff?from={v1}&to={v2}").get_json()
    assert diff == {
        "added": ["lane_sekdes", "sekdes_check", "sekdes_to_kades"],
        "removed": [],
        "changed": {"operator_check_approve": ["target"]},
    }


def test_the_openapi_document_describes_route_administration(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    for path in (
        "/api/v1/routes",
        "/api/v1/routes/validate",
        "/api/v1/routes/{route_id}/versions",
        "/api/v1/routes/{route_id}/deploy",
        "/api/v1/routes/{route_id}/migrate",
    ):
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/v1/routes"]["post"]["requestBody"]["content"]
    assert "MigrateIn" in str(paths["/api/v1/routes/{route_id}/migrate"]["post"]["requestBody"])
    assert "dry_run" in document["components"]["schemas"]["MigrateIn"]["properties"]
