"""API views for Plt delegations: a kades lets the sekdes sign in their place."""

from marshmallow import Schema, fields

from app.api import bp, current_user
from app.services import delegations


class DelegationIn(Schema):
    to = fields.String(
        required=True, metadata={"description": "username of the sekdes of my office"}
    )
    ends_at = fields.AwareDateTime(
        required=True, metadata={"description": "when the delegation ends (with zone)"}
    )
    form = fields.String(
        load_default="plt",
        metadata={"description": "plt (Plt.), an (atas nama) or ub (untuk beliau)"},
    )


class DelegationOut(Schema):
    id = fields.Integer()
    role = fields.String()
    form = fields.String()
    from_user = fields.Function(lambda d: d.from_user.username)
    to_user = fields.Function(lambda d: d.to_user.username)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    revoked_at = fields.DateTime(allow_none=True)


class DelegationList(Schema):
    items = fields.List(fields.Nested(DelegationOut))


@bp.post("/delegations")
@bp.arguments(DelegationIn)
@bp.response(201, DelegationOut)
def create_delegation(body):
    """Let my deputy (sekdes, sekcam) act in my role until `ends_at`, as Plt. or a.n. (`form`)."""
    return delegations.delegate(current_user(), body["to"], body["ends_at"], body["form"])


@bp.get("/delegations")
@bp.response(200, DelegationList)
def list_delegations():
    """Delegations I gave or received."""
    return {"items": delegations.list_delegations(current_user())}


@bp.post("/delegations/<int:delegation_id>/revoke")
@bp.response(200, DelegationOut)
def revoke_delegation(delegation_id: int):
    """End a delegation I gave, now."""
    return delegations.revoke_delegation(current_user(), delegation_id)
