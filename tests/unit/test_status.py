"""Decisions officials take on a task, and the letter status each leads to."""

import pytest

from app.domain.errors import InvalidInput
from app.domain.status import (
    STATUS_LABELS,
    Decision,
    DecisionKind,
    LetterStatus,
    status_after,
)


def test_approving_needs_no_reason():
    decision = Decision.parse("approve", None)
    assert decision.kind is DecisionKind.APPROVE
    assert decision.as_task_data() == {"decision": "approve", "reason": ""}


@pytest.mark.parametrize("kind", ["return", "reject"])
@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_returning_or_rejecting_without_a_reason_is_refused_on_the_reason_field(kind, reason):
    with pytest.raises(InvalidInput) as refused:
        Decision.parse(kind, reason)
    assert refused.value.message == "Alasan wajib diisi."
    assert list(refused.value.fields) == ["reason"]


def test_the_reason_is_kept_without_surrounding_blanks():
    decision = Decision.parse("return", "  Foto KTP buram.  ")
    assert decision.as_task_data() == {"decision": "return", "reason": "Foto KTP buram."}


@pytest.mark.parametrize("kind", ["", "APPROVE", "setuju", "approved"])
def test_an_unknown_decision_is_refused_on_the_decision_field(kind):
    with pytest.raises(InvalidInput) as refused:
        Decision.parse(kind, "alasan")
    assert refused.value.code == "invalid_input"
    assert refused.value.fields == {"decision": ["Pilih approve, return atau reject."]}


@pytest.mark.parametrize(
    ("decision", "finished", "status"),
    [
        (DecisionKind.APPROVE, False, LetterStatus.IN_PROGRESS),
        (DecisionKind.APPROVE, True, LetterStatus.COMPLETED),
        (DecisionKind.RETURN, False, LetterStatus.RETURNED),
        (DecisionKind.REJECT, True, LetterStatus.REJECTED),
        (DecisionKind.REJECT, False, LetterStatus.IN_PROGRESS),
    ],
)
def test_the_status_after_a_decision(decision, finished, status):
    assert status_after(decision, process_finished=finished) is status


def test_every_status_has_an_indonesian_label_and_the_api_name_is_its_value():
    assert set(STATUS_LABELS) == set(LetterStatus)
    assert STATUS_LABELS[LetterStatus.RETURNED] == "Dikembalikan"
    assert LetterStatus("completed") is LetterStatus.COMPLETED
