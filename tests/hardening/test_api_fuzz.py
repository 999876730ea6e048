"""schemathesis over the served OpenAPI document: no input, anonymous or signed in, gives a 5xx.

Stateless: every operation gets generated bodies, queries and path values (hypothesis, a fixed
number of examples per operation and caller so `make test` stays short), as anonymous and as one
user of each demo role.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.conftest import PASSWORD

CALLERS = [
    None,
    "operator.bogem",
    "kades.bogem",
    "sekdes.bogem",
    "operator.kec.japah",
    "camat.japah",
    "admin.blora",
    "auditor.blora",
]
EXAMPLES = 6


def _token(client, username):
    response = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    return response.get_json()["token"]


def server_problem(case, response) -> str | None:
    """What is wrong with an answer to generated input: a server error, or HTML on the API."""
    if response.status_code >= 500:
        return f"{case.method} {case.formatted_path} -> {response.status_code}"
    if "html" in str(response.headers.get("Content-Type", "")):
        return f"{case.method} {case.formatted_path} -> HTML, not the error format"
    return None


def fuzz_every_operation(app, caller: str | None, examples: int = EXAMPLES) -> list[str]:
    """Call every operation with generated input; answers the server errors seen."""
    app.config["VERIFY_TIME_BUDGET"] = 2.0
    client = app.test_client()
    headers = {"Authorization": f"Bearer {_token(client, caller)}"} if caller else {}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    errors: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/auth/logout":
            continue  # it would end the caller's own token for the operations after it

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            problem = server_problem(case, case.call(headers=headers))
            if problem:
                errors.append(problem)

        call()
    return errors


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c or "anonymous")
def test_no_generated_request_gets_a_server_error(app, caller):
    assert fuzz_every_operation(app, caller) == []
