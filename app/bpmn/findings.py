"""What validation says about a route: findings tied to BPMN elements, in words an admin
understands."""

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    FATAL = "fatal"  # the document cannot be kept at all (unsafe, not XML, not BPMN 2.0)
    ERROR = "error"  # it can be kept as a draft, but never deployed
    WARNING = "warning"  # advice; does not block deployment


@dataclass(frozen=True)
class Finding:
    """One problem of a route, on one element (None: the document as a whole)."""

    element_id: str | None
    message: str  # Bahasa Indonesia, names the element
    rule: str  # stable code, e.g. "lane_role"
    level: Level = Level.ERROR

    def as_dict(self) -> dict:
        return {
            "element_id": self.element_id,
            "message": self.message,
            "rule": self.rule,
            "level": self.level.value,
        }


def blocking(findings: list[Finding], *levels: Level) -> list[Finding]:
    """The findings at the given levels (default: fatal and error, everything that stops a
    deployment)."""
    wanted = set(levels or (Level.FATAL, Level.ERROR))
    return [f for f in findings if f.level in wanted]
