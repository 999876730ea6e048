"""The modeler's Layang section edits a service level in Indonesian: reminder or escalation, and
after how many working days; the saved version carries the new ISO 8601 duration. It also adds a
reminder or an escalation to a step, which a deployed version then runs."""

from sqlalchemy import select

from app.bpmn.service_levels import service_levels
from app.engine.validation import validate
from app.extensions import db
from app.models import Timer
from app.services import timers
from tests.browser.conftest import sign_in
from tests.browser.test_modeler import off_the_event_loop
from tests.e2e.journeys import create

SELECT = """(id) => {
  const m = window.layangModeler;
  m.get('selection').select(m.get('elementRegistry').get(id));
}"""


def open_modeler(page):
    """The kabupaten admin opens the desa route in the modeler."""
    sign_in(page, "admin.blora")
    page.click("text=Rute")
    page.click("text=Surat desa (desa saja)")
    page.click("text=Buka di modeler")
    page.wait_for_selector("body[data-modeler-state=ready]")


def test_admin_changes_the_kades_reminder_to_three_working_days(page, api_as):
    open_modeler(page)
    page.evaluate(SELECT, "kades_sign_reminder")
    kind = page.locator("#bio-properties-panel-layang-service-level-kind")
    days = page.locator("#bio-properties-panel-layang-service-level-days")
    assert kind.input_value() == "reminder" and days.input_value() == "1"
    assert "hari libur nasional" in page.inner_text(".bio-properties-panel")
    days.fill("3")
    days.press("Tab")
    page.evaluate(SELECT, "kades_sign_escalation")
    assert kind.input_value() == "escalation" and days.input_value() == "2"

    page.fill("#version-comment", "Pengingat kades 3 hari kerja")
    page.click("#save-version")
    page.wait_for_selector("body[data-saved-version='2']")
    admin = api_as("admin.blora")
    newest = admin.get("/routes/1/versions").get_json()["items"][0]
    xml = page.request.get(f"/admin/routes/1/versions/{newest['id']}/bpmn").text()
    levels = {level.boundary_id: level for level in service_levels(xml)["kades_sign"]}
    assert levels["kades_sign_reminder"].duration == "P3D"
    assert levels["kades_sign_reminder"].kind == "reminder"
    assert levels["kades_sign_escalation"].duration == "P2D"


def test_admin_adds_an_escalation_and_a_reminder_to_a_step_then_deploys_and_it_escalates(
    page, app, api_as, skd
):
    open_modeler(page)
    page.evaluate(SELECT, "operator_check")
    add = page.locator("#bio-properties-panel-layang-add-service-level")
    assert "Tambah batas waktu layanan" in page.inner_text(".bio-properties-panel")
    add.select_option("escalation")  # the new timer is selected: its own section shows
    kind = page.locator("#bio-properties-panel-layang-service-level-kind")
    days = page.locator("#bio-properties-panel-layang-service-level-days")
    assert kind.input_value() == "escalation" and days.input_value() == "2"
    days.fill("3")
    days.press("Tab")
    page.evaluate(SELECT, "operator_check")
    add.select_option("reminder")
    assert kind.input_value() == "reminder" and days.input_value() == "1"

    page.click("#check-server")
    page.wait_for_selector("text=Server: rute sah dan dapat diterapkan.")
    assert page.locator("#lint-list li").all_inner_texts() == []  # the modeler's lint agrees
    page.fill("#version-comment", "Batas waktu layanan untuk pemeriksaan operator")
    page.click("#save-version")
    page.wait_for_selector("body[data-saved-version='2']")
    page.click("text=Lihat versi rute")
    page.once("dialog", lambda dialog: dialog.accept())  # deploying asks first
    page.click("button:has-text('Terapkan versi 2')")
    page.wait_for_selector("text=Versi 2 diterapkan")

    admin = api_as("admin.blora")
    newest = admin.get("/routes/1/versions").get_json()["items"][0]
    xml = page.request.get(f"/admin/routes/1/versions/{newest['id']}/bpmn").text()
    assert validate(xml) == []
    levels = sorted((lv.kind, lv.duration) for lv in service_levels(xml)["operator_check"])
    assert levels == [("escalation", "P3D"), ("reminder", "P1D")]

    def a_new_letter_escalates_back_into_the_step():
        operator = api_as("operator.bogem")
        letter = create(operator, skd)
        (task,) = [
            t for t in operator.get("/tasks").get_json()["items"] if t["letter_id"] == letter["id"]
        ]
        with app.app_context():
            escalation = db.session.scalar(
                select(Timer).where(Timer.task_id == task["id"], Timer.kind == "escalation")
            )
            assert timers.fire_timer(escalation.id)
        (reopened,) = [
            t for t in operator.get("/tasks").get_json()["items"] if t["letter_id"] == letter["id"]
        ]
        assert reopened["step"] == "operator_check" and reopened["id"] != task["id"]

    off_the_event_loop(a_new_letter_escalates_back_into_the_step)
