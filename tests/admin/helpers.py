"""Shared steps of the route administration tests."""
import html
import re

from tests.conftest import PASSWORD
from tests.e2e.journeys import act, create


def route_id(admin, code: str) -> int:
    return next(r["id"] for r in admin.get("/routes").get_json()["items"] if r["code"] == code)


def upload(admin, path: str, xml: str | bytes, comment: str = "") -> object:
    """POST raw BPMN XML to an API path; return the response."""
    body = xml.encode() if isinstance(xml, str) else xml
    return admin.client.post(f"/api/v1{path}", data=body, query_string={"comment": comment} if comment else None,
                             headers={"Authorization": f"Bearer {admin.token}", "Content-Type": "application/xml"})


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


def letter_at(api_as, payload: dict, steps: list[tuple[str, str]]) -> dict:
    """A new letter by operator.bogem, walked through (username, step) approvals."""
    letter = create(api_as("operator.bogem"), payload)
    for username, step in steps:
        letter = act(api_as(username), letter["id"], step)
    return letter


_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def page(response) -> str:
    """A web page's text with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def csrf_of(response) -> str:
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, "no CSRF token in the page"
    return match.group(1)


def login_web(client, username: str, password: str = PASSWORD):
    """Sign in through the login page; return the page the user lands on."""
    form = client.get("/login")
    return client.post("/login", data={"csrf_token": csrf_of(form), "username": username, "password": password},
                       follow_redirects=True)
