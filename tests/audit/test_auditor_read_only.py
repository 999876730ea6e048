"""The auditor reads everything in the kabupaten and changes nothing, through the API or the web."""

import hashlib
import re

from sqlalchemy import text

from app.extensions import db
from tests.e2e.journeys import act, create, inbox_task
from tests.web import csrf_of, login_web

PUBLIC_POSTS = {
    "api.login",
    "api.logout",
    "api.verify_upload",
    "web.login",
    "web.logout",
    "web.verify_upload",
}
# A resident's public pages (no sign-in): the auditor is just anyone there, counted by rate limits.
PUBLIC_POSTS |= {
    "api.public_request_create",
    "api.public_request_confirm",
    "web.online_request",
    "web.online_confirm",
    "web.track_page",
    "web.track_download",
    "web.track_fix",
}
# Sign-in bookkeeping (sessions seen, throttle counters) changes as anyone uses the app.
BOOKKEEPING = {"auth_sessions", "throttle_counters"}


def database_fingerprint(app) -> str:
    """Every row of every table, hashed: any change anywhere shows."""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            for row in db.session.execute(text(f"SELECT * FROM {table.name} ORDER BY 1")):
                digest.update(repr(tuple(row)).encode())
        db.session.rollback()
    return digest.hexdigest()


def mutating_rules(app, prefix: str):
    for rule in app.url_map.iter_rules():
        methods = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if rule.rule.startswith(prefix) and methods and rule.endpoint not in PUBLIC_POSTS:
            yield rule, sorted(methods)


def fill(rule, values: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), 1)), rule.rule)


def a_letter_in_every_state(api_as, sktm) -> dict:
    operator = api_as("operator.bogem")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    task = inbox_task(api_as("kades.bogem"), letter["id"], "kades_sign")
    return {
        "letter_id": letter["id"],
        "task_id": task["id"],
        "username": "kades.bogem",
        "code": "SKTM",
        "route_id": 1,
        "version_id": 1,
        "delegation_id": 1,
    }


def test_every_mutating_api_endpoint_refuses_the_auditor_and_nothing_changes(app, api_as, sktm):
    values = a_letter_in_every_state(api_as, sktm)
    auditor = api_as("auditor.blora")
    before = database_fingerprint(app)
    tried = []
    for rule, methods in mutating_rules(app, "/api/v1/"):
        for method in methods:
            path = fill(rule, values).removeprefix("/api/v1")
            response = auditor.client.open(
                "/api/v1" + path,
                method=method,
                json={
                    "decision": "approve",
                    "passphrase": "tte-demo",
                    "task_ids": [values["task_id"]],
                    "type": "SKD",
                    "applicant": {"nik": "3316015507850002", "name": "X"},
                    "fields": {},
                },
                headers={"Authorization": f"Bearer {auditor.token}"},
            )
            assert response.status_code in (400, 403, 404, 405, 409, 415, 422), (
                rule.rule,
                response.status_code,
            )
            assert response.is_json and "error" in response.get_json()
            tried.append(rule.endpoint)
    assert {
        "api.create_letter",
        "api.claim_task",
        "api.unclaim_task",
        "api.complete_task",
        "api.bulk_sign",
    } <= set(tried)
    assert database_fingerprint(app) == before


def test_the_auditor_cannot_change_anything_through_the_web_pages(app, client, api_as, sktm):
    values = a_letter_in_every_state(api_as, sktm)
    token = csrf_of(login_web(client, "auditor.blora"))
    before = database_fingerprint(app)
    posted = 0
    for rule, methods in mutating_rules(app, "/"):
        if rule.rule.startswith("/api/"):
            continue
        for method in methods:
            client.open(
                fill(rule, values),
                method=method,
                data={
                    "csrf_token": token,
                    "decision": "approve",
                    "passphrase": "tte-demo",
                    "task_ids": str(values["task_id"]),
                    "applicant_nik": "3316015507850002",
                    "applicant_name": "X",
                },
            )
            posted += 1
    assert posted >= 5
    assert database_fingerprint(app) == before
    assert (
        client.get(f"/audit/letters/{values['letter_id']}").status_code == 200
    )  # still signed in, still reading


def test_reading_histories_replays_and_exports_never_moves_a_letter(app, api_as, sktm):
    values = a_letter_in_every_state(api_as, sktm)
    auditor, letter_id = api_as("auditor.blora"), values["letter_id"]
    history = auditor.get(f"/letters/{letter_id}/history").get_json()
    for path in (
        f"/letters/{letter_id}/replay?event=2",
        f"/letters/{letter_id}/replay/pdf?event=3",
        f"/audit/letters/{letter_id}/history.csv",
        f"/audit/letters/{letter_id}/report.pdf",
        "/audit/letters?name=budi",
    ):
        assert auditor.get(path).status_code == 200, path
    assert auditor.get(f"/letters/{letter_id}/history").get_json()["events"] == history["events"]
    assert auditor.get(f"/letters/{letter_id}").get_json()["open_tasks"][0]["step"] == "kades_sign"
