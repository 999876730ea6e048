"""The inbox through the API: ordering, pagination, claims, two officials racing for one task."""

import threading

from app.domain.roles import Role
from tests.e2e.journeys import create, inbox_task
from tests.factories import add_user


def test_inbox_lists_newest_first_with_cursor_pages_and_total(api_as, skd):
    operator = api_as("operator.bogem")
    ids = [create(operator, skd)["id"] for _ in range(5)]
    first = operator.get("/tasks?limit=2").get_json()
    assert first["total"] == 5
    assert [t["letter_id"] for t in first["items"]] == ids[::-1][:2]
    assert set(first["items"][0]) >= {
        "id",
        "letter_id",
        "name",
        "role",
        "office",
        "created_at",
        "due_at",
        "claimed_by",
    }
    second = operator.get(f"/tasks?limit=2&cursor={first['next_cursor']}").get_json()
    third = operator.get(f"/tasks?limit=2&cursor={second['next_cursor']}").get_json()
    assert [t["letter_id"] for t in second["items"] + third["items"]] == ids[::-1][2:]
    assert third["next_cursor"] is None
    assert operator.get("/tasks/count").get_json() == {"total": 5}
    assert api_as("kades.bogem").get("/tasks/count").get_json() == {"total": 0}


def test_bad_cursor_and_limit_are_400(api_as):
    operator = api_as("operator.bogem")
    assert operator.get("/tasks?cursor=abc").status_code == 400
    response = operator.get("/tasks?limit=1000")
    assert response.status_code == 400 and "limit" in response.get_json()["error"]["fields"]


def test_claimed_task_is_409_for_a_colleague_until_unclaimed(app, api_as, client, skd):
    add_user(app, "operator2.bogem", Role.OPERATOR_DESA, "DS-BGM")
    first, second = api_as("operator.bogem"), api_as("operator2.bogem")
    letter = create(first, skd)
    task = inbox_task(first, letter["id"])
    claimed = first.post(f"/tasks/{task['id']}/claim")
    assert claimed.status_code == 200 and claimed.get_json()["claimed_by"] == "operator.bogem"

    for action, body in (("claim", {}), ("unclaim", {}), ("complete", {"decision": "approve"})):
        response = second.post(f"/tasks/{task['id']}/{action}", json=body)
        assert response.status_code == 409, action
        assert response.get_json()["error"]["code"] == "conflict"

    assert first.post(f"/tasks/{task['id']}/unclaim").get_json()["claimed_by"] is None
    assert second.post(f"/tasks/{task['id']}/claim").status_code == 200


def test_completed_task_cannot_be_completed_again(api_as, skd):
    operator = api_as("operator.bogem")
    letter = create(operator, skd)
    task = inbox_task(operator, letter["id"])
    assert (
        operator.post(f"/tasks/{task['id']}/complete", json={"decision": "approve"}).status_code
        == 200
    )
    again = operator.post(f"/tasks/{task['id']}/complete", json={"decision": "approve"})
    assert again.status_code == 409


def test_two_officials_completing_one_task_at_once_one_wins_and_the_route_advances_once(
    app, api_as, skd
):
    add_user(app, "operator2.bogem", Role.OPERATOR_DESA, "DS-BGM")
    officials = [api_as("operator.bogem"), api_as("operator2.bogem")]
    for round_ in range(3):  # several rounds: the race must hold every time, not by luck
        letter = create(officials[0], skd)
        task = inbox_task(officials[0], letter["id"])
        start = threading.Barrier(2)
        statuses = []

        def complete(api, task=task, start=start, statuses=statuses):
            client = app.test_client()  # each thread its own client and database session
            start.wait()
            response = client.post(
                f"/api/v1/tasks/{task['id']}/complete",
                json={"decision": "approve"},
                headers={"Authorization": f"Bearer {api.token}"},
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=complete, args=(api,)) for api in officials]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200, 409], round_
        kades_tasks = [
            t
            for t in api_as("kades.bogem").get("/tasks?limit=100").get_json()["items"]
            if t["letter_id"] == letter["id"]
        ]
        assert len(kades_tasks) == 1
        events = officials[0].get(f"/letters/{letter['id']}").get_json()
        assert [t["step"] for t in events["open_tasks"]] == ["kades_sign"]
