"""Service levels in a route: timer boundary events on user tasks.

The shapes allowed: a `boundaryEvent` attached to a `userTask`, holding only a
`timerEventDefinition` with a `timeDuration` (ISO 8601, counted in working days).
- `cancelActivity="false"` (non-interrupting), no outgoing flow: a reminder to whoever holds
  the task.
- interrupting (the default), exactly one outgoing flow to a user task: an escalation. It tells the
  Plt of the role when one is set, else the desa operator, and the engine cancels the step and
  follows that flow (e.g. back into the same step, where the Plt signs, or to another step).
Layang's scheduler counts the time: the engine gets reminders removed and each escalation's timer
turned into a signal of its own (`engine_document`), which the scheduler sends when it runs out.
"""

import copy
import functools
from dataclasses import dataclass

from lxml import etree

from app.bpmn.findings import Finding
from app.bpmn.xml import BPMN_NS, parse_xml
from app.domain.working_days import parse_duration

_B = f"{{{BPMN_NS}}}"
REMINDER, ESCALATION = "reminder", "escalation"
_WIRING = {"incoming", "outgoing", "extensionElements", "documentation"}


@dataclass(frozen=True)
class ServiceLevel:
    boundary_id: str
    step: str  # the user task it is attached to
    duration: str  # ISO 8601, e.g. "P1D"
    kind: str  # reminder (non-interrupting) or escalation (interrupting)
    name: str


def service_levels(bpmn_xml: bytes | str) -> dict[str, list[ServiceLevel]]:
    """The valid service levels of a route document, by user task id."""
    if isinstance(bpmn_xml, str):
        bpmn_xml = bpmn_xml.encode("utf-8")
    return _cached(bpmn_xml)


@functools.lru_cache(maxsize=32)
def _cached(bpmn_xml: bytes) -> dict[str, list[ServiceLevel]]:
    levels: dict[str, list[ServiceLevel]] = {}
    for event in parse_xml(bpmn_xml).iter(f"{_B}boundaryEvent"):
        if not _problems(event):
            level = ServiceLevel(
                event.get("id"),
                event.get("attachedToRef"),
                _duration_text(event),
                REMINDER if event.get("cancelActivity") == "false" else ESCALATION,
                event.get("name") or "",
            )
            levels.setdefault(level.step, []).append(level)
    return levels


def service_level_findings(root: etree._Element) -> list[Finding]:
    """A finding for every boundary event that is not a service level Layang can run."""
    return [
        Finding(event.get("id"), f"Peristiwa batas '{event.get('id')}': {problem}", "service_level")
        for event in root.iter(f"{_B}boundaryEvent")
        for problem in _problems(event)[:1]
    ]


def escalation_signal(boundary_id: str) -> str:
    """The name of the signal that stands for an escalation's timer inside the engine."""
    return f"layang_escalation:{boundary_id}"


def engine_document(root: etree._Element) -> etree._Element:
    """A copy of the document for the process engine: reminders removed, each escalation's timer
    replaced by a signal of its own, which Layang's scheduler sends when the time runs out."""
    copied = copy.deepcopy(root)
    for event in list(copied.iter(f"{_B}boundaryEvent")):
        if event.get("cancelActivity") == "false":
            event.getparent().remove(event)
            continue
        signal_id = f"{event.get('id')}_signal"
        for timer in event.findall(f"{_B}timerEventDefinition"):
            event.remove(timer)
        etree.SubElement(event, f"{_B}signalEventDefinition", signalRef=signal_id)
        signal = etree.Element(f"{_B}signal", id=signal_id, name=escalation_signal(event.get("id")))
        copied.insert(0, signal)
    return copied


def _problems(event: etree._Element) -> list[str]:
    process = event.getparent()
    user_tasks = {el.get("id") for el in process.iter(f"{_B}userTask")}
    children = [
        etree.QName(c).localname
        for c in event
        if isinstance(c.tag, str) and etree.QName(c).localname not in _WIRING
    ]
    flows = [
        flow.get("targetRef")
        for flow in process.iter(f"{_B}sequenceFlow")
        if flow.get("sourceRef") == event.get("id")
    ]
    problems = []
    if event.get("attachedToRef") not in user_tasks:
        problems.append("hanya boleh menempel pada tugas pengguna (userTask).")
    if event.get("cancelActivity") == "false" and flows:
        problems.append(
            "pengingat (tidak menyela) tidak boleh punya alur keluar; pengingat dikirim sebagai "
            "notifikasi dan langkahnya tetap terbuka."
        )
    if event.get("cancelActivity") != "false" and (len(flows) != 1 or flows[0] not in user_tasks):
        problems.append(
            "eskalasi (menyela) harus punya tepat satu alur keluar menuju tugas pengguna, "
            "mis. kembali ke langkah yang sama (Plt dapat menandatangani) atau ke langkah operator."
        )
    if children != ["timerEventDefinition"]:
        problems.append("hanya boleh berisi satu timer (timerEventDefinition).")
    else:
        text = _duration_text(event)
        try:
            parse_duration(text)
        except ValueError:
            problems.append(
                "timer harus berupa durasi ISO 8601 dalam hari kerja, jam atau menit "
                f"(mis. P1D, P2D, PT4H), bukan '{text}'."
            )
    return problems


def _duration_text(event: etree._Element) -> str:
    definition = event.find(f"{_B}timerEventDefinition")
    duration = definition.find(f"{_B}timeDuration") if definition is not None else None
    if duration is None or len(definition) != 1:
        return ""
    return (duration.text or "").strip()
