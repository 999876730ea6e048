"""Layang's own rules for a route, checked on the document outline: lanes name roles, signing steps
can go back, gateways decide every case, a start and an end event."""

from app.bpmn.decisions import DECISIONS, GATEWAYS, holds_for, offered_decisions
from app.bpmn.findings import Finding, Level
from app.bpmn.outline import Element, Outline
from app.bpmn.paths import path_rules

FLOW_NODES = (
    "startEvent",
    "endEvent",
    "userTask",
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
)


def route_rules(
    doc: Outline, task_roles: tuple[str, ...], field_names: frozenset[str] | None = None
) -> list[Finding]:
    """Every Layang rule over every process of the document (`field_names`: see path_rules)."""
    found = _process_rules(doc) + path_rules(doc, field_names)
    for task in doc.of_kind("userTask"):
        found += _lane_rule(task, task_roles)
        if task.signing:
            found += _way_back_rule(doc, task)
        if not task.name:
            found.append(
                Finding(
                    task.id,
                    f"Tugas '{task.id}' belum diberi nama; nama itu tampil di kotak masuk petugas.",
                    "task_name",
                    Level.WARNING,
                )
            )
    for gateway in doc.of_kind(*GATEWAYS):
        found += _gateway_rule(doc, gateway)
    found += _connection_rules(doc)
    return found


def _process_rules(doc: Outline) -> list[Finding]:
    found = []
    executable = [p for p, runs in doc.processes.items() if runs]
    if not doc.processes:
        found.append(
            Finding(None, "Dokumen tidak memuat proses BPMN (bpmn:process).", "process_count")
        )
    elif len(executable) != 1:
        first = executable[1] if len(executable) > 1 else next(iter(doc.processes))
        found.append(
            Finding(
                first,
                f"Rute harus memuat tepat satu proses yang dapat dijalankan "
                f'(isExecutable="true"); dokumen ini memuat {len(executable)} dari '
                f"{len(doc.processes)} proses. Tandai satu proses sebagai dapat dijalankan.",
                "process_count",
            )
        )
    for process_id in doc.processes:
        nodes = [e for e in doc.elements.values() if e.process == process_id]
        starts = [e for e in nodes if e.kind == "startEvent"]
        if not starts:
            found.append(
                Finding(
                    process_id,
                    f"Proses '{process_id}' tidak punya peristiwa mulai (start event).",
                    "start_event",
                )
            )
        elif len(starts) > 1:
            found.append(
                Finding(
                    starts[1].id,
                    f"Proses '{process_id}' punya {len(starts)} peristiwa mulai; rute "
                    "hanya boleh punya satu.",
                    "start_event",
                )
            )
        if not any(e.kind == "endEvent" for e in nodes):
            found.append(
                Finding(
                    process_id,
                    f"Proses '{process_id}' tidak punya peristiwa selesai (end event).",
                    "end_event",
                )
            )
    return found


def _lane_rule(task: Element, task_roles: tuple[str, ...]) -> list[Finding]:
    allowed = ", ".join(task_roles)
    if task.lane is None:
        return [
            Finding(
                task.id,
                f"Tugas {_label(task)} tidak berada di lajur (lane) mana pun; letakkan di lajur "
                f"yang bernama peran: {allowed}.",
                "lane_role",
            )
        ]
    if task.lane not in task_roles:
        return [
            Finding(
                task.id,
                f"Tugas {_label(task)} berada di lajur '{task.lane}', yang bukan nama peran; "
                f"ganti nama lajur menjadi salah satu dari: {allowed}.",
                "lane_role",
            )
        ]
    return []


def _way_back_rule(doc: Outline, task: Element) -> list[Finding]:
    """A signing step must let the signer send the letter back or stop it, e.g. when the text is
    wrong."""
    if len(offered_decisions(doc, task.id)) > 1:
        return []
    return [
        Finding(
            task.id,
            f"Langkah tanda tangan {_label(task)} tidak punya jalan kembali: sesudahnya harus ada "
            'gateway dengan cabang untuk decision == "return" (dikembalikan) atau '
            'decision == "reject" (ditolak).',
            "sign_way_back",
        )
    ]


def _gateway_rule(doc: Outline, gateway: Element) -> list[Finding]:
    flows = doc.outgoing(gateway.id)
    if len(flows) < 2:
        return []
    found = []
    if gateway.default and gateway.default not in {f.id for f in flows}:
        found.append(
            Finding(
                gateway.id,
                f"Gateway '{gateway.id}' menunjuk alur default '{gateway.default}' "
                "yang tidak keluar dari gateway ini.",
                "gateway_default",
            )
        )
    for flow in flows:
        if flow.id != gateway.default and not flow.condition:
            found.append(
                Finding(
                    flow.id,
                    f"Alur {_label(flow)} dari gateway {_label(gateway)} tidak punya syarat dan "
                    'bukan alur default; beri syarat (misalnya decision == "return") atau jadikan '
                    "alur default.",
                    "gateway_condition",
                )
            )
    if gateway.default in {f.id for f in flows} or found:
        return found
    uncovered = [d for d in DECISIONS if not any(holds_for(f.condition, d) for f in flows)]
    if uncovered:
        found.append(
            Finding(
                gateway.id,
                f"Gateway {_label(gateway)} tidak punya alur default dan tidak ada syarat "
                f"yang berlaku untuk keputusan {', '.join(repr(d) for d in uncovered)}; "
                "jadikan satu alur sebagai default.",
                "gateway_default",
            )
        )
    return found


def _connection_rules(doc: Outline) -> list[Finding]:
    found = []
    ids = set(doc.elements)
    for flow in doc.of_kind("sequenceFlow"):
        for end in (flow.source, flow.target):
            if end not in ids:
                found.append(
                    Finding(
                        flow.id,
                        f"Alur '{flow.id}' menunjuk elemen '{end}' yang tidak ada.",
                        "flow_reference",
                    )
                )
    for node in doc.of_kind(*FLOW_NODES):
        if node.kind != "startEvent" and not doc.incoming(node.id):
            found.append(
                Finding(
                    node.id,
                    f"Elemen {_label(node)} tidak pernah dicapai: belum ada alur yang masuk "
                    "ke sana.",
                    "disconnected",
                )
            )
        if node.kind != "endEvent" and not doc.outgoing(node.id):
            found.append(
                Finding(
                    node.id,
                    f"Elemen {_label(node)} tidak punya alur keluar; hubungkan ke langkah "
                    "berikutnya atau ke peristiwa selesai.",
                    "disconnected",
                )
            )
    return found


def _label(element: Element) -> str:
    """How a message names an element: its id, and its name when it has one."""
    return f"'{element.id}'" + (f' ("{element.name}")' if element.name else "")
