"""The modeler's Layang section edits a service level in Indonesian: reminder or escalation, and
after how many working days; the saved version carries the new ISO 8601 duration."""

from app.bpmn.service_levels import service_levels
from tests.browser.conftest import sign_in

SELECT = """(id) => {
  const m = window.layangModeler;
  m.get('selection').select(m.get('elementRegistry').get(id));
}"""


def test_admin_changes_the_kades_reminder_to_three_working_days(page, api_as):
    sign_in(page, "admin.blora")
    page.click("text=Rute")
    page.click("text=Surat desa (desa saja)")
    page.click("text=Buka di modeler")
    page.wait_for_selector("body[data-modeler-state=ready]")
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
