"""What changed between two versions of a route, element by element (by BPMN id and attributes).

Each element also gets a label people read: its name, or for an unnamed flow where it goes from and
to, so a diff never speaks in generated ids alone.
"""

import re
from dataclasses import dataclass, field

from app.bpmn.outline import Element, outline_of

KIND_WORDS = {
    "userTask": "langkah",
    "task": "langkah",
    "exclusiveGateway": "gateway",
    "parallelGateway": "gateway paralel",
    "startEvent": "peristiwa mulai",
    "endEvent": "peristiwa selesai",
    "sequenceFlow": "alur",
    "lane": "lajur",
}
ATTRIBUTE_WORDS = {
    "kind": "jenis",
    "name": "nama",
    "lane": "lajur (peran)",
    "signing": "langkah tanda tangan",
    "source": "asal alur",
    "target": "tujuan alur",
    "condition": "keputusan/syarat",
    "default": "alur bawaan",
}
DECISION_WORDS = {"approve": "Setuju", "return": "Kembalikan", "reject": "Tolak"}
_SIMPLE_DECISION = re.compile(r"""^\s*decision\s*==\s*["'](approve|return|reject)["']\s*$""")


@dataclass(frozen=True)
class RouteDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: dict[str, tuple[str, ...]]  # element id -> names of the attributes that differ
    labels: dict[str, str] = field(default_factory=dict)  # element id -> what people call it

    def as_dict(self) -> dict:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": {k: list(v) for k, v in self.changed.items()},
            "labels": dict(self.labels),
        }


def diff_routes(old_xml: bytes, new_xml: bytes) -> RouteDiff:
    """Elements added, removed and changed (kind, name, lane, signing, ends, condition, default)."""
    old, new = outline_of(old_xml).elements, outline_of(new_xml).elements
    changed = {}
    for element_id in old.keys() & new.keys():
        before, after = old[element_id].compared(), new[element_id].compared()
        differing = tuple(name for name in before if before[name] != after[name])
        if differing:
            changed[element_id] = differing
    added, removed = new.keys() - old.keys(), old.keys() - new.keys()
    labels = {i: element_label(old[i], old) for i in removed}
    labels |= {i: element_label(new[i], new) for i in added | changed.keys()}
    return RouteDiff(
        tuple(sorted(added)),
        tuple(sorted(removed)),
        dict(sorted(changed.items())),
        labels,
    )


def element_label(element: Element, elements: dict[str, Element]) -> str:
    """What people call an element: `langkah "Periksa"`, `alur "Tolak" dari "X" ke "Y"`."""
    kind = KIND_WORDS.get(element.kind, element.kind)
    if element.kind != "sequenceFlow":
        return f'{kind} "{element.name}"' if element.name else f"{kind} tanpa nama"
    match = _SIMPLE_DECISION.match(element.condition or "")
    what = element.name or (DECISION_WORDS[match.group(1)] if match else "")
    ends = " ".join(
        f'{word} "{_name(elements.get(end or ""), end)}"'
        for word, end in (("dari", element.source), ("ke", element.target))
    )
    return f'alur "{what}" {ends}' if what else f"alur {ends}"


def _name(element: Element | None, fallback: str | None) -> str:
    return (element.name if element is not None else "") or fallback or "?"
