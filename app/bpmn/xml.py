"""What an uploaded route may contain: safe XML, no scripts, conditions that only compare task
data."""

import ast
import functools

from lxml import etree

from app.bpmn.findings import Finding, Level
from app.domain.errors import WorkflowError

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
MAX_ROUTE_BYTES = 2_000_000
# Markup a browser renders and may run: never kept in a route file.
BROWSER_NAMESPACES = {
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/1999/XSL/Transform",
}
BROWSER_TAGS = {"script", "iframe", "object", "embed", "foreignobject"}

# Everything a letter route needs. Anything else the engine would run (scripts, services, call
# activities, subprocesses, timers, messages, loops, data mappings) is refused at upload time.
ALLOWED_BPMN = {
    "process",
    "laneSet",
    "lane",
    "childLaneSet",
    "flowNodeRef",
    "documentation",
    "extensionElements",
    "startEvent",
    "endEvent",
    "terminateEventDefinition",
    "userTask",
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "sequenceFlow",
    "conditionExpression",
    "incoming",
    "outgoing",
    "textAnnotation",
    "text",
    "association",
    "group",
    "boundaryEvent",  # only as a service level: app/bpmn/service_levels.py checks the shape
}
SERVICE_LEVEL_TIMER = {"timerEventDefinition", "timeDuration"}  # allowed inside a boundaryEvent
ALLOWED_SPIFF = {"properties", "property", "instructionsForEndUser"}
_CONTAINERS = {"process", "subProcess", "transaction", "adHocSubProcess"}

# A condition may only compare task data with constants: `decision == "return"`, `a and not b`.
ALLOWED_SYNTAX = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Is,
    ast.IsNot,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Tuple,
    ast.List,
)


def parse_xml(bpmn_xml: bytes) -> etree._Element:
    """Parse uploaded XML without DTDs, entities or network access; WorkflowError when it is unsafe
    or broken."""
    if len(bpmn_xml) > MAX_ROUTE_BYTES:
        raise WorkflowError(
            f"Berkas rute terlalu besar (lebih dari {MAX_ROUTE_BYTES // 1_000_000} MB)."
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True
    )
    try:
        root = etree.fromstring(bpmn_xml, parser)
    except etree.XMLSyntaxError as err:
        raise WorkflowError(f"Berkas rute bukan XML yang benar (not well-formed): {err}") from err
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise WorkflowError(
            "Berkas rute memuat deklarasi DOCTYPE (DTD atau entitas); itu tidak diizinkan."
        )
    return root


def element_findings(root: etree._Element) -> list[Finding]:
    """Everything inside a process that would run code or that the engine cannot run safely, per
    element."""
    found = []
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        for el in process.iter(tag=etree.Element):
            qname = etree.QName(el)
            if (
                qname.namespace == BPMN_NS
                and qname.localname not in ALLOWED_BPMN
                and not _in_boundary_event(el, qname.localname)
            ):
                owner = _flow_element(el)
                what = f"({qname.localname})" if owner is el else f"memuat {qname.localname}, yang"
                found.append(
                    Finding(
                        _where(owner),
                        f"Elemen {_quoted(owner)} {what} tidak diizinkan dalam rute: "
                        "rute hanya boleh memakai tugas pengguna (userTask), gateway, "
                        "serta peristiwa mulai dan selesai.",
                        "element_not_allowed",
                    )
                )
            elif qname.namespace not in (BPMN_NS, SPIFF_NS):
                found.append(_foreign_element(el, qname))
            elif qname.namespace == SPIFF_NS and qname.localname not in ALLOWED_SPIFF:
                found.append(
                    Finding(
                        _where(el),
                        f"Elemen {_quoted(el)} memuat spiffworkflow:{qname.localname}, "
                        "yang tidak diizinkan dalam rute (tidak boleh ada skrip atau layanan).",
                        "extension_not_allowed",
                    )
                )
        for cond in process.iter(f"{{{BPMN_NS}}}conditionExpression"):
            try:
                check_expression(cond.text or "")
            except WorkflowError as err:
                found.append(
                    Finding(
                        _where(cond),
                        f"Alur {_quoted(cond)}: {err.message}",
                        "expression_not_allowed",
                    )
                )
    return found


def _foreign_element(el: etree._Element, qname: etree.QName) -> Finding:
    """Another vendor's extension keeps the file a draft; markup a browser would run (an XHTML
    <script> in extensionElements, SVG, ...) refuses the file outright."""
    runnable = qname.namespace in BROWSER_NAMESPACES or qname.localname.lower() in BROWSER_TAGS
    return Finding(
        _where(el),
        f"Elemen {_quoted(el)} memuat elemen asing {qname.localname} "
        f"({qname.namespace or 'tanpa namespace'}); rute hanya boleh memuat elemen BPMN dan "
        "spiffworkflow" + (" dan tidak boleh memuat skrip." if runnable else "."),
        "foreign_element",
        Level.FATAL if runnable else Level.ERROR,
    )


def _in_boundary_event(el: etree._Element, localname: str) -> bool:
    """A timer of a service level: its shape is checked by app/bpmn/service_levels.py."""
    return localname in SERVICE_LEVEL_TIMER and any(
        etree.QName(a).localname == "boundaryEvent" for a in el.iterancestors()
    )


def _flow_element(el: etree._Element) -> etree._Element:
    """The element itself, or the flow element (task, event) it belongs to: what a modeler can
    highlight."""
    while el.getparent() is not None and etree.QName(el.getparent()).localname not in _CONTAINERS:
        el = el.getparent()
    return el


def _where(el: etree._Element) -> str | None:
    """The id of the element, or of its nearest ancestor that has one."""
    while el is not None and not el.get("id"):
        el = el.getparent()
    return el.get("id") if el is not None else None


def _quoted(el: etree._Element) -> str:
    """How a message names an element: its id, and its name when it has one."""
    where = _where(el)
    name = (el.get("name") or "").strip()
    return (f"'{where}'" if where else "(tanpa id)") + (f' ("{name}")' if name else "")


@functools.lru_cache(maxsize=256)
def check_expression(expression: str) -> None:
    """Refuse a condition that does more than compare task data with constants."""
    if not expression.strip() or len(expression) > 500:
        raise WorkflowError("syarat alur kosong atau terlalu panjang")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as err:
        raise WorkflowError(f"syarat {expression!r} tidak dapat dibaca: {err.msg}") from None
    for node in ast.walk(tree):
        bad_name = isinstance(node, ast.Name) and node.id.startswith("_")
        bad_const = isinstance(node, ast.Constant) and not isinstance(
            node.value, (str, int, float, bool, type(None))
        )
        if not isinstance(node, ALLOWED_SYNTAX) or bad_name or bad_const:
            raise WorkflowError(
                f"syarat {expression!r} hanya boleh membandingkan data tugas dengan nilai tetap, "
                'misalnya decision == "return"'
            )
