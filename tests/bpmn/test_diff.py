"""The element diff between two versions of a route, read from the documents alone."""

from app.bpmn import diff_routes
from tests.engine import variants


def test_diff_names_added_removed_and_changed_elements():
    diff = diff_routes(variants.V1.encode(), variants.with_sekdes_check().encode())
    assert diff.added == ("lane_sekdes", "sekdes_check", "sekdes_to_kades") and diff.removed == ()
    assert diff.changed == {"operator_check_approve": ("target",)}
    back = diff_routes(variants.with_sekdes_check().encode(), variants.V1.encode())
    assert back.removed == diff.added
    lane = diff_routes(variants.V1.encode(), variants.kades_sign_in_sekdes_lane().encode())
    assert lane.changed == {"kades_sign": ("lane",)}


def test_diff_labels_elements_by_their_names_and_flows_by_their_ends():
    diff = diff_routes(variants.V1.encode(), variants.with_sekdes_check().encode())
    assert diff.labels["sekdes_check"].startswith('langkah "')
    assert diff.labels["lane_sekdes"] == 'lajur "sekdes"'
    flow = diff.labels["sekdes_to_kades"]
    assert flow.startswith("alur ") and ' ke "' in flow and "sekdes_to_kades" not in flow
