"""The letter history's hash chain: any change to a past event or its order shows."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.events import (
    EVENT_LABELS,
    GENESIS,
    EventKind,
    apply_patch,
    canonical,
    link_hash,
    state_patch,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
states = st.dictionaries(st.sampled_from(["status", "data", "tasks", "number"]), json_values)


def chain(contents: list[dict]) -> list[str]:
    hashes, previous = [], GENESIS
    for content in contents:
        previous = link_hash(content, previous)
        hashes.append(previous)
    return hashes


def test_canonical_form_ignores_key_order_and_keeps_indonesian_text():
    assert canonical({"b": 1, "a": "Dikembalikan ké"}) == canonical(
        {"a": "Dikembalikan ké", "b": 1}
    )
    assert canonical({"a": "é"}) == '{"a":"é"}'.encode()


def test_changing_one_past_event_changes_every_later_link():
    events = [{"kind": "created"}, {"kind": "completed", "by": 3}, {"kind": "signed"}]
    tampered = [events[0], {"kind": "completed", "by": 4}, events[2]]
    original, changed = chain(events), chain(tampered)
    assert original[0] == changed[0]
    assert original[1] != changed[1] and original[2] != changed[2]


def test_swapping_two_events_changes_the_chain():
    a, b = {"kind": "claimed"}, {"kind": "unclaimed"}
    assert chain([a, b])[-1] != chain([b, a])[-1]


@given(before=states, after=states)
def test_a_patch_takes_the_state_before_to_the_state_after_for_every_changed_key(before, after):
    patch = state_patch(before, after)
    assert all(before.get(key) != value or key not in before for key, value in patch.items())
    result = apply_patch(before, patch)
    assert {key: result[key] for key in after} == after


def test_every_event_kind_has_an_indonesian_label():
    assert set(EVENT_LABELS) == set(EventKind)
