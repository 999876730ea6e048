"""The admin adds a check step with Kembalikan and Tolak after the camat signs, in the browser.

The decisions are chosen in the properties panel's Layang section (never typed as expressions); the
route is saved and deployed with a confirmation, and letters on it honour both decisions: Kembalikan
sends the letter back to the camat, whose first signature stops counting, Tolak ends it rejected.
"""

from tests.browser.conftest import sign_in
from tests.browser.test_modeler import off_the_event_loop
from tests.e2e.journeys import act, inbox_task, walk_sktm
from tests.verify.helpers import code_of

# Drawing is done through bpmn-js' own modeling API (what a drag in the palette calls); everything a
# Layang rule reads is then set in the properties panel, as an admin would.
DRAW_CHECK_STEP = """() => {
  const m = window.layangModeler, registry = m.get('elementRegistry'), modeling = m.get('modeling');
  const factory = m.get('elementFactory'), lane = registry.get('lane_operator_kecamatan');
  const add = (type, id, x, y) => {
    const shape = modeling.createShape(factory.createShape({ type }), { x, y }, lane);
    modeling.updateProperties(shape, { id });
    return shape;
  };
  const check = add('bpmn:UserTask', 'register_check', 1340, 700);
  const gateway = add('bpmn:ExclusiveGateway', 'register_check_decision', 1470, 700);
  const rejected = add('bpmn:EndEvent', 'end_rejected_register_check', 1570, 780);
  modeling.removeConnection(registry.get('camat_sign_approve'));
  const ids = {
    into: modeling.connect(registry.get('camat_sign_decision'), check).id,
    out: modeling.connect(check, gateway).id,
    approve: modeling.connect(gateway, registry.get('handover')).id,
    back: modeling.connect(gateway, registry.get('camat_sign')).id,
    reject: modeling.connect(gateway, rejected).id
  };
  return ids;
}"""

SELECT = """id => {
  const m = window.layangModeler;
  m.get('selection').select(m.get('elementRegistry').get(id));
}"""
DECISION = "#bio-properties-panel-layang-decision"


def choose_decision(page, flow_id: str, label: str) -> None:
    """Select a flow on the canvas and pick the decision it handles from the Layang list."""
    page.evaluate(SELECT, flow_id)
    page.wait_for_selector(DECISION)
    page.select_option(DECISION, label=label)


def condition_of(page, flow_id: str) -> str | None:
    return page.evaluate(
        "id => { const bo = window.layangModeler.get('elementRegistry').get(id).businessObject;"
        " return bo.conditionExpression ? bo.conditionExpression.body : null; }",
        flow_id,
    )


def test_admin_adds_a_check_step_with_return_and_reject_and_letters_honour_both(
    page, app, api_as, sktm
):
    sign_in(page, "admin.blora")
    page.click("text=Rute")
    page.click("text=Surat desa dengan pengesahan camat")
    page.click("text=Buka di modeler")
    page.wait_for_selector("body[data-modeler-state=ready]")
    assert page.get_attribute("body", "data-unsaved") == "false"

    # The palette and the panel speak Indonesian.
    assert page.locator(".djs-palette [aria-label='Buat langkah']").count() == 1
    page.evaluate(SELECT, "lane_operator_kecamatan")
    page.wait_for_selector("#bio-properties-panel-layang-role")
    assert page.locator(".bio-properties-panel-group-header-title", has_text="Umum").count() == 1
    role = page.locator("#bio-properties-panel-layang-role")
    assert role.evaluate("el => el.options[el.selectedIndex].text") == (
        "Operator Kecamatan (operator_kecamatan)"
    )

    flows = page.evaluate(DRAW_CHECK_STEP)
    assert page.get_attribute("body", "data-unsaved") == "true"

    page.evaluate(SELECT, "register_check")
    page.fill("#bio-properties-panel-name", "Catat di buku agenda kecamatan")
    page.press("#bio-properties-panel-name", "Tab")
    signing = page.locator("#bio-properties-panel-layang-signing")
    assert not signing.is_checked()  # a check step, not a signing step
    # No expression field anywhere: conditions are never typed.
    assert (
        page.locator(
            "#properties textarea[id*='condition'], #properties [id*='conditionExpression']"
        ).count()
        == 0
    )

    choose_decision(page, flows["into"], "Setuju")
    choose_decision(page, flows["approve"], "Setuju")
    choose_decision(page, flows["back"], "Kembalikan")
    choose_decision(page, flows["reject"], "Tolak")
    assert condition_of(page, flows["back"]) == 'decision == "return"'
    assert condition_of(page, flows["reject"]) == 'decision == "reject"'
    assert condition_of(page, flows["approve"]) == 'decision == "approve"'
    page.evaluate(SELECT, flows["reject"])
    assert page.locator(DECISION).evaluate("el => el.options[el.selectedIndex].text") == "Tolak"

    page.click("#check-server")
    page.wait_for_selector("text=Server: rute sah dan dapat diterapkan.")
    page.fill("#version-comment", "Catat di buku agenda sesudah camat")
    page.click("#save-version")
    page.wait_for_selector("body[data-saved-version='2']")
    assert page.get_attribute("body", "data-unsaved") == "false"

    page.click("text=Lihat versi rute")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.click("button:has-text('Terapkan versi 2')")  # first asked, and the admin says no
    assert "Rute ini belum" not in page.inner_text("main")
    assert page.locator("button:has-text('Terapkan versi 2')").count() == 1
    page.click("button:has-text('Terapkan versi 2')")
    page.wait_for_selector("text=Versi 2 diterapkan")
    assert len(dialogs) == 2 and "versi 2" in dialogs[0].lower()

    admin = api_as("admin.blora")
    route = next(
        r for r in admin.get("/routes").get_json()["items"] if r["code"] == "surat_desa_kecamatan"
    )
    versions = admin.get(f"/routes/{route['id']}/versions").get_json()["items"]
    page.goto(f"/admin/routes/{route['id']}/diff?from={versions[1]['id']}&to={versions[0]['id']}")
    details = page.inner_text("#diff-details")
    assert "Catat di buku agenda kecamatan" in details  # named, not only by id

    def letters_honour_both_decisions():
        operator, camat = api_as("operator.bogem"), api_as("camat.japah")
        kecamatan = api_as("operator.kec.japah")

        # Kembalikan: back to the camat, whose earlier signature no longer counts; then Setuju.
        letter = walk_sktm(api_as, sktm, until="handover")
        task = inbox_task(kecamatan, letter["id"], "register_check")
        assert task["name"] == "Catat di buku agenda kecamatan"
        offered = kecamatan.get(f"/tasks/{task['id']}").get_json()["decisions"]
        assert offered == ["approve", "return", "reject"]  # what the panel wired, nothing else
        returned = act(kecamatan, letter["id"], "register_check", "return", reason="Tanggal salah")
        assert returned["status"] == "returned"
        assert [t["step"] for t in returned["open_tasks"]] == ["camat_sign"]
        assert [s["role"] for s in returned["signatures"]] == ["kades"]
        act(camat, letter["id"], "camat_sign")
        act(kecamatan, letter["id"], "register_check")
        done = act(operator, letter["id"], "handover")
        assert done["status"] == "completed"
        verdict = admin.client.get(f"/api/v1/verify/{code_of(done['verify_url'])}").get_json()
        assert verdict["status"] == "valid" and len(verdict["signatures"]) == 2

        # Tolak: the letter ends rejected and never verifies.
        other = walk_sktm(api_as, sktm, until="handover")
        rejected = act(kecamatan, other["id"], "register_check", "reject", reason="Ganda")
        assert rejected["status"] == "rejected" and rejected["open_tasks"] == []
        assert not any(
            t["letter_id"] == other["id"] for t in operator.get("/tasks").get_json()["items"]
        )
        verdict = admin.client.get(f"/api/v1/verify/{code_of(rejected['verify_url'])}").get_json()
        assert verdict["valid"] is False and verdict["status"] == "rejected"

    off_the_event_loop(letters_honour_both_decisions)
