"""The last three event kinds: a due-date timer, a Plt acting as delegate, an admin correction."""

from datetime import UTC, datetime, timedelta

from app.services.timers import fire_due_timers
from tests.audit.helpers import Journey

SOON = (datetime.now(UTC) + timedelta(days=3)).isoformat()


def kinds(j: Journey) -> list[str]:
    return [
        e["kind"] for e in j.observer.get(f"/letters/{j.letter_id}/history").get_json()["events"]
    ]


def replays_verified(j: Journey) -> bool:
    total = len(kinds(j))
    return all(
        j.observer.get(f"/letters/{j.letter_id}/replay?event={n}").get_json()["verified"]
        for n in range(1, total + 1)
    )


def audit_verify_passes(app) -> bool:
    return app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0


def test_an_overdue_step_fires_its_timer_once(app, api_as, skd):
    j = Journey(app, api_as, skd)
    task = j.task("operator.bogem", "operator_check")
    due = datetime.fromisoformat(task["due_at"])
    assert timedelta(days=2, hours=23) < due - datetime.now(UTC) <= timedelta(days=3)
    with app.app_context():
        assert fire_due_timers(now=due - timedelta(minutes=1)) == 0
        assert fire_due_timers(now=due + timedelta(minutes=1)) == 1
        assert fire_due_timers(now=due + timedelta(days=1)) == 0  # once per step
    events = j.observer.get(f"/letters/{j.letter_id}/history").get_json()["events"]
    fired = [e for e in events if e["kind"] == "timer_fired"]
    assert (
        len(fired) == 1
        and fired[0]["data"]["step"] == "operator_check"
        and fired[0]["actor"] is None
    )
    assert replays_verified(j) and audit_verify_passes(app)


def test_timer_command_fires_due_steps(app, api_as, skd):
    app.config["TASK_DUE_DAYS"] = 0  # every new step is due at once
    j = Journey(app, api_as, skd)
    result = app.test_cli_runner().invoke(args=["timers"])
    assert result.exit_code == 0 and "1 langkah melewati tenggat" in result.output
    assert kinds(j).count("timer_fired") == 1


def test_a_plt_signature_is_recorded_as_delegated(app, api_as, skd):
    j = Journey(app, api_as, skd)
    j.act("operator.bogem", "operator_check")
    j.post("kades.bogem", "/delegations", {"to": "sekdes.bogem", "ends_at": SOON}, status=201)
    j.act("sekdes.bogem", "kades_sign")
    events = j.observer.get(f"/letters/{j.letter_id}/history").get_json()["events"]
    delegated = next(e for e in events if e["kind"] == "delegated")
    assert delegated["actor"] == "sekdes.bogem" and delegated["data"]["acting_role"] == "kades"
    assert kinds(j).index("delegated") < kinds(j).index("signed")
    assert replays_verified(j) and audit_verify_passes(app)


def test_admin_corrects_a_running_letter_with_a_reason(app, api_as, skd):
    j = Journey(app, api_as, skd)
    admin = "admin.blora"
    j.post(
        admin,
        f"/letters/{j.letter_id}/corrections",
        {"data": {"applicant": {"name": "Sri Rahayu"}}, "reason": ""},
        status=400,
    )
    j.post(
        admin,
        f"/letters/{j.letter_id}/corrections",
        {"data": {"fields": {"keperluan": "lain"}}},
        status=400,
    )
    fixed = j.post(
        admin,
        f"/letters/{j.letter_id}/corrections",
        {
            "data": {"applicant": {"name": "Sri Rahayu Wulan"}},
            "reason": "Salah ketik nama pada KTP",
        },
    )
    assert fixed["applicant"]["name"] == "Sri Rahayu Wulan"
    correction = [
        e
        for e in j.observer.get(f"/letters/{j.letter_id}/history").get_json()["events"]
        if e["kind"] == "admin_correction"
    ]
    assert len(correction) == 1
    assert correction[0]["data"]["reason"] == "Salah ketik nama pada KTP"
    assert correction[0]["data"]["before"] == {"applicant.name": "Sri Rahayu"}
    # Not for other roles, and not under a standing signature.
    j.post(
        "operator.bogem",
        f"/letters/{j.letter_id}/corrections",
        {"data": {"applicant": {"name": "X"}}, "reason": "r"},
        status=403,
    )
    j.act("operator.bogem", "operator_check")
    j.act("kades.bogem", "kades_sign")
    refused = j.post(
        admin,
        f"/letters/{j.letter_id}/corrections",
        {"data": {"applicant": {"name": "Sri"}}, "reason": "lagi"},
        status=422,
    )
    assert "belum ditandatangani" in refused["error"]["message"]
    assert replays_verified(j) and audit_verify_passes(app)


def test_the_inbox_shows_an_overdue_step(app, api_as, skd):
    from tests.web import login_web

    j = Journey(app, api_as, skd)
    client = app.test_client()
    login_web(client, "operator.bogem")
    assert "Terlambat" not in client.get("/").get_data(as_text=True)
    due = datetime.fromisoformat(j.task("operator.bogem", "operator_check")["due_at"])
    with app.app_context():
        fire_due_timers(now=due + timedelta(minutes=1))
    page = client.get("/").get_data(as_text=True)
    assert "Terlambat" in page and "tenggat" in page
