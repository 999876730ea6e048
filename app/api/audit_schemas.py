"""Shapes of the audit API: histories, replays, audit search."""

from marshmallow import Schema, fields, validate

from app.api.schemas import LetterSummaryOut
from app.domain.status import LetterStatus


class EventOut(Schema):
    id = fields.Integer(attribute="event_id")
    seq = fields.Integer()
    kind = fields.String()
    label = fields.String()
    at = fields.String(attribute="at_utc", metadata={"description": "ISO 8601, UTC"})
    actor = fields.String(
        allow_none=True, metadata={"description": "username; null for the system"}
    )
    actor_name = fields.String(allow_none=True)
    role = fields.String(allow_none=True)
    office = fields.String(allow_none=True)
    client_address = fields.String(allow_none=True)
    data = fields.Dict(
        metadata={"description": "what happened, by kind (step, decision, reason, number, ...)"}
    )
    state_patch = fields.Dict(
        allow_none=True, metadata={"description": "the parts of the letter's state it changed"}
    )
    state_hash = fields.String(allow_none=True)
    prev_hash = fields.String(allow_none=True)
    hash = fields.String(allow_none=True)


class HistoryOut(Schema):
    letter_id = fields.Integer()
    chain_intact = fields.Boolean(
        metadata={"description": "every event matches its hash and links to the one before"}
    )
    problems = fields.List(fields.String())
    events = fields.List(fields.Nested(EventOut))


class ReplayQuery(Schema):
    event = fields.Integer(
        validate=validate.Range(min=1),
        load_default=None,
        metadata={"description": "the event's seq (1 = created); default the last"},
    )


class RouteVersionOut(Schema):
    id = fields.Integer()
    route = fields.Function(lambda v: v.route.code)
    number = fields.Integer()
    sha256 = fields.String()
    bpmn_xml = fields.String()


class ReplayTaskOut(Schema):
    id = fields.Integer()
    step = fields.String()
    name = fields.String()
    role = fields.String()
    office = fields.String()
    signing = fields.Boolean()
    claimed_by = fields.String(allow_none=True)
    due_at = fields.String(allow_none=True)


class ReplaySignatureOut(Schema):
    id = fields.Integer()
    step = fields.String()
    signer = fields.String(attribute="signer_name")
    position = fields.String(attribute="signer_position")
    role = fields.String()
    signed_at = fields.String()
    certificate_fingerprint = fields.String()


class PathOut(Schema):
    elements = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "BPMN element id -> times passed"},
    )
    flows = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "sequence flow id -> times taken"},
    )
    current = fields.List(
        fields.String(), metadata={"description": "elements where the process waits"}
    )


class ReplayOut(Schema):
    letter_id = fields.Integer()
    event = fields.Nested(EventOut)
    events_total = fields.Integer()
    previous = fields.Integer(allow_none=True)
    next = fields.Integer(allow_none=True)
    verified = fields.Boolean(
        metadata={"description": "chain intact up to this event, state equals its recorded hash"}
    )
    problems = fields.List(fields.String())
    state_hash = fields.String()
    route_version = fields.Nested(RouteVersionOut)
    path = fields.Nested(PathOut)
    status = fields.String()
    number = fields.String(allow_none=True)
    issued_at = fields.String(allow_none=True)
    applicant = fields.Dict()
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class ReplayFullOut(ReplayOut):
    open_tasks = fields.List(fields.Nested(ReplayTaskOut))
    signatures = fields.List(fields.Nested(ReplaySignatureOut))
    document = fields.Dict(metadata={"description": "{kind: signed|draft, sha256, length, url}"})


class AuditSearchQuery(Schema):
    number = fields.String()
    nik = fields.String()
    name = fields.String()
    office = fields.String(metadata={"description": "desa or kecamatan office code, e.g. DS-BGM"})
    type = fields.String(metadata={"description": "letter type code, e.g. SKTM"})
    status = fields.String(validate=validate.OneOf([s.value for s in LetterStatus]))
    signer = fields.String(metadata={"description": "username, or part of a signer's name"})
    date_from = fields.Date(
        data_key="from", metadata={"description": "created on or after (WIB), YYYY-MM-DD"}
    )
    date_to = fields.Date(
        data_key="to", metadata={"description": "created on or before (WIB), YYYY-MM-DD"}
    )
    limit = fields.Integer(validate=validate.Range(1, 100), load_default=20)
    cursor = fields.String()


class AuditLetterOut(LetterSummaryOut):
    issued_at = fields.DateTime(allow_none=True)
    signers = fields.Function(
        lambda letter: [
            {
                "name": s.signer_name,
                "role": s.role,
                "signed_at": s.signed_at.isoformat(),
                "voided": s.voided_at is not None,
            }
            for s in letter.signatures
        ]
    )


class AuditLetterPage(Schema):
    items = fields.List(fields.Nested(AuditLetterOut))
    next_cursor = fields.String(allow_none=True)
    total = fields.Integer()
