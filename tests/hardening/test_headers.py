"""Security headers on every response; route files are downloads; no inline script in templates."""

import re
from pathlib import Path

import pytest

from tests.web import login_web

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "web" / "templates"


def _assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    server = response.headers.get("Server", "")
    assert not re.search(r"\d", server) and "Python" not in server and "Werkzeug" not in server


@pytest.mark.parametrize(
    "path",
    ["/login", "/v", "/api/v1/openapi.json", "/api/v1/letters", "/tidak-ada", "/healthz"],
)
def test_every_response_carries_the_security_headers(client, path):
    _assert_security_headers(client.get(path))


def test_pages_with_personal_data_are_not_stored_by_browsers_or_proxies(app, api_as, sktm):
    from tests.e2e.journeys import create

    letter = create(api_as("operator.bogem"), sktm)
    browser = app.test_client()
    login_web(browser, "operator.bogem")
    page = browser.get(f"/letters/{letter['id']}")
    assert page.status_code == 200 and "3316011201900001" in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    api = api_as("operator.bogem").get(f"/letters/{letter['id']}")
    assert "no-store" in api.headers["Cache-Control"]


def test_hsts_only_when_cookies_are_secure(make_app):
    assert "Strict-Transport-Security" not in make_app().test_client().get("/login").headers
    secure = make_app(SESSION_COOKIE_SECURE=True).test_client().get("/login")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_templates_have_no_inline_script_or_event_handlers():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and "application/json" not in attributes:
                offenders.append(f"{template.name}: inline <script>")
        for match in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template.name}: event handler {match.group(0).strip()}")
        if "javascript:" in text:
            offenders.append(f"{template.name}: javascript: URL")
    assert offenders == []


def test_route_bpmn_is_served_as_an_attachment(api_as):
    admin = api_as("admin.blora")
    route = admin.get("/routes").get_json()["items"][0]
    versions = admin.get(f"/routes/{route['id']}/versions").get_json()["items"]
    response = admin.get(f"/routes/{route['id']}/versions/{versions[0]['id']}/bpmn")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_route_with_an_xhtml_script_in_extension_elements_is_refused_at_upload(api_as):
    source = (Path(__file__).resolve().parents[2] / "workflows" / "surat_desa.bpmn").read_text()
    crafted = source.replace(
        "<spiffworkflow:properties>",
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(document.cookie)</h:script>'
        "<spiffworkflow:properties>",
        1,
    )
    assert crafted != source
    admin = api_as("admin.blora")
    before = admin.get("/routes").get_json()["items"]
    response = admin.post("/routes", json={"bpmn_xml": crafted, "name": "Rute jahat"})
    assert response.status_code == 422, response.get_json()
    assert "elemen asing script" in response.get_json()["error"]["message"]
    assert admin.get("/routes").get_json()["items"] == before
    checked = admin.post("/routes/validate", json={"bpmn_xml": crafted}).get_json()
    assert checked["deployable"] is False
    assert any(f["rule"] == "foreign_element" for f in checked["findings"])


def test_the_instance_folder_and_its_files_are_private(tmp_path):
    import stat
    from types import SimpleNamespace

    from app import _absolute_sqlite_path, _instance_secret, _private_instance_folder

    instance = tmp_path / "instance"
    _private_instance_folder(instance)
    _instance_secret(instance / "secret_key", "rahasia")
    app = SimpleNamespace(
        instance_path=str(instance), config={"SQLALCHEMY_DATABASE_URI": "sqlite:///layang.db"}
    )
    _absolute_sqlite_path(app)
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    for name in ("secret_key", "layang.db"):
        assert stat.S_IMODE((instance / name).stat().st_mode) == 0o600, name
    instance.chmod(0o755)  # an older installation: tightened on the next start
    _private_instance_folder(instance)
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
