"""Which decisions a user task offers, read from the flows leaving it, and what a condition reads.

A decision is only offered when a flow of the route handles it: approve always (it follows the
default or approve flow), return and reject only where a flow's condition holds for them and not
for approve. A task that no gateway follows therefore offers approve alone.
"""

import ast

from simpleeval import EvalWithCompoundTypes

from app.bpmn.outline import Element, Outline
from app.bpmn.xml import check_expression

DECISIONS = ("approve", "return", "reject")
APPROVE, RETURN, REJECT = DECISIONS
GATEWAYS = ("exclusiveGateway", "inclusiveGateway")


def condition_names(condition: str) -> set[str]:
    """The data names a condition reads, e.g. {"decision", "penghasilan"} (empty if unreadable)."""
    try:
        tree = ast.parse(condition.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def decision_values(condition: str) -> set[str]:
    """The constants a condition compares `decision` with: `decision == "return"` -> {"return"}."""
    try:
        tree = ast.parse(condition.strip(), mode="eval")
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        if not any(isinstance(o, ast.Name) and o.id == "decision" for o in operands):
            continue
        for operand in operands:
            if isinstance(operand, ast.Constant) and isinstance(operand.value, str):
                found.add(operand.value)
            elif isinstance(operand, (ast.Tuple, ast.List)):
                found |= {
                    e.value
                    for e in operand.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                }
    return found


def holds_for(condition: str | None, decision: str) -> bool:
    """Whether a flow's condition lets this decision through.

    A condition that also reads letter fields cannot be evaluated here; it counts for a decision
    when it compares `decision` with that value (`decision == "reject" and penghasilan > 0`)."""
    if not condition:
        return False
    try:
        check_expression(condition)
        names = {"decision": decision}
        return bool(EvalWithCompoundTypes(functions={}, names=names).eval(condition.strip()))
    except Exception:
        return decision in decision_values(condition) and "decision" in condition_names(condition)


def handles(flow: Element, decision: str) -> bool:
    """Whether this flow carries the decision away from the approve path (return, reject)."""
    return holds_for(flow.condition, decision) and not holds_for(flow.condition, APPROVE)


def branch_flows(doc: Outline, task_id: str) -> list[Element]:
    """The flows deciding what follows a task: its own, and those of the gateways right after it."""
    flows, seen, queue = [], {task_id}, [task_id]
    while queue:
        for flow in doc.outgoing(queue.pop(0)):
            flows.append(flow)
            target = doc.elements.get(flow.target or "")
            if target is not None and target.kind in GATEWAYS and target.id not in seen:
                seen.add(target.id)
                queue.append(target.id)
    return flows


def offered_decisions(doc: Outline, task_id: str) -> tuple[str, ...]:
    """The decisions the task's outgoing flows handle, in the order approve, return, reject."""
    flows = branch_flows(doc, task_id)
    handled = {d for d in (RETURN, REJECT) if any(handles(flow, d) for flow in flows)}
    return tuple(d for d in DECISIONS if d == APPROVE or d in handled)
