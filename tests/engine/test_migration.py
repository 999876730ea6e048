"""Moving running processes to a newer route version."""

import pytest
from SpiffWorkflow.util.task import TaskState

from app import engine
from app.domain.errors import WorkflowError
from app.engine.process import _restore
from tests.engine import variants
from tests.engine.helpers import act, ready_steps, stored

V1 = engine.load_route(variants.V1.encode())


def at_kades_sign() -> engine.Snapshot:
    return act(V1, engine.start(V1, {"letter_id": 1}), "approve", "operator_check")


def test_the_variants_are_valid_routes():
    for make in (
        variants.with_sekdes_check,
        variants.with_archive_after_handover,
        variants.without_operator_revise,
        variants.kades_sign_in_sekdes_lane,
    ):
        assert engine.validate(make().encode()) == [], make.__name__


def test_a_letter_at_the_kades_moves_to_a_version_with_a_sekdes_check_and_keeps_its_task():
    v2 = engine.load_route(variants.with_sekdes_check().encode())
    snapshot = at_kades_sign()
    assert engine.migration_blockers(V1, stored(snapshot), v2) == []
    moved = engine.migrate(V1, stored(snapshot), v2)
    assert (
        moved.ready_tasks == snapshot.ready_tasks
    )  # same step, same engine id: the inbox row stays
    history = [
        t.task_spec.name
        for t in _restore(v2, stored(moved)).get_tasks()
        if t.state == TaskState.COMPLETED
    ]
    assert "operator_check" in history
    done = act(v2, act(v2, moved, "approve", "kades_sign"), "approve", "handover")
    assert done.completed


def test_a_letter_not_yet_checked_takes_the_new_step_after_moving():
    v2 = engine.load_route(variants.with_sekdes_check().encode())
    moved = engine.migrate(V1, stored(engine.start(V1, {})), v2)
    assert ready_steps(act(v2, moved, "approve", "operator_check")) == ["sekdes_check"]


def test_a_letter_whose_current_step_was_removed_cannot_move():
    v3 = engine.load_route(variants.without_operator_revise().encode())
    returned = act(V1, engine.start(V1, {}), "return", "operator_check")
    assert ready_steps(returned) == ["operator_revise"]
    reasons = engine.migration_blockers(V1, stored(returned), v3)
    assert reasons == ["Langkah saat ini 'operator_revise' dihapus pada versi baru."]
    with pytest.raises(WorkflowError, match="operator_revise"):
        engine.migrate(V1, stored(returned), v3)


def test_a_letter_whose_history_passed_a_removed_step_cannot_move():
    v3 = engine.load_route(variants.without_operator_revise().encode())
    snapshot = act(
        V1, act(V1, engine.start(V1, {}), "return", "operator_check"), None, "operator_revise"
    )
    reasons = engine.migration_blockers(V1, stored(snapshot), v3)
    assert len(reasons) == 1 and "Riwayat surat melewati 'operator_revise'" in reasons[0]


def test_a_letter_whose_current_step_changed_lane_cannot_move():
    v4 = engine.load_route(variants.kades_sign_in_sekdes_lane().encode())
    assert engine.migration_blockers(V1, stored(at_kades_sign()), v4) == [
        "Langkah saat ini 'kades_sign' pindah lajur dari 'kades' ke 'sekdes'."
    ]


def test_a_letter_before_the_changed_step_can_move():
    v4 = engine.load_route(variants.kades_sign_in_sekdes_lane().encode())
    moved = engine.migrate(V1, stored(engine.start(V1, {})), v4)
    assert [(t.step, t.lane) for t in act(v4, moved, "approve").ready_tasks] == [
        ("kades_sign", "sekdes")
    ]
