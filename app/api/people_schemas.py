"""Shapes of the offices, officials and import API (SPEC: /offices, /users, /imports)."""

from marshmallow import Schema, fields

from app.api.schemas import RowId


class LetterheadOut(Schema):
    lines = fields.List(fields.String(), metadata={"description": "kop lines; empty: derived"})
    phone = fields.String()
    email = fields.String()
    website = fields.String()
    postal_code = fields.String()
    logo = fields.Boolean(metadata={"description": "true when a logo is set"})


class OfficeOut(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "kabupaten | kecamatan | desa | kelurahan"})
    name = fields.String()
    code = fields.String(metadata={"description": "office code printed in letter numbers"})
    parent_id = fields.Integer(allow_none=True)
    address = fields.String()
    letterhead = fields.Function(
        lambda o: {**(o.letterhead or {}), "logo": bool(o.logo)},
        metadata={"x-shape": "LetterheadOut"},
    )
    number_format = fields.String(
        allow_none=True, metadata={"description": "kabupaten only: the letter number template"}
    )


class OfficeList(Schema):
    items = fields.List(fields.Nested(OfficeOut))


class OfficeQuery(Schema):
    kind = fields.String()
    parent_id = RowId()


class OfficeIn(Schema):
    """The body of POST /offices and PATCH /offices/{id} (read by services/offices.py, which
    names each problem); documented so clients and the fuzzers send its shape."""

    kind = fields.String(metadata={"description": "kecamatan, desa or kelurahan"})
    name = fields.String()
    code = fields.String()
    parent_id = fields.Integer()
    address = fields.String()
    letterhead = fields.Dict()
    number_format = fields.String(metadata={"description": "the kabupaten's only"})


class OfficialIn(Schema):
    """The body of POST /users and PATCH /users/{id} (read by services/officials.py)."""

    username = fields.String()
    name = fields.String()
    role = fields.String()
    office_id = fields.Integer()
    nik = fields.String()
    nip = fields.String()
    email = fields.String()
    phone = fields.String()
    position = fields.String()
    reason = fields.String(metadata={"description": "why, on a mutasi"})


def json_body(schema) -> dict:
    """`bp.doc` for a JSON body the service reads itself (after the role gate)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


class OfficialOut(Schema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String(attribute="full_name")
    nik = fields.String(allow_none=True)
    nip = fields.String(allow_none=True)
    role = fields.String()
    office_id = fields.Integer()
    position = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    active = fields.Boolean()
    must_change_password = fields.Boolean()


class OfficialList(Schema):
    items = fields.List(fields.Nested(OfficialOut))


class OfficialQuery(Schema):
    office_id = RowId()
    q = fields.String()
    active = fields.Boolean()


class CredentialsOut(OfficialOut):
    """The official, plus the one-time initial password (officials.NewCredentials)."""

    initial_password = fields.String(
        attribute="password", metadata={"description": "shown once; changed at first sign-in"}
    )

    def get_attribute(self, obj, attr, default):
        return (
            obj.password if attr == "password" else super().get_attribute(obj.user, attr, default)
        )


class AssignmentOut(Schema):
    office_id = fields.Integer()
    role = fields.String()
    position = fields.String()
    started_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)
    reason = fields.String()


class AssignmentList(Schema):
    items = fields.List(fields.Nested(AssignmentOut))


class SpreadsheetErrorOut(Schema):
    sheet = fields.String()
    row = fields.Integer(metadata={"description": "spreadsheet row number; 1 is the header"})
    column = fields.String()
    message = fields.String(metadata={"description": "in Bahasa Indonesia"})


class SpreadsheetRowOut(Schema):
    sheet = fields.String()
    row = fields.Integer()
    key = fields.String(metadata={"description": "office code or username"})
    outcome = fields.String(metadata={"description": "created | updated | unchanged | error"})


class SpreadsheetCredentialOut(Schema):
    username = fields.Function(lambda c: c.user.username)
    initial_password = fields.String(attribute="password")


class SpreadsheetImportOut(Schema):
    dry_run = fields.Boolean()
    applied = fields.Boolean()
    created = fields.Function(lambda r: r.count("created"))
    updated = fields.Function(lambda r: r.count("updated"))
    unchanged = fields.Function(lambda r: r.count("unchanged"))
    errors = fields.List(fields.Nested(SpreadsheetErrorOut))
    rows = fields.List(fields.Nested(SpreadsheetRowOut))
    credentials = fields.List(
        fields.Nested(SpreadsheetCredentialOut),
        metadata={"description": "initial passwords of new officials, shown once (apply only)"},
    )


class SpreadsheetImportQuery(Schema):
    dry_run = fields.Boolean(load_default=False)
