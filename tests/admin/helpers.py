"""Shared steps of the route administration tests."""


def route_id(admin, code: str) -> int:
    return next(r["id"] for r in admin.get("/routes").get_json()["items"] if r["code"] == code)


def upload(admin, path: str, xml: str | bytes, comment: str = "") -> object:
    """POST raw BPMN XML to an API path; return the response."""
    body = xml.encode() if isinstance(xml, str) else xml
    return admin.client.post(
        f"/api/v1{path}",
        data=body,
        query_string={"comment": comment} if comment else None,
        headers={"Authorization": f"Bearer {admin.token}", "Content-Type": "application/xml"},
    )


def save_and_deploy(admin, code: str, xml: str, comment: str = "Versi baru") -> dict:
    """Save a new version of the route and deploy it; return the version."""
    rid = route_id(admin, code)
    saved = upload(admin, f"/routes/{rid}/versions", xml, comment)
    assert saved.status_code == 201, saved.get_json()
    version = saved.get_json()
    assert version["deployable"], version["findings"]
    deployed = admin.post(f"/routes/{rid}/deploy", json={"version_id": version["id"]})
    assert deployed.status_code == 200, deployed.get_json()
    return version
