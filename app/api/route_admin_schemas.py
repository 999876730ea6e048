"""Shapes of the route administration and letter type API (admin_kabupaten)."""

from marshmallow import Schema, fields, validate

from app.api.schemas import RowId
from app.domain.letter_fields import FIELD_TYPES


class FindingOut(Schema):
    element_id = fields.String(
        allow_none=True, metadata={"description": "BPMN element id; null: the document"}
    )
    message = fields.String(metadata={"description": "in Bahasa Indonesia, names the element"})
    rule = fields.String(
        metadata={"description": "stable rule code, e.g. lane_role, sign_way_back"}
    )
    level = fields.String(
        validate=validate.OneOf(["fatal", "error", "warning"]),
        metadata={"description": "fatal: refused; error: draft only, not deployable"},
    )


class ValidateQuery(Schema):
    route_id = RowId(
        metadata={"description": "check as this route (default: the route named by the process id)"}
    )


class ValidationOut(Schema):
    deployable = fields.Boolean()
    findings = fields.List(fields.Nested(FindingOut))


class VersionRef(Schema):
    id = fields.Integer()
    number = fields.Integer()


class VersionOut(Schema):
    id = fields.Integer()
    route_id = fields.Integer()
    number = fields.Integer()
    sha256 = fields.String()
    comment = fields.String()
    created_by = fields.Function(
        lambda v: v.created_by.username if v.created_by else None, allow_none=True
    )
    created_at = fields.DateTime()
    deployable = fields.Boolean()
    deployed = fields.Function(lambda v: v.route.deployed_version_id == v.id)
    findings = fields.List(fields.Nested(FindingOut))


class RouteOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    deployed_version = fields.Nested(VersionRef, allow_none=True)


class RouteList(Schema):
    items = fields.List(fields.Nested(RouteOut))


class VersionList(Schema):
    items = fields.List(fields.Nested(VersionOut))


class ImportOut(Schema):
    route = fields.Nested(RouteOut)
    version = fields.Nested(VersionOut)


class DeployIn(Schema):
    version_id = RowId(required=True)


class DeploymentOut(Schema):
    id = fields.Integer()
    version = fields.Nested(VersionRef)
    previous_version = fields.Nested(VersionRef, allow_none=True)
    deployed_by = fields.Function(lambda d: d.deployed_by.username)
    deployed_at = fields.DateTime()


class DeploymentList(Schema):
    items = fields.List(fields.Nested(DeploymentOut))


class DiffQuery(Schema):
    from_ = RowId(required=True, data_key="from", metadata={"description": "older version id"})
    to = RowId(required=True, metadata={"description": "newer version id"})


class DiffOut(Schema):
    added = fields.List(fields.String())
    removed = fields.List(fields.String())
    changed = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "element id -> attributes that differ"},
    )


class MigrateIn(Schema):
    dry_run = fields.Boolean(load_default=True)
    version_id = RowId(
        load_default=None,
        allow_none=True,
        metadata={"description": "target version; default: the deployed one"},
    )


class LetterMoveOut(Schema):
    letter_id = fields.Function(lambda m: m.letter.id)
    status = fields.Function(lambda m: m.letter.status)
    from_version = fields.Function(
        lambda m: {"id": m.letter.route_version.id, "number": m.letter.route_version.number}
    )
    can_migrate = fields.Boolean()
    migrated = fields.Boolean()
    reasons = fields.List(fields.String())


class MigrateOut(Schema):
    dry_run = fields.Boolean()
    target_version = fields.Nested(VersionRef)
    items = fields.List(fields.Nested(LetterMoveOut))


class FieldSpecIn(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    type = fields.String(load_default="text", validate=validate.OneOf(FIELD_TYPES))
    required = fields.Boolean(load_default=True)


class TemplateIn(Schema):
    opening = fields.String(load_default="")
    closing = fields.String(required=True)


class LetterTypeIn(Schema):
    code = fields.String(load_default=None, metadata={"description": "only when creating"})
    name = fields.String(required=True)
    classification = fields.String(required=True)
    route = fields.String(required=True, metadata={"description": "route code"})
    template = fields.Nested(TemplateIn, required=True)
    fields_ = fields.List(
        fields.Nested(FieldSpecIn), required=True, data_key="fields", attribute="fields"
    )


class LetterTypeAdminOut(Schema):
    code = fields.String()
    name = fields.String()
    classification = fields.String()
    route = fields.Function(lambda t: t.route.code)
    template = fields.Dict()
    fields_ = fields.List(fields.Dict(), data_key="fields", attribute="fields")


BPMN_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "comment": {"type": "string"},
                    "name": {"type": "string"},
                },
            }
        },
        "application/xml": {"schema": {"type": "string", "description": "the BPMN 2.0 document"}},
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"bpmn_xml": {"type": "string"}, "comment": {"type": "string"}},
            }
        },
    }
}
