"""The route modeler in a real browser: draw, see lint, fix, save, deploy; new letters follow it."""

from concurrent.futures import ThreadPoolExecutor

from tests.browser.conftest import sign_in
from tests.corpus import MIWG_FILES
from tests.e2e.journeys import act, create, letter_at

ADD_TASK = """() => {
  const m = window.layangModeler, registry = m.get('elementRegistry'), modeling = m.get('modeling');
  const handover = registry.get('handover');
  const shape = m.get('elementFactory').createShape({ type: 'bpmn:UserTask' });
  const task = modeling.createShape(shape, { x: handover.x + 50, y: handover.y + 170 },
                                    registry.get('surat_desa_participant'));
  modeling.updateProperties(task, { id: 'archive' });
  m.get('selection').select(task);
  return task.id;
}"""

CONNECT_TASK = """() => {
  const m = window.layangModeler, registry = m.get('elementRegistry'), modeling = m.get('modeling');
  const task = registry.get('archive');
  modeling.removeConnection(registry.get('handover_to_end'));
  modeling.connect(registry.get('handover'), task);
  modeling.connect(task, registry.get('end_completed'));
}"""


def lint_items(page, element_id: str) -> list[str]:
    return page.locator(f"#lint-list li[data-element='{element_id}']").all_inner_texts()


def test_admin_adds_a_task_sees_lint_fixes_it_saves_and_deploys(page, app, api_as, skd):
    old = letter_at(
        api_as, skd, [("operator.bogem", "operator_check")]
    )  # waiting for the kades, on v1

    sign_in(page, "admin.blora")
    page.click("text=Rute")
    page.click("text=Surat desa (desa saja)")
    page.click("text=Buka di modeler")
    page.wait_for_selector("body[data-modeler-state=ready]")

    assert page.evaluate(ADD_TASK) == "archive"
    page.wait_for_selector("#lint-list li[data-element='archive']")
    assert any("belum terhubung" in item for item in lint_items(page, "archive"))
    assert (
        page.locator(".djs-overlays[data-container-id='archive'] .bjsl-overlay").count() == 1
    )  # on the element

    page.fill("#bio-properties-panel-name", "Arsipkan surat")
    page.press("#bio-properties-panel-name", "Tab")
    page.evaluate(CONNECT_TASK)
    page.wait_for_function(
        "() => !document.querySelector(\"#lint-list li[data-element='archive']\")"
    )

    page.click("#check-server")
    page.wait_for_selector("text=Server: rute sah dan dapat diterapkan.")
    page.fill("#version-comment", "Tambah langkah arsip")
    page.click("#save-version")
    page.wait_for_selector("body[data-saved-version='2']")
    assert "Versi 2 tersimpan dan dapat diterapkan." in page.inner_text("#modeler-status")

    page.click("text=Lihat versi rute")
    page.once("dialog", lambda dialog: dialog.accept())  # deploying asks first
    page.click("button:has-text('Terapkan versi 2')")
    page.wait_for_selector("text=Versi 2 diterapkan")
    assert "Surat baru memakai versi 2" in page.inner_text("main")

    admin = api_as("admin.blora")
    v2, v1 = (v["id"] for v in admin.get("/routes/1/versions").get_json()["items"])
    diff = admin.get(f"/routes/1/diff?from={v1}&to={v2}").get_json()
    assert (
        "archive" in diff["added"] and "kades_sign" not in diff["changed"]
    )  # the signing mark survived bpmn-js

    page.goto(f"/admin/routes/1/diff?from={v1}&to={v2}")
    page.wait_for_selector("body[data-diff-state=ready]")
    assert (
        page.locator("#diff-right .djs-element.diff-added[data-element-id='archive']").count() == 1
    )

    def new_follows_v2_and_old_finishes_on_v1():
        operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
        new = create(operator, skd)
        act(operator, new["id"], "operator_check")
        act(kades, new["id"], "kades_sign")
        handed = act(operator, new["id"], "handover")
        assert [(t["step"], t["name"]) for t in handed["open_tasks"]] == [
            ("archive", "Arsipkan surat")
        ]
        assert act(operator, new["id"], "archive")["status"] == "completed"

        act(kades, old["id"], "kades_sign")
        finished = act(operator, old["id"], "handover")
        assert finished["status"] == "completed" and finished["open_tasks"] == []

    off_the_event_loop(new_follows_v2_and_old_finishes_on_v1)


def off_the_event_loop(work):
    """Run test-client work in another thread: Playwright's sync API keeps an asyncio loop running
    in this one, and signing (pyHanko) starts its own loop, which asyncio refuses inside a running
    one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def test_the_modeler_opens_every_imported_miwg_file(page, api_as):
    admin = api_as("admin.blora")
    opened = []
    for path in MIWG_FILES:
        response = admin.client.post(
            "/api/v1/routes",
            data={"file": (path.open("rb"), path.name)},
            headers={"Authorization": f"Bearer {admin.token}"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 201, (path.name, response.get_json())
        body = response.get_json()
        opened.append((path.name, body["route"]["id"], body["version"]["id"]))
    sign_in(page, "admin.blora")
    for name, route_id, version_id in opened:
        page.goto(f"/admin/routes/{route_id}/versions/{version_id}/edit")
        page.wait_for_selector("body[data-modeler-state]")
        assert page.get_attribute("body", "data-modeler-state") == "ready", (
            name,
            page.inner_text("#modeler-status"),
        )
        assert page.locator(".djs-element.djs-shape").count() > 3, name
        assert page.locator("#server-findings li.finding").count() > 0, (
            name
        )  # its findings, beside the canvas
