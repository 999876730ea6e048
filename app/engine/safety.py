"""What an uploaded route may contain: safe XML, no scripts, conditions that only compare task data."""
import ast
import functools

from lxml import etree
from simpleeval import EvalWithCompoundTypes
from SpiffWorkflow.bpmn.script_engine import TaskDataEnvironment

from app.domain.errors import WorkflowError

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
MAX_ROUTE_BYTES = 2_000_000

# Everything a letter route needs. Anything else the engine would run (scripts, services, call
# activities, subprocesses, timers, messages, loops, data mappings) is refused at upload time.
ALLOWED_BPMN = {
    "process", "laneSet", "lane", "childLaneSet", "flowNodeRef", "documentation", "extensionElements",
    "startEvent", "endEvent", "terminateEventDefinition", "userTask",
    "exclusiveGateway", "inclusiveGateway", "parallelGateway",
    "sequenceFlow", "conditionExpression", "incoming", "outgoing",
    "textAnnotation", "text", "association", "group",
}
ALLOWED_SPIFF = {"properties", "property", "instructionsForEndUser"}

# A condition may only compare task data with constants: `decision == "return"`, `a and not b`.
ALLOWED_SYNTAX = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.Compare,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot,
    ast.Name, ast.Load, ast.Constant, ast.Tuple, ast.List,
)


def parse_xml(bpmn_xml: bytes) -> etree._Element:
    """Parse uploaded XML without DTDs, entities or network access."""
    if len(bpmn_xml) > MAX_ROUTE_BYTES:
        raise WorkflowError("The route file is too large.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True)
    try:
        root = etree.fromstring(bpmn_xml, parser)
    except etree.XMLSyntaxError as err:
        raise WorkflowError(f"The route is not well-formed XML: {err}") from err
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise WorkflowError("The route contains a DOCTYPE declaration, which is not allowed.")
    return root


def check_elements(root: etree._Element) -> None:
    """Refuse anything inside a process that would run code or that the engine cannot run safely."""
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        for el in process.iter(tag=etree.Element):
            qname = etree.QName(el)
            if qname.namespace == BPMN_NS and qname.localname not in ALLOWED_BPMN:
                raise WorkflowError(f"Element {_where(el)} ({qname.localname}) is not allowed in a route; "
                                    "routes may only use user tasks, gateways, start and end events.")
            if qname.namespace == SPIFF_NS and qname.localname not in ALLOWED_SPIFF:
                raise WorkflowError(f"Element {_where(el)} carries spiffworkflow:{qname.localname}, "
                                    "which is not allowed in a route (no scripts or services).")
        for cond in process.iter(f"{{{BPMN_NS}}}conditionExpression"):
            try:
                check_expression(cond.text or "")
            except WorkflowError as err:
                raise WorkflowError(f"Sequence flow {_where(cond)}: {err}") from None


def _where(el: etree._Element) -> str:
    """The id of the element, or of its nearest ancestor that has one, for error messages."""
    while el is not None and not el.get("id"):
        el = el.getparent()
    return f"'{el.get('id')}'" if el is not None else "(unknown)"


@functools.lru_cache(maxsize=256)
def check_expression(expression: str) -> None:
    """Refuse a condition that does more than compare task data with constants."""
    if not expression.strip() or len(expression) > 500:
        raise WorkflowError("the condition is empty or too long")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as err:
        raise WorkflowError(f"the condition {expression!r} is not valid: {err.msg}") from None
    for node in ast.walk(tree):
        bad_name = isinstance(node, ast.Name) and node.id.startswith("_")
        bad_const = isinstance(node, ast.Constant) and not isinstance(node.value, (str, int, float, bool, type(None)))
        if not isinstance(node, ALLOWED_SYNTAX) or bad_name or bad_const:
            raise WorkflowError(f"the condition {expression!r} may only compare task data with constants")


class SafeEnvironment(TaskDataEnvironment):
    """Evaluates gateway conditions with simpleeval over the task data only; never runs scripts."""

    def evaluate(self, expression, context, external_context=None):
        check_expression(expression)
        return EvalWithCompoundTypes(functions={}, names=dict(context)).eval(expression.strip())

    def execute(self, script, context, external_context=None):
        raise WorkflowError("Scripts are not run in Layang routes.")
