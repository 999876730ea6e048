"""Checking an uploaded route before it is saved or deployed; every finding names its element."""

import functools
import hashlib
import threading
from dataclasses import dataclass

from lxml import etree
from SpiffWorkflow.spiff.parser.process import VALIDATOR

from app.bpmn.findings import Finding, Level, blocking
from app.bpmn.outline import outline
from app.bpmn.rules import route_rules
from app.bpmn.service_levels import engine_document, service_level_findings
from app.bpmn.xml import BPMN_NS, element_findings, parse_xml
from app.domain.errors import WorkflowError
from app.domain.roles import TASK_ROLES
from app.engine.route import Route, build_route

# Lanes may only name roles that work on letters; admins and auditors never get tasks.
MAX_SCHEMA_FINDINGS = 20
_SCHEMA_LOCK = threading.Lock()  # one lxml XMLSchema object, whose error log is per call


@dataclass(frozen=True)
class Inspection:
    """What validation found, and the runnable route when nothing blocks it."""

    findings: tuple[Finding, ...]
    route: Route | None


def validate(bpmn_xml: bytes | str, field_names=None) -> list[Finding]:
    """All findings about a route document, most serious first; none means it can be deployed.

    `field_names`: the letter type fields conditions may read besides `decision` (None: no
    check)."""
    names = frozenset(field_names) if field_names is not None else None
    return list(inspect(bpmn_xml, names).findings)


def load_route(bpmn_xml: bytes | str) -> Route:
    """Parse and check a BPMN route; WorkflowError (with every finding) when it is unsafe or cannot
    run."""
    inspection = inspect(bpmn_xml)
    problems = blocking(list(inspection.findings))
    if problems or inspection.route is None:
        raise WorkflowError(
            problems[0].message if problems else "Rute tidak dapat dijalankan.",
            fields={"findings": [f.as_dict() for f in problems]},
        )
    return inspection.route


def inspect(bpmn_xml: bytes | str, field_names: frozenset[str] | None = None) -> Inspection:
    """Validate a route document (cached by content)."""
    if isinstance(bpmn_xml, str):
        bpmn_xml = bpmn_xml.encode("utf-8")
    return _inspect(hashlib.sha256(bpmn_xml).hexdigest(), bpmn_xml, field_names)


@functools.lru_cache(maxsize=16)
def _inspect(sha256: str, bpmn_xml: bytes, field_names: frozenset[str] | None) -> Inspection:
    try:
        root = parse_xml(bpmn_xml)
    except WorkflowError as err:
        return Inspection((Finding(None, err.message, "xml_safety", Level.FATAL),), None)
    if root.tag != f"{{{BPMN_NS}}}definitions":
        return Inspection(
            (
                Finding(
                    None,
                    f"Dokumen ini bukan BPMN 2.0: elemen akarnya <{etree.QName(root).localname}>, "
                    "bukan bpmn:definitions.",
                    "not_bpmn",
                    Level.FATAL,
                ),
            ),
            None,
        )
    schema = _schema_findings(root)
    if schema:
        return Inspection(tuple(schema), None)
    doc = outline(root)
    findings = (
        element_findings(root)
        + route_rules(doc, TASK_ROLES, field_names)
        + service_level_findings(root)
    )
    executable = [p for p, runs in doc.processes.items() if runs]
    route = None
    if len(executable) == 1:
        try:
            # Layang's scheduler counts service levels in working days: the engine gets reminders
            # removed and escalations as signals the scheduler sends (app/bpmn/service_levels.py).
            route = build_route(engine_document(root), executable[0], sha256)
        except WorkflowError as err:
            findings.append(Finding(err.fields.get("element_id"), err.message, "engine_build"))
    order = {Level.FATAL: 0, Level.ERROR: 1, Level.WARNING: 2}
    findings = sorted(_unique(findings), key=lambda f: order[f.level])
    return Inspection(tuple(findings), route if not blocking(findings) else None)


def _schema_findings(root: etree._Element) -> list[Finding]:
    """Breaches of the BPMN 2.0 XML schema, each on the element at the reported line."""
    with _SCHEMA_LOCK:
        VALIDATOR.preprocess(root)
        if VALIDATOR.validator.validate(root):
            return []
        errors = [(e.line, e.message) for e in VALIDATOR.validator.error_log][:MAX_SCHEMA_FINDINGS]
    by_line: dict[int, etree._Element] = {}
    for el in root.iter(tag=etree.Element):
        by_line.setdefault(el.sourceline, el)
    found = []
    for line, message in errors:
        element_id = _nearest_id(by_line.get(line))
        where = f"elemen '{element_id}'" if element_id else f"baris {line}"
        found.append(
            Finding(
                element_id,
                f"Bukan BPMN 2.0 yang sah di {where} (baris {line}): {message}",
                "bpmn_schema",
                Level.FATAL,
            )
        )
    return found


def _nearest_id(el) -> str | None:
    while el is not None and not el.get("id"):
        el = el.getparent()
    return el.get("id") if el is not None else None


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per element and rule: a refused element nested in another is named once."""
    seen, result = set(), []
    for finding in findings:
        key = (finding.element_id, finding.rule)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result
