"""A BPMN document read as plain data: processes, lanes, flow nodes and sequence flows by id.

Works on any BPMN file (also ones SpiffWorkflow cannot build), so rules, diffs and migration checks
can talk about elements of drafts and foreign imports.
"""

from dataclasses import dataclass, field

from lxml import etree

from app.bpmn.xml import BPMN_NS, SPIFF_NS, parse_xml

_NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}
_SKIP = {
    "laneSet",
    "lane",
    "childLaneSet",
    "flowNodeRef",
    "incoming",
    "outgoing",
    "extensionElements",
    "documentation",
    "conditionExpression",
    "text",
}
COMPARED = ("kind", "name", "lane", "signing", "source", "target", "condition", "default")


@dataclass(frozen=True)
class Element:
    """One element with an id inside a process: a flow node, a sequence flow, a lane or an
    artifact."""

    id: str
    kind: str  # BPMN tag without namespace: userTask, exclusiveGateway, sequenceFlow, lane, ...
    process: str
    name: str = ""
    lane: str | None = None  # innermost lane name (flow nodes only)
    signing: bool = False  # user task marked layang_step=sign
    source: str | None = None  # sequence flows
    target: str | None = None
    condition: str | None = None
    default: str | None = None  # gateways: id of the default flow
    attached_to: str | None = None  # boundary events: the user task they sit on

    def compared(self) -> dict:
        """The attributes a diff between versions looks at."""
        return {name: getattr(self, name) for name in COMPARED}


@dataclass
class Outline:
    processes: dict[str, bool] = field(default_factory=dict)  # process id -> isExecutable
    process_names: dict[str, str] = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[Element]:
        return [e for e in self.elements.values() if e.kind in kinds]

    def outgoing(self, node_id: str) -> list[Element]:
        return [
            e for e in self.elements.values() if e.kind == "sequenceFlow" and e.source == node_id
        ]

    def boundary_events(self, node_id: str) -> list[Element]:
        """The boundary events (service levels) sitting on a task."""
        return [e for e in self.elements.values() if e.attached_to == node_id]

    def incoming(self, node_id: str) -> list[Element]:
        return [
            e for e in self.elements.values() if e.kind == "sequenceFlow" and e.target == node_id
        ]


def outline_of(bpmn_xml: bytes) -> Outline:
    """The outline of a BPMN document (WorkflowError when it is not safe, well-formed XML)."""
    return outline(parse_xml(bpmn_xml))


def outline(root: etree._Element) -> Outline:
    """Read the processes of a parsed BPMN document into an Outline."""
    result = Outline()
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        process_id = process.get("id") or ""
        result.processes[process_id] = process.get("isExecutable") == "true"
        result.process_names[process_id] = (process.get("name") or "").strip()
        lanes = _lanes(process, process_id, result)
        for el in process.iter(tag=etree.Element):
            qname = etree.QName(el)
            if (
                el is process
                or qname.namespace != BPMN_NS
                or qname.localname in _SKIP
                or not el.get("id")
            ):
                continue
            result.elements.setdefault(
                el.get("id"), _element(el, qname.localname, process_id, lanes)
            )
    return result


def _lanes(process, process_id: str, result: Outline) -> dict[str, str]:
    """Flow node id -> name of the innermost lane holding it; lanes are recorded as elements too."""
    by_node = {}
    for lane in process.iter(
        f"{{{BPMN_NS}}}lane"
    ):  # document order: parents before their child lanes
        name = (lane.get("name") or "").strip()
        if lane.get("id"):
            result.elements.setdefault(
                lane.get("id"), Element(lane.get("id"), "lane", process_id, name)
            )
        for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"):
            by_node[(ref.text or "").strip()] = name
    return by_node


def _element(el, kind: str, process_id: str, lanes: dict[str, str]) -> Element:
    element_id = el.get("id")
    condition = el.findtext(f"{{{BPMN_NS}}}conditionExpression")
    signing = bool(
        el.xpath(
            "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property"
            "[@name='layang_step' and @value='sign']",
            namespaces=_NS,
        )
    )
    return Element(
        id=element_id,
        kind=kind,
        process=process_id,
        name=(el.get("name") or "").strip(),
        lane=lanes.get(element_id),
        signing=signing,
        source=el.get("sourceRef"),
        target=el.get("targetRef"),
        condition=condition.strip() if condition is not None else None,
        default=el.get("default"),
        attached_to=el.get("attachedToRef"),
    )
