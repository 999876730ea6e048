"""Service levels of the demo routes: the kades' signing step reminds after 1 working day and
escalates after 2 (to the Plt when one is set, else to the desa operator), each exactly once; the
escalation interrupts the step and the letter follows the escalation's flow (back into the step)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.domain.working_days import WIB
from app.engine.validation import validate
from app.extensions import db
from app.models import LetterEvent, Notification, Task, Timer, User
from app.services import timers
from tests.notifications.helpers import api_for, open_task


def _kades_task(client, skd) -> int:
    operator = api_for(client, "operator.bogem")
    letter = operator.post("/letters", json=skd).get_json()
    check = open_task(operator, letter["id"], "operator_check")
    operator.post(f"/tasks/{check['id']}/complete", json={"decision": "approve"})
    return open_task(api_for(client, "kades.bogem"), letter["id"], "kades_sign")["id"]


def _notified(username: str, kind: str) -> list[Notification]:
    user = db.session.scalar(select(User).where(User.username == username))
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def test_signing_step_gets_a_reminder_after_one_working_day_and_an_escalation_after_two(app, skd):
    task_id = _kades_task(app.test_client(), skd)
    with app.app_context():
        task = db.session.get(Task, task_id)
        rows = {
            t.kind: t for t in db.session.scalars(select(Timer).where(Timer.task_id == task_id))
        }
        assert set(rows) == {"reminder", "escalation"}
        created = task.created_at.astimezone(WIB)
        for kind, days in (("reminder", 1), ("escalation", 2)):
            due = rows[kind].due_at.astimezone(WIB)
            assert due.time().replace(microsecond=0) == created.time().replace(microsecond=0)
            assert due.weekday() < 5 and due > created + timedelta(days=days - 1)

        assert timers.fire_timer(rows["reminder"].id)
        assert not timers.fire_timer(rows["reminder"].id)  # once only
        reminders = _notified("kades.bogem", "reminder")
        assert len(reminders) == 1 and "melewati batas waktu layanan" in reminders[0].text
        assert reminders[0].link == f"/tasks/{task_id}"

        assert timers.fire_timer(rows["escalation"].id)
        escalations = _notified("operator.bogem", "escalation")  # no Plt: the operator is told
        assert len(escalations) == 1 and "Eskalasi" in escalations[0].text
        reopened = db.session.scalar(
            select(Task).where(Task.letter_id == task.letter_id, Task.state == "open")
        )
        assert reopened.step == "kades_sign" and reopened.id != task_id
        assert escalations[0].link == f"/tasks/{reopened.id}"
        events = db.session.scalars(
            select(LetterEvent.data).where(
                LetterEvent.letter_id == task.letter_id, LetterEvent.kind == "timer_fired"
            )
        ).all()
        assert sorted(e["service_level"] for e in events) == [
            "kades_sign_escalation",
            "kades_sign_reminder",
        ]


def test_escalation_interrupts_the_step_and_the_letter_follows_its_flow(app, skd):
    client = app.test_client()
    task_id = _kades_task(client, skd)
    kades = api_for(client, "kades.bogem")
    with app.app_context():
        rows = {
            t.kind: t.id for t in db.session.scalars(select(Timer).where(Timer.task_id == task_id))
        }
        assert timers.fire_timer(rows["escalation"])
        assert not timers.fire_timer(rows["escalation"])  # exactly once
        assert not timers.fire_timer(rows["reminder"])  # the interrupted step reminds nobody
        old = db.session.get(Task, task_id)
        assert old.state == "cancelled"
        opened = db.session.scalars(
            select(Task).where(Task.letter_id == old.letter_id, Task.state == "open")
        ).all()
        assert [t.step for t in opened] == ["kades_sign"]
        new_id = opened[0].id
        assert {
            t.kind for t in db.session.scalars(select(Timer).where(Timer.task_id == new_id))
        } == {
            "reminder",
            "escalation",
        }
        fired = db.session.scalars(
            select(LetterEvent).where(
                LetterEvent.letter_id == old.letter_id, LetterEvent.kind == "timer_fired"
            )
        ).all()
        assert [(e.data["service_level"], e.data["interrupted"]) for e in fired] == [
            ("kades_sign_escalation", True)
        ]
        letter_id = old.letter_id

    inbox = kades.get("/tasks?limit=100").get_json()["items"]
    assert [t["id"] for t in inbox if t["letter_id"] == letter_id] == [new_id]
    late = kades.post(
        f"/tasks/{task_id}/complete", json={"decision": "approve", "passphrase": "tte-demo"}
    )
    assert late.status_code in (404, 409)
    assert late.get_json()["error"]["message"]
    signed = kades.post(
        f"/tasks/{new_id}/complete", json={"decision": "approve", "passphrase": "tte-demo"}
    )
    assert signed.status_code == 200, signed.get_json()


def test_escalation_goes_to_the_plt_when_one_is_set(app, skd):
    client = app.test_client()
    kades = api_for(client, "kades.bogem")
    until = (datetime.now(UTC) + timedelta(days=5)).isoformat()
    assert (
        kades.post("/delegations", json={"to": "sekdes.bogem", "ends_at": until}).status_code == 201
    )
    task_id = _kades_task(client, skd)
    with app.app_context():
        escalation = db.session.scalar(
            select(Timer).where(Timer.task_id == task_id, Timer.kind == "escalation")
        )
        assert timers.fire_timer(escalation.id)
        assert len(_notified("sekdes.bogem", "escalation")) == 1
        assert _notified("operator.bogem", "escalation") == []


def test_a_timer_of_a_finished_step_says_nothing(app, skd):
    client = app.test_client()
    task_id = _kades_task(client, skd)
    kades = api_for(client, "kades.bogem")
    done = kades.post(
        f"/tasks/{task_id}/complete", json={"decision": "approve", "passphrase": "tte-demo"}
    )
    assert done.status_code == 200
    with app.app_context():
        for timer in db.session.scalars(select(Timer).where(Timer.task_id == task_id)).all():
            assert not timers.fire_timer(timer.id)
        assert _notified("kades.bogem", "reminder") == []
        assert timers.unfired_timers() == [
            (t.id, t.due_at)
            for t in db.session.scalars(
                select(Timer).where(Timer.fired_at.is_(None), Timer.cancelled_at.is_(None))
            )
        ]


ROUTE = (Path(__file__).parents[2] / "workflows" / "surat_desa.bpmn").read_text(encoding="utf-8")


def test_route_rules_refuse_timers_that_are_not_service_levels():
    assert validate(ROUTE) == []
    on_gateway = ROUTE.replace(
        'attachedToRef="kades_sign" cancelActivity="false"',
        'attachedToRef="kades_sign_decision" cancelActivity="false"',
    )
    assert [f.rule for f in validate(on_gateway)] == ["service_level"]
    by_date = ROUTE.replace(
        "<bpmn:timeDuration>P1D</bpmn:timeDuration>",
        "<bpmn:timeDate>2026-12-01T00:00:00Z</bpmn:timeDate>",
    )
    assert "service_level" in [f.rule for f in validate(by_date)]
    months = ROUTE.replace("<bpmn:timeDuration>P2D<", "<bpmn:timeDuration>P1M<")
    findings = validate(months)
    assert [f.element_id for f in findings] == ["kades_sign_escalation"]
    assert "ISO 8601" in findings[0].message


def test_route_rules_allow_an_interrupting_timer_only_as_an_escalation_with_one_flow():
    flow = "<bpmn:outgoing>kades_sign_escalated</bpmn:outgoing>"
    without_flow = ROUTE.replace(flow, "").replace(
        '<bpmn:sequenceFlow id="kades_sign_escalated" name="Eskalasi: buka lagi untuk Plt" '
        'sourceRef="kades_sign_escalation" targetRef="kades_sign" />',
        "",
    )
    findings = validate(without_flow)
    assert [f.element_id for f in findings] == ["kades_sign_escalation"]
    assert "tepat satu alur keluar" in findings[0].message
    to_gateway = ROUTE.replace(
        'sourceRef="kades_sign_escalation" targetRef="kades_sign"',
        'sourceRef="kades_sign_escalation" targetRef="kades_sign_decision"',
    )
    assert "kades_sign_escalation" in [f.element_id for f in validate(to_gateway)]
    reminder_with_flow = ROUTE.replace(
        'attachedToRef="kades_sign" cancelActivity="false">',
        'attachedToRef="kades_sign" cancelActivity="false">'
        "<bpmn:outgoing>kades_sign_reminded</bpmn:outgoing>",
    ).replace(
        "</bpmn:process>",
        '<bpmn:sequenceFlow id="kades_sign_reminded" sourceRef="kades_sign_reminder" '
        'targetRef="operator_check" /></bpmn:process>',
    )
    findings = validate(reminder_with_flow)
    assert [f.element_id for f in findings] == ["kades_sign_reminder"]
    assert "tidak boleh punya alur keluar" in findings[0].message
