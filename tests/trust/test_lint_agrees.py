"""The modeler's bpmnlint rules refuse what the server refuses, run by node on the same files."""

import itertools
import json
import subprocess
from pathlib import Path

from app import engine
from app.bpmn import blocking
from tests.tools import require_tool, tool_missing
from tests.trust import test_routes_that_break as broken
from tests.trust.chain_routes import FAULTS, ChainRoute, Step

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
SCRIPT = Path(__file__).with_name("lint_routes.cjs")
# What the browser checks as well; bpmnlint's own rules cover the rest (defaults, reachability...).
SHARED_RULES = {
    "condition_names",
    "decision_value",
    "loop_without_task",
    "reject_ends",
    "unsigned_path",
    "sign_way_back",
    "signing_slots",
}


def lint(documents: dict[str, str], tmp_path) -> dict[str, list]:
    require_tool("node")
    if not (FRONTEND / "node_modules" / "bpmnlint").exists():
        tool_missing("frontend/node_modules is not installed: run `make frontend`")
    path = tmp_path / "documents.json"
    path.write_text(json.dumps(documents))
    done = subprocess.run(
        ["node", str(SCRIPT), str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def chain_routes() -> dict[str, str]:
    """A spread of generated routes, valid and not."""
    steps = [
        (Step("operator_desa", False, 0, True), Step("kades", True, 0, True)),
        (Step("operator_desa", False), Step("kades", True, 0, False), Step("camat", True, 1, True)),
        (Step("operator_kecamatan", False, 0, True),),
        (Step("kades", True), Step("operator_desa", False, 0, True)),
        (Step("kades", True, 0), Step("camat", True, 0), Step("kades", True, 1, True)),
    ]
    return {
        f"chain{i}-{fault}": ChainRoute(chain, fault).bpmn()
        for (i, chain), fault in itertools.product(enumerate(steps), FAULTS)
    }


def test_the_browser_lint_names_the_same_broken_routes_as_the_server(tmp_path):
    documents = {
        "loop": broken.GATEWAY_LOOP,
        "undefined_name": broken.UNDEFINED_NAME,
        "unsigned": broken.UNSIGNED_SHORTCUT,
        "reject_moves_on": broken.REJECT_MOVES_ON,
        "odd_decision": broken.ODD_DECISION,
        "shipped": broken.V1,
        **chain_routes(),
    }
    linted = lint(documents, tmp_path)
    for name, xml in documents.items():
        server = {
            f.rule for f in blocking(engine.validate(xml, frozenset())) if f.rule in SHARED_RULES
        }
        browser = {rule for rule, ids in linted[name] if ids}
        assert bool(server) == bool(browser), (name, server, browser)
