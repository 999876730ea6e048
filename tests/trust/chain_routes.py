"""Routes an admin could draw: a chain of check and signing steps across the four roles, each
optionally followed by a gateway with return and reject branches, and mistakes an admin makes."""

from dataclasses import dataclass

SIGNING_ROLES = ("kades", "camat")
ROLES = ("operator_desa", "kades", "operator_kecamatan", "camat")
FAULTS = ("none", "reject_to_next", "unknown_name", "odd_value", "gateway_loop")


@dataclass(frozen=True)
class Step:
    role: str
    signing: bool
    return_to: int | None = None  # index of an earlier (or the same) step the return branch goes to
    reject: bool = False


@dataclass(frozen=True)
class ChainRoute:
    steps: tuple[Step, ...]
    fault: str = "none"  # one of FAULTS, applied to the first step with a gateway

    @property
    def step_ids(self) -> list[str]:
        return [f"{'sign' if s.signing else 'check'}_{i}" for i, s in enumerate(self.steps)]

    @property
    def signing_steps(self) -> list[str]:
        return [sid for sid, s in zip(self.step_ids, self.steps, strict=True) if s.signing]

    def expected_deployable(self) -> bool:
        """What the server must answer: no fault, a signing step, and a way back from each."""
        if self.fault_applies():
            return False
        if not self.signing_steps or len(self.signing_steps) > 2:  # two blocks fit on the page
            return False
        return all(s.return_to is not None or s.reject for s in self.steps if s.signing)

    def fault_applies(self) -> bool:
        """Whether the chosen mistake made it into the document (its step has the branch)."""
        index = self._faulty_index()
        if index is None or self.fault == "none":
            return False
        step = self.steps[index]
        return step.reject if self.fault == "reject_to_next" else step.return_to is not None

    def decisions(self, index: int) -> list[str]:
        """The decisions a deployable route handles at step `index` (what the API must list)."""
        step = self.steps[index]
        return ["approve"] + ["return"] * (step.return_to is not None) + ["reject"] * step.reject

    def _faulty_index(self) -> int | None:
        return next(
            (i for i, s in enumerate(self.steps) if s.return_to is not None or s.reject), None
        )

    def bpmn(self) -> str:
        """The route as a BPMN document with lanes named after roles (no diagram)."""
        ids, nodes, flows = self.step_ids, [], []
        lanes: dict[str, list[str]] = {role: [] for role in ROLES}
        lanes["operator_desa"] += ["start", "end_completed"]
        nodes.append('<bpmn:startEvent id="start" name="Permohonan diajukan" />')
        nodes.append('<bpmn:endEvent id="end_completed" name="Surat selesai" />')
        flows.append(_flow("start_to_0", "start", ids[0]))
        faulty = self._faulty_index()
        for i, step in enumerate(self.steps):
            sid = ids[i]
            nxt = ids[i + 1] if i + 1 < len(ids) else "end_completed"
            lanes[step.role].append(sid)
            sign = (
                "<bpmn:extensionElements><spiffworkflow:properties>"
                '<spiffworkflow:property name="layang_step" value="sign" />'
                "</spiffworkflow:properties></bpmn:extensionElements>"
                if step.signing
                else ""
            )
            name = "Tandatangani surat" if step.signing else f"Periksa surat {i}"
            nodes.append(f'<bpmn:userTask id="{sid}" name="{name}">{sign}</bpmn:userTask>')
            if step.return_to is None and not step.reject:
                flows.append(_flow(f"{sid}_next", sid, nxt))
                continue
            gateway, fault = f"{sid}_decision", self.fault if i == faulty else "none"
            lanes[step.role].append(gateway)
            nodes.append(
                f'<bpmn:exclusiveGateway id="{gateway}" name="Keputusan?" '
                f'default="{sid}_approve" />'
            )
            flows.append(_flow(f"{sid}_to_decision", sid, gateway))
            flows.append(_flow(f"{sid}_approve", gateway, nxt))
            if step.return_to is not None:
                condition = {
                    "unknown_name": 'keputusan == "return"',
                    "odd_value": 'decision == "return" or decision == "kembali"',
                }.get(fault, 'decision == "return"')
                target = ids[step.return_to]
                if fault == "gateway_loop":  # return spins between two gateways, no one in the loop
                    target = f"{sid}_spin"
                    lanes[step.role].append(target)
                    nodes.append(
                        f'<bpmn:exclusiveGateway id="{target}" default="{sid}_spin_back" />'
                    )
                    flows.append(_flow(f"{sid}_spin_back", target, gateway))
                flows.append(_flow(f"{sid}_return", gateway, target, condition))
            if step.reject:
                end = f"{sid}_rejected"
                target = nxt if fault == "reject_to_next" else end
                lanes["operator_desa"].append(end)
                nodes.append(f'<bpmn:endEvent id="{end}" name="Surat ditolak" />')
                flows.append(_flow(f"{sid}_reject", gateway, target, 'decision == "reject"'))
                if target != end:  # the unused end still needs a way in to be a valid document
                    flows.append(_flow(f"{sid}_to_rejected", gateway, end, 'decision == "x"'))
        lane_xml = "".join(
            f'<bpmn:lane id="lane_{role}" name="{role}">'
            + "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in refs)
            + "</bpmn:lane>"
            for role, refs in lanes.items()
            if refs
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
            'id="surat_desa_definitions" targetNamespace="https://layang.go.id/bpmn">'
            '<bpmn:process id="surat_desa" name="Surat desa" isExecutable="true">'
            f'<bpmn:laneSet id="lanes">{lane_xml}</bpmn:laneSet>'
            + "".join(nodes)
            + "".join(flows)
            + "</bpmn:process></bpmn:definitions>"
        )


def _flow(flow_id: str, source: str, target: str, condition: str | None = None) -> str:
    body = (
        f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}'
        "</bpmn:conditionExpression>"
        if condition
        else ""
    )
    return (
        f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">'
        f"{body}</bpmn:sequenceFlow>"
    )
