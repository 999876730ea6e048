"""Every route in workflows/ through the adapter: happy paths, returns, rejects, signing steps."""

from uuid import UUID

import pytest

from app import engine
from app.domain.errors import WorkflowError
from tests.engine.helpers import ROUTE_FILES, act, load, ready_steps, stored

HAPPY = {
    "surat_desa": [
        ("operator_check", "operator_desa"),
        ("kades_sign", "kades"),
        ("handover", "operator_desa"),
    ],
    "surat_desa_kecamatan": [
        ("operator_check", "operator_desa"),
        ("kades_sign", "kades"),
        ("kecamatan_check", "operator_kecamatan"),
        ("camat_sign", "camat"),
        ("handover", "operator_desa"),
    ],
}
SIGNING = {"surat_desa": {"kades_sign"}, "surat_desa_kecamatan": {"kades_sign", "camat_sign"}}


def test_every_route_file_loads_with_its_file_stem_as_process_id():
    assert {f.stem for f in ROUTE_FILES} >= set(HAPPY)
    for path in ROUTE_FILES:
        route = engine.load_route(path.read_bytes())
        assert route.process_id == path.stem
        assert route.steps and all(s.lane and s.name for s in route.steps)


@pytest.mark.parametrize("name", HAPPY)
def test_happy_path_visits_each_lane_in_order_and_completes(name):
    route = load(name)
    snapshot = engine.start(route, {"letter_id": 42})
    visited = []
    while snapshot.ready_tasks:
        task = snapshot.ready_tasks[0]
        visited.append((task.step, task.lane))
        snapshot = act(route, snapshot, "approve")
    assert visited == HAPPY[name]
    assert snapshot.completed and snapshot.ready_tasks == ()


@pytest.mark.parametrize("name", HAPPY)
def test_route_steps_list_the_happy_path_first_then_the_revision(name):
    route = load(name)
    assert [(s.step, s.lane) for s in route.steps] == HAPPY[name] + [
        ("operator_revise", "operator_desa")
    ]


@pytest.mark.parametrize("name", HAPPY)
def test_signing_flag_is_true_exactly_on_the_signing_steps(name):
    route = load(name)
    assert {s.step for s in route.steps if s.signing} == SIGNING[name]
    snapshot, seen = engine.start(route, {}), {}
    while snapshot.ready_tasks:
        seen[snapshot.ready_tasks[0].step] = snapshot.ready_tasks[0].signing
        snapshot = act(route, snapshot, "approve")
    assert {step for step, signing in seen.items() if signing} == SIGNING[name]


def test_operator_return_goes_to_revision_and_back_to_operator_check():
    route = load("surat_desa")
    snapshot = act(route, engine.start(route, {}), "return", "operator_check")
    assert [(t.step, t.lane, t.name) for t in snapshot.ready_tasks] == [
        ("operator_revise", "operator_desa", "Perbaiki data pemohon")
    ]
    snapshot = act(route, snapshot, None, "operator_revise")
    assert ready_steps(snapshot) == ["operator_check"]
    snapshot = act(route, snapshot, "approve", "operator_check")
    assert ready_steps(snapshot) == ["kades_sign"]


@pytest.mark.parametrize(
    "name, approvals, returner, back_to",
    [
        ("surat_desa", 1, "kades_sign", "operator_check"),
        ("surat_desa_kecamatan", 1, "kades_sign", "operator_check"),
        ("surat_desa_kecamatan", 2, "kecamatan_check", "operator_check"),
        ("surat_desa_kecamatan", 3, "camat_sign", "kecamatan_check"),
    ],
)
def test_return_sends_the_letter_back_to_the_described_step(name, approvals, returner, back_to):
    route = load(name)
    snapshot = engine.start(route, {})
    for _ in range(approvals):
        snapshot = act(route, snapshot, "approve")
    snapshot = act(route, snapshot, "return", returner)
    assert ready_steps(snapshot) == [back_to]
    # and the letter can still go all the way after the return
    while snapshot.ready_tasks:
        snapshot = act(route, snapshot, "approve")
    assert snapshot.completed


@pytest.mark.parametrize(
    "name, approvals, rejecter",
    [
        ("surat_desa", 0, "operator_check"),
        ("surat_desa", 1, "kades_sign"),
        ("surat_desa_kecamatan", 0, "operator_check"),
        ("surat_desa_kecamatan", 1, "kades_sign"),
        ("surat_desa_kecamatan", 2, "kecamatan_check"),
        ("surat_desa_kecamatan", 3, "camat_sign"),
    ],
)
def test_reject_at_any_check_or_signing_step_ends_the_process(name, approvals, rejecter):
    route = load(name)
    snapshot = engine.start(route, {})
    for _ in range(approvals):
        snapshot = act(route, snapshot, "approve")
    snapshot = act(route, snapshot, "reject", rejecter)
    assert snapshot.completed and snapshot.ready_tasks == ()


def test_state_is_json_without_the_spec_and_carries_the_serializer_version():
    route = load("surat_desa_kecamatan")
    snapshot = engine.start(route, {"letter_id": 7})
    assert "spec" not in snapshot.state and "subprocess_specs" not in snapshot.state
    assert snapshot.state["serializer_version"] == snapshot.serializer_version
    assert "Tandatangani" not in str(
        snapshot.state
    )  # no task spec names/labels in the per-letter state
    assert '"letter_id": 7' in str(stored(snapshot)).replace("'", '"')


def test_restoring_a_saved_state_gives_back_exactly_the_same_process():
    from app.engine.process import (
        _restore,
        _snapshot,
    )  # the round trip itself, below the public API

    route = load("surat_desa_kecamatan")
    snapshot = act(route, engine.start(route, {"letter_id": 7}), "return", "operator_check")
    restored = _restore(route, stored(snapshot))
    assert _snapshot(route, restored).state == stored(snapshot)
    assert engine.open_tasks(route, stored(snapshot)) == snapshot.ready_tasks
    task = restored.get_task_from_id(UUID(snapshot.ready_tasks[0].engine_id))
    assert task.data == {"letter_id": 7, "decision": "return", "reason": "return at operator_check"}


def test_restore_does_not_depend_on_the_key_order_of_the_stored_tasks():
    """A PostgreSQL JSONB column returns object keys in its own order; task data must survive it."""
    from app.engine.process import _restore

    route = load("surat_desa")
    snapshot = act(route, engine.start(route, {"letter_id": 7}), "approve", "operator_check")
    state = stored(snapshot)
    state["tasks"] = dict(sorted(state["tasks"].items(), reverse=True))
    restored = _restore(route, state)
    kades = restored.get_task_from_id(UUID(snapshot.ready_tasks[0].engine_id))
    assert kades.data["letter_id"] == 7 and kades.data["decision"] == "approve"
    after = engine.complete(
        route, state, snapshot.ready_tasks[0].engine_id, {"decision": "approve"}
    )
    assert ready_steps(after) == ["handover"]


def test_completing_a_task_that_is_not_ready_is_refused():
    route = load("surat_desa")
    first = engine.start(route, {})
    second = act(route, first, "approve", "operator_check")
    done_id = first.ready_tasks[0].engine_id  # operator_check, already completed
    for engine_id in (done_id, "00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        with pytest.raises(WorkflowError):
            engine.complete(route, stored(second), engine_id, {"decision": "approve"})
    future = next(tid for tid, t in second.state["tasks"].items() if t["task_spec"] == "handover")
    with pytest.raises(WorkflowError, match="tidak sedang terbuka"):
        engine.complete(route, stored(second), future, {"decision": "approve"})


def test_a_decision_the_conditions_cannot_read_leaves_the_saved_state_untouched():
    route = load("surat_desa")
    snapshot = engine.start(route, {})
    state = stored(snapshot)
    with pytest.raises(WorkflowError, match="operator_check_decision"):
        engine.complete(route, state, snapshot.ready_tasks[0].engine_id, {"note": "no decision"})
    assert state == stored(snapshot)
    assert ready_steps(act(route, snapshot, "approve")) == ["kades_sign"]


def test_task_data_must_be_plain_json():
    route = load("surat_desa")
    snapshot = engine.start(route, {})
    with pytest.raises(WorkflowError, match="data JSON biasa"):
        engine.complete(
            route, stored(snapshot), snapshot.ready_tasks[0].engine_id, {"decision": object()}
        )


def test_a_state_from_another_serializer_version_or_garbage_is_refused():
    route = load("surat_desa")
    snapshot = engine.start(route, {})
    task_id = snapshot.ready_tasks[0].engine_id
    for state in (
        dict(stored(snapshot), serializer_version="0.9"),
        {"serializer_version": "1.5", "tasks": 3},
        {},
    ):
        with pytest.raises(WorkflowError):
            engine.complete(route, state, task_id, {"decision": "approve"})
