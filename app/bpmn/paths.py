"""Route rules about what a condition may read and where the paths of a route lead.

A letter must never finish unsigned, loop without a person in the loop, or carry on after a
rejection; these rules refuse such routes before they are deployed.
"""

from app.bpmn.decisions import DECISIONS, REJECT, condition_names, decision_values, handles
from app.bpmn.findings import Finding
from app.bpmn.outline import Element, Outline

MAX_SIGNING_STEPS = 2  # signature blocks that fit on the letter's page


def path_rules(doc: Outline, field_names: frozenset[str] | None = None) -> list[Finding]:
    """Condition, loop, rejection and signing-path rules over the whole document.

    `field_names`: the fields of the letter types using the route, which conditions may read
    besides `decision`; None skips that check (a stored version was checked when deployed)."""
    return (
        _condition_rules(doc, field_names)
        + _loop_rule(doc)
        + _reject_rules(doc)
        + _signing_path_rule(doc)
        + _slot_rule(doc)
    )


def completed_ends(doc: Outline) -> set[str]:
    """End events a letter reaches without being rejected: its "completed" ends."""
    main = _reachable(doc, _starts(doc), skip_flow=lambda f: handles(f, REJECT))
    return {n for n in main if doc.elements[n].kind == "endEvent"}


def _condition_rules(doc: Outline, field_names: frozenset[str] | None) -> list[Finding]:
    allowed = {"decision", *(field_names or ())}
    found = []
    for flow in doc.of_kind("sequenceFlow"):
        if not flow.condition:
            continue
        unknown = (
            sorted(condition_names(flow.condition) - allowed) if field_names is not None else []
        )
        if unknown:
            fields = ", ".join(sorted(field_names or ())) or "(tidak ada)"
            found.append(
                Finding(
                    flow.id,
                    f"Syarat alur {_label(flow)} memakai "
                    f"{', '.join(repr(n) for n in unknown)}, yang tidak dikenal; syarat hanya "
                    f"boleh memakai decision dan isian jenis surat: {fields}.",
                    "condition_names",
                )
            )
        strange = sorted(decision_values(flow.condition) - set(DECISIONS))
        if strange:
            found.append(
                Finding(
                    flow.id,
                    f"Syarat alur {_label(flow)} membandingkan decision dengan "
                    f"{', '.join(repr(v) for v in strange)}; keputusan hanya approve (setuju), "
                    "return (kembalikan) atau reject (tolak).",
                    "decision_value",
                )
            )
    return found


def _loop_rule(doc: Outline) -> list[Finding]:
    """A loop through gateways and events alone would spin the engine with no one to stop it."""
    nodes = {e.id for e in doc.elements.values() if _is_node(e) and e.kind != "userTask"}
    colour, found = {}, []

    def visit(node: str) -> str | None:
        colour[node] = "grey"
        for flow in doc.outgoing(node):
            nxt = flow.target
            if nxt not in nodes:
                continue
            if colour.get(nxt) == "grey":
                return nxt
            if nxt not in colour:
                hit = visit(nxt)
                if hit:
                    return hit
        colour[node] = "black"
        return None

    for node in sorted(nodes):
        if node not in colour:
            hit = visit(node)
            if hit:
                found.append(
                    Finding(
                        hit,
                        f"Elemen {_label(doc.elements[hit])} berada dalam putaran tanpa tugas "
                        "pengguna; setiap putaran harus melewati langkah seseorang.",
                        "loop_without_task",
                    )
                )
    return found


def _reject_rules(doc: Outline) -> list[Finding]:
    """A rejection ends the letter: straight to an end event that approved letters never reach."""
    completed = completed_ends(doc)
    found = []
    for flow in doc.of_kind("sequenceFlow"):
        if not handles(flow, REJECT):
            continue
        target = doc.elements.get(flow.target or "")
        if target is None or target.kind != "endEvent" or target.id in completed:
            found.append(
                Finding(
                    flow.id,
                    f"Cabang tolak {_label(flow)} harus langsung menuju peristiwa selesai "
                    '"Surat ditolak" sendiri, bukan ke langkah lain atau ke akhir surat selesai.',
                    "reject_ends",
                )
            )
    return found


def _signing_path_rule(doc: Outline) -> list[Finding]:
    """Every way to the completed end passes a signing step: an unsigned letter never finishes."""
    signing = {e.id for e in doc.of_kind("userTask") if e.signing}
    unsigned = _reachable(
        doc, _starts(doc), skip_flow=lambda f: handles(f, REJECT), skip_node=signing
    )
    found = []
    for end in sorted(completed_ends(doc) & unsigned):
        found.append(
            Finding(
                end,
                f"Surat dapat mencapai akhir {_label(doc.elements[end])} tanpa melewati langkah "
                'tanda tangan (layang_step "sign"); setiap jalan menuju surat selesai harus '
                "ditandatangani.",
                "unsigned_path",
            )
        )
    return found


def _slot_rule(doc: Outline) -> list[Finding]:
    """The letter's page has room for two signature blocks (signing/render.py)."""
    signing = [e for e in doc.of_kind("userTask") if e.signing]
    if len(signing) <= MAX_SIGNING_STEPS:
        return []
    return [
        Finding(
            task.id,
            f"Rute memuat {len(signing)} langkah tanda tangan; lembar surat hanya memuat "
            f"{MAX_SIGNING_STEPS} kotak tanda tangan. Jadikan {_label(task)} langkah periksa "
            "biasa.",
            "signing_slots",
        )
        for task in signing[MAX_SIGNING_STEPS:]
    ]


def _starts(doc: Outline) -> list[str]:
    executable = {p for p, runs in doc.processes.items() if runs}
    return [e.id for e in doc.of_kind("startEvent") if e.process in executable]


def _reachable(doc: Outline, starts, skip_flow=lambda f: False, skip_node=frozenset()) -> set[str]:
    seen, queue = set(), [s for s in starts if s not in skip_node]
    while queue:
        node = queue.pop()
        if node in seen:
            continue
        seen.add(node)
        # An escalation leaves a task through the boundary event sitting on it.
        queue.extend(e.id for e in doc.boundary_events(node) if e.id not in skip_node)
        for flow in doc.outgoing(node):
            if skip_flow(flow) or flow.target in skip_node or flow.target not in doc.elements:
                continue
            queue.append(flow.target)
    return seen


def _is_node(element: Element) -> bool:
    return element.kind not in ("sequenceFlow", "lane", "textAnnotation", "association")


def _label(element: Element) -> str:
    return f"'{element.id}'" + (f' ("{element.name}")' if element.name else "")
