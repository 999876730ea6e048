"""Request and response shapes of the JSON API; also the source of /api/v1/openapi.json."""

from marshmallow import Schema, fields, validate

from app.domain.status import LetterStatus
from app.models.base import MAX_ID
from app.public_urls import verify_url


class RowId(fields.Integer):
    """An id sent in a query or body: beyond what an id column holds it is 400, not a database
    error (PostgreSQL refuses to compare an INTEGER column with a larger number)."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(1, MAX_ID), **kwargs)


class LoginIn(Schema):
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class PasswordIn(Schema):
    current_password = fields.String(required=True, load_only=True)
    new_password = fields.String(
        required=True, load_only=True, metadata={"description": "at least 10 characters"}
    )


class PasswordOut(Schema):
    token = fields.String(metadata={"description": "a new token; every older one has ended"})


class UserOut(Schema):
    username = fields.String()
    full_name = fields.String()
    role = fields.String()
    office = fields.Function(lambda user: user.office.code)


class LoginOut(Schema):
    token = fields.String()
    user = fields.Nested(UserOut)


class FieldSpecOut(Schema):
    name = fields.String()
    label = fields.String()
    type = fields.String()
    required = fields.Boolean()


class LetterTypeOut(Schema):
    code = fields.String()
    name = fields.String()
    classification = fields.String()
    route = fields.Function(lambda t: t.route.code)
    fields_ = fields.List(fields.Nested(FieldSpecOut), data_key="fields", attribute="fields")


class LetterTypeList(Schema):
    items = fields.List(fields.Nested(LetterTypeOut))


class LetterIn(Schema):
    type = fields.String(required=True)
    applicant = fields.Dict(required=True, metadata={"description": "nik (16 digits), name, ..."})
    fields_ = fields.Dict(
        load_default=dict,
        data_key="fields",
        attribute="fields",
        metadata={"description": "the letter type's fields by name"},
    )


class TaskOut(Schema):
    id = fields.Integer()
    letter_id = fields.Integer()
    name = fields.String()
    step = fields.String()
    role = fields.String()
    office = fields.Function(lambda task: task.office.code)
    signing = fields.Boolean()
    state = fields.String()
    created_at = fields.DateTime()
    due_at = fields.DateTime(allow_none=True)
    claimed_by = fields.Function(lambda task: task.claimed_by.username if task.claimed_by else None)


class TaskDetailOut(TaskOut):
    """One task with what the signed-in user may do with it (one rule, also behind the web form)."""

    decisions = fields.Function(
        lambda d: list(d.permissions.decisions),
        metadata={"description": "the decisions the route handles at this step; others are 422"},
    )
    can_act = fields.Function(lambda d: d.permissions.can_act)
    why_not = fields.Function(lambda d: d.permissions.why_not, allow_none=True)
    data_editable = fields.Function(
        lambda d: d.permissions.data_editable,
        metadata={"description": "whether `data` may be sent when completing"},
    )


class SignatureOut(Schema):
    step = fields.String()
    signer = fields.String(attribute="signer_name")
    position = fields.String(attribute="signer_position")
    role = fields.String()
    signed_at = fields.DateTime()
    certificate_fingerprint = fields.String()


class VoidedRevisionOut(Schema):
    id = fields.Integer()
    step = fields.String(attribute="signature.step")
    signer = fields.String(attribute="signature.signer_name")
    signed_at = fields.DateTime(attribute="signature.signed_at")
    voided_at = fields.DateTime(attribute="signature.voided_at")
    pdf_url = fields.Function(
        lambda r: f"/api/v1/letters/{r.letter_id}/revisions/{r.id}/pdf",
        metadata={"description": "the copy as signed, marked DIBATALKAN"},
    )


class LetterSummaryOut(Schema):
    id = fields.Integer()
    type = fields.Function(lambda letter: letter.letter_type.code)
    status = fields.String(validate=validate.OneOf([s.value for s in LetterStatus]))
    number = fields.String(allow_none=True)
    office = fields.Function(lambda letter: letter.desa.code)
    tracking_code = fields.String()
    applicant = fields.Function(
        lambda letter: {"nik": letter.applicant_nik, "name": letter.applicant_name}
    )
    created_at = fields.DateTime()


class LetterOut(LetterSummaryOut):
    issued_at = fields.DateTime(allow_none=True)
    open_tasks = fields.Method("_open_tasks")
    signatures = fields.Method("_signatures")
    verify_url = fields.Function(lambda letter: verify_url(letter.current_verify_code))
    fields_ = fields.Dict(data_key="fields", attribute="fields")
    voided_revisions = fields.List(
        fields.Nested(VoidedRevisionOut),
        metadata={"description": "signed copies whose signature was voided since"},
    )

    def _open_tasks(self, letter):
        return TaskOut(many=True).dump(letter.open_tasks)

    def _signatures(self, letter):
        return SignatureOut(many=True).dump([s for s in letter.signatures if s.voided_at is None])


class LetterPage(Schema):
    items = fields.List(fields.Nested(LetterSummaryOut))
    next_cursor = fields.String(allow_none=True)
    total = fields.Integer()


class LetterQuery(Schema):
    status = fields.String(validate=validate.OneOf([s.value for s in LetterStatus]))
    q = fields.String()
    limit = fields.Integer(validate=validate.Range(1, 100), load_default=20)
    cursor = fields.String()


class TaskQuery(Schema):
    limit = fields.Integer(validate=validate.Range(1, 100), load_default=20)
    cursor = fields.String()


class TaskPage(Schema):
    items = fields.List(fields.Nested(TaskOut))
    next_cursor = fields.String(allow_none=True)
    total = fields.Integer()


class CountOut(Schema):
    total = fields.Integer()


class CompleteIn(Schema):
    decision = fields.String(
        required=True, validate=validate.OneOf(["approve", "return", "reject"])
    )
    reason = fields.String(load_default=None, allow_none=True)
    passphrase = fields.String(
        load_default=None,
        allow_none=True,
        load_only=True,
        metadata={"description": "required on signing steps; never stored"},
    )
    data = fields.Dict(
        load_default=None,
        allow_none=True,
        metadata={"description": "corrected {applicant: {...}, fields: {...}} on desa steps"},
    )


class CorrectionIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
    data = fields.Dict(
        required=True, metadata={"description": "corrected {applicant: {...}, fields: {...}}"}
    )


class BulkSignIn(Schema):
    task_ids = fields.List(RowId(), required=True, validate=validate.Length(min=1, max=200))
    passphrase = fields.String(
        required=True, load_only=True, metadata={"description": "never stored"}
    )


class BulkResultOut(Schema):
    task_id = fields.Integer()
    ok = fields.Boolean()
    letter_id = fields.Integer(allow_none=True)
    number = fields.String(allow_none=True)
    error = fields.Dict(
        allow_none=True, metadata={"description": "{code, message} when ok is false"}
    )


class BulkSignOut(Schema):
    results = fields.List(fields.Nested(BulkResultOut))


class ErrorDetail(Schema):
    code = fields.String()
    message = fields.String()
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class ErrorOut(Schema):
    error = fields.Nested(ErrorDetail)


def configure_spec(api) -> None:
    """Describe bearer authentication in the OpenAPI document (after init_app)."""
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})


def links(status: int, pointer: str, parameter: str, *targets: str) -> dict:
    """OpenAPI links (for `bp.doc`): the value at `pointer` in the `status` answer is the
    `parameter` of each target ("post /tasks/{task_id}/complete"), so clients and schemathesis'
    stateful runs can follow what a call created."""
    found = {}
    for target in targets:
        method, path = target.split(" ", 1)
        reference = "#/paths/" + f"/api/v1{path}".replace("/", "~1") + f"/{method}"
        name = f"{method}_{path}".replace("/", "_").replace("{", "").replace("}", "")
        found[name] = {
            "operationRef": reference,
            "parameters": {parameter: f"$response.body#{pointer}"},
        }
    return {"responses": {status: {"links": found}}}  # the int key merges with bp.response


TASK_CALLS = (
    "get /tasks/{task_id}",
    "post /tasks/{task_id}/claim",
    "post /tasks/{task_id}/unclaim",
    "post /tasks/{task_id}/complete",
)
LETTER_CALLS = (
    "get /letters/{letter_id}",
    "get /letters/{letter_id}/pdf",
    "get /letters/{letter_id}/history",
    "post /letters/{letter_id}/corrections",
)
