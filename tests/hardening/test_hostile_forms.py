"""The second release's web pages and forms (offices, officials, imports, the online desk, the
roll-out page, notifications) answer hostile input with a 4xx page or a redirect, never a 500:
ids beyond the id columns, other offices' ids, NUL bytes, overlong strings, wrong kinds of values,
as the admin, a desa operator and a camat."""

import io
import re

import pytest

from tests.web import login_web

MODULES = ("office_admin", "official_admin", "import_admin", "online_desk", "rollout_page")
MODULES += ("notifications",)
HOSTILE_FORM = {
    "name": "N" * 5000,
    "full_name": "nama\x00",
    "username": "a" * 300,
    "code": "\x00",
    "kind": "planet",
    "role": "raja",
    "office_id": str(2**31),
    "parent_id": "-1",
    "address": "A" * 10000,
    "nik": "３３１６０１５５０７８５０００２",
    "reason": "R" * 5000,
    "channel": "merpati",
    "enabled": ["1", "0", "x"],
    "number_format": "{" * 300,
}
PATH_VALUES = {"int": [str(2**31), "1"], "default": ["x" * 300, "DS-JPH"]}


def _pages(app):
    """(rule, endpoint) of every page the listed modules serve."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint.startswith("web.") and view.__module__.rsplit(".", 1)[-1] in MODULES:
            yield rule


def _paths(rule) -> list[str]:
    """The rule's path with every parameter set to each hostile value for its kind."""
    paths = [rule.rule]
    for found in re.finditer(r"<(?:(\w+):)?\w+>", rule.rule):
        values = PATH_VALUES["int" if found.group(1) == "int" else "default"]
        paths = [p.replace(found.group(0), v, 1) for p in paths for v in values]
    return paths


@pytest.mark.parametrize("username", ["admin.blora", "operator.bogem", "camat.japah"])
def test_hostile_input_to_the_new_pages_is_never_a_server_error(app, username):
    client = app.test_client()
    login_web(client, username)
    app.config["WTF_CSRF_ENABLED"] = False
    problems = []
    pages = list(_pages(app))
    assert len(pages) > 15
    for rule in pages:
        for path in _paths(rule):
            if "GET" in rule.methods:
                response = client.get(path + "?q=%00&cursor=99999999999999999999&halaman=-1")
                if response.status_code >= 500:
                    problems.append(f"GET {path} -> {response.status_code}")
            if "POST" in rule.methods:
                data = {**HOSTILE_FORM, "file": (io.BytesIO(b"MZ\x90\x00" * 100), "x.xlsx")}
                response = client.post(path, data=data, content_type="multipart/form-data")
                if response.status_code >= 500:
                    problems.append(f"POST {path} -> {response.status_code}")
    assert problems == []
