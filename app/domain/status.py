"""Letter statuses and decisions, as the API and the screens name them."""

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import InvalidInput


class LetterStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    RETURNED = "returned"
    REJECTED = "rejected"
    COMPLETED = "completed"


class DecisionKind(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


STATUS_LABELS: dict[str, str] = {
    LetterStatus.IN_PROGRESS: "Dalam proses",
    LetterStatus.RETURNED: "Dikembalikan",
    LetterStatus.REJECTED: "Ditolak",
    LetterStatus.COMPLETED: "Selesai",
}


@dataclass(frozen=True)
class Decision:
    """An official's decision on a task; return and reject need a reason."""

    kind: DecisionKind
    reason: str = ""

    @classmethod
    def parse(cls, kind: str, reason: str | None) -> "Decision":
        """Build a decision from user input, refusing unknown kinds and missing reasons."""
        try:
            decision_kind = DecisionKind(kind)
        except ValueError:
            raise InvalidInput(
                "Keputusan tidak dikenal.",
                fields={"decision": ["Pilih approve, return atau reject."]},
            ) from None
        reason = (reason or "").strip()
        if decision_kind is not DecisionKind.APPROVE and not reason:
            raise InvalidInput(
                "Alasan wajib diisi.",
                fields={"reason": ["Alasan wajib diisi untuk mengembalikan atau menolak."]},
            )
        return cls(decision_kind, reason)

    def as_task_data(self) -> dict:
        """The data the route's gateways decide on."""
        return {"decision": self.kind.value, "reason": self.reason}


def status_after(decision: DecisionKind, process_finished: bool) -> LetterStatus:
    """The letter's status once a decision has moved its process along."""
    if process_finished:
        return LetterStatus.REJECTED if decision is DecisionKind.REJECT else LetterStatus.COMPLETED
    return LetterStatus.RETURNED if decision is DecisionKind.RETURN else LetterStatus.IN_PROGRESS
