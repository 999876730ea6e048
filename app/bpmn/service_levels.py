"""Service levels in a route: timer boundary events on user tasks.

The one shape allowed: a `boundaryEvent` attached to a `userTask`, holding only a
`timerEventDefinition` with a `timeDuration` (ISO 8601, counted in working days), and no outgoing
flow. `cancelActivity="false"` (non-interrupting) is a reminder to whoever holds the task;
interrupting (the default) is an escalation: to the Plt of the role when one is set, else a reminder
to the desa operator. Layang's scheduler runs them; the process engine never sees them.
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


def without_service_levels(root: etree._Element) -> etree._Element:
    """A copy of the document without its boundary events, for the process engine."""
    stripped = copy.deepcopy(root)
    for event in list(stripped.iter(f"{_B}boundaryEvent")):
        event.getparent().remove(event)
    return stripped


def _problems(event: etree._Element) -> list[str]:
    process = event.getparent()
    attached = event.get("attachedToRef")
    targets = [el for el in process.iter(f"{_B}userTask") if el.get("id") == attached]
    children = [etree.QName(c).localname for c in event if isinstance(c.tag, str)]
    problems = []
    if not targets:
        problems.append("hanya boleh menempel pada tugas pengguna (userTask).")
    if children != ["timerEventDefinition"]:
        problems.append(
            "hanya boleh berisi satu timer (timerEventDefinition) tanpa alur keluar; "
            "pengingat dan eskalasi dikirim sebagai notifikasi."
        )
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
