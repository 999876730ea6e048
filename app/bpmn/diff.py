"""What changed between two versions of a route, element by element (by BPMN id and attributes)."""

from dataclasses import dataclass

from app.bpmn.outline import outline_of


@dataclass(frozen=True)
class RouteDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: dict[str, tuple[str, ...]]  # element id -> names of the attributes that differ

    def as_dict(self) -> dict:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": {k: list(v) for k, v in self.changed.items()},
        }


def diff_routes(old_xml: bytes, new_xml: bytes) -> RouteDiff:
    """Elements added, removed and changed (kind, name, lane, signing, flow ends, condition,
    default)."""
    old, new = outline_of(old_xml).elements, outline_of(new_xml).elements
    changed = {}
    for element_id in old.keys() & new.keys():
        before, after = old[element_id].compared(), new[element_id].compared()
        differing = tuple(name for name in before if before[name] != after[name])
        if differing:
            changed[element_id] = differing
    return RouteDiff(
        tuple(sorted(new.keys() - old.keys())),
        tuple(sorted(old.keys() - new.keys())),
        dict(sorted(changed.items())),
    )
