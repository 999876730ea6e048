"""The kabupaten admin keeps the cuti bersama days (API and web page); a day added moves the due
dates of service levels started afterwards."""

from datetime import date, timedelta

import holidays
from sqlalchemy import select

from app.domain.working_days import WIB
from app.extensions import db
from app.models import Timer
from tests.notifications.helpers import api_for, open_task
from tests.web import csrf_of, login_web, page


def _escalation_due(app, client, skd):
    """Open a kades signing step now; the WIB due time of its escalation (2 working days)."""
    operator = api_for(client, "operator.bogem")
    letter = operator.post("/letters", json=skd).get_json()
    check = open_task(operator, letter["id"], "operator_check")
    operator.post(f"/tasks/{check['id']}/complete", json={"decision": "approve"})
    task = open_task(api_for(client, "kades.bogem"), letter["id"], "kades_sign")
    with app.app_context():
        timer = db.session.scalar(
            select(Timer).where(Timer.task_id == task["id"], Timer.kind == "escalation")
        )
        return timer.due_at.astimezone(WIB)


def _next_working_day(day: date) -> date:
    public = holidays.Indonesia(years=range(day.year, day.year + 2))
    day += timedelta(days=1)
    while day.weekday() >= 5 or day in public:
        day += timedelta(days=1)
    return day


def test_a_cuti_bersama_day_added_through_the_api_moves_the_due_date(app, skd):
    client = app.test_client()
    before = _escalation_due(app, client, skd)
    admin = api_for(client, "admin.blora")
    added = admin.post("/cuti-bersama", json={"day": before.date().isoformat(), "name": "Cuti"})
    assert added.status_code == 201, added.get_json()
    assert admin.get("/cuti-bersama").get_json()["items"] == [
        {"id": added.get_json()["id"], "day": before.date().isoformat(), "name": "Cuti"}
    ]

    after = _escalation_due(app, client, skd)
    assert after.date() == _next_working_day(before.date())

    assert admin.delete(f"/cuti-bersama/{added.get_json()['id']}").status_code == 204
    assert _escalation_due(app, client, skd).date() == before.date()


def test_only_the_kabupaten_admin_edits_cuti_bersama_and_bad_input_is_named(app):
    client = app.test_client()
    operator = api_for(client, "operator.bogem")
    refused = operator.post("/cuti-bersama", json={"day": "2026-12-24"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert operator.get("/cuti-bersama").status_code == 403
    admin = api_for(client, "admin.blora")
    bad = admin.post("/cuti-bersama", json={"day": "24-12-2026"})
    assert bad.status_code == 400 and "day" in bad.get_json()["error"]["fields"]
    assert admin.post("/cuti-bersama", json={"day": "2026-12-24"}).status_code == 201
    twice = admin.post("/cuti-bersama", json={"day": "2026-12-24"})
    assert twice.status_code == 409 and "sudah tercatat" in twice.get_json()["error"]["message"]
    assert admin.delete("/cuti-bersama/999999").status_code == 404


def test_the_admin_adds_a_cuti_bersama_day_on_the_web_page(app):
    client = app.test_client()
    login_web(client, "admin.blora")
    form = client.get("/admin/cuti-bersama")
    assert "Belum ada hari cuti bersama" in page(form)
    answer = client.post(
        "/admin/cuti-bersama",
        data={"csrf_token": csrf_of(form), "day": "2026-12-24", "name": "Cuti bersama Natal"},
        follow_redirects=True,
    )
    text = page(answer)
    assert "24-12-2026 dicatat sebagai cuti bersama" in text and "Cuti bersama Natal" in text
    operator = app.test_client()
    login_web(operator, "operator.bogem")
    assert operator.get("/admin/cuti-bersama").status_code in (302, 403)
