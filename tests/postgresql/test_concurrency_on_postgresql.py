"""On PostgreSQL, concurrent officials: numbers stay gapless and unique, a task completes once."""

import threading

from sqlalchemy import text

from app.domain.roles import Role
from app.extensions import db
from tests.e2e.journeys import act, create, inbox_task
from tests.factories import add_user


def run_together(app, calls):
    """Run each (token, method path, json) at once from its own thread and client; status codes."""
    start = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def call(i, token, path, body):
        client = app.test_client()
        start.wait()
        response = client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
        answers[i] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=call, args=(i, *c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_runs_on_postgresql(app):
    with app.app_context():
        assert db.session.execute(text("select version()")).scalar().startswith("PostgreSQL")


def test_concurrent_signing_gives_gapless_unique_numbers(app, api_as, skd):
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    task_ids = []
    for _ in range(8):
        letter = create(operator, skd)
        act(operator, letter["id"], "operator_check")
        task_ids.append(inbox_task(kades, letter["id"], "kades_sign")["id"])
    # One task fails on purpose (wrong passphrase): its rollback must not leave a gap.
    calls = [
        (
            kades.token,
            f"/api/v1/tasks/{t}/complete",
            {"decision": "approve", "passphrase": "keliru" if i == 3 else "tte-demo"},
        )
        for i, t in enumerate(task_ids)
    ]
    answers = run_together(app, calls)
    assert sorted(status for status, _ in answers) == [200] * 7 + [422]
    sequences = sorted(
        int(body["number"].split("/")[1]) for status, body in answers if status == 200
    )
    assert sequences == list(range(1, 8))
    retry = kades.post(
        f"/tasks/{task_ids[3]}/complete", json={"decision": "approve", "passphrase": "tte-demo"}
    )
    assert retry.get_json()["number"].split("/")[1] == "008"


def test_two_officials_completing_one_task_at_once_one_wins(app, api_as, skd):
    add_user(app, "operator2.bogem", Role.OPERATOR_DESA, "DS-BGM")
    first, second = api_as("operator.bogem"), api_as("operator2.bogem")
    for _ in range(3):
        letter = create(first, skd)
        task = inbox_task(first, letter["id"])
        answers = run_together(
            app,
            [
                (api.token, f"/api/v1/tasks/{task['id']}/complete", {"decision": "approve"})
                for api in (first, second)
            ],
        )
        assert sorted(status for status, _ in answers) == [200, 409]
        open_steps = [
            t["step"] for t in first.get(f"/letters/{letter['id']}").get_json()["open_tasks"]
        ]
        assert open_steps == ["kades_sign"]
