"""The residents' public API: online catalogue, requests, confirmation, tracking (no token)."""

from flask import request
from marshmallow import Schema, fields

from app.api import bp
from app.api.schemas import links
from app.domain.residents import STAGE_LABELS
from app.services.residents import requests as online
from app.services.residents import tracking


class TrackIn(Schema):
    code = fields.String(required=True, metadata={"description": "the tracking code"})
    nik4 = fields.String(required=True, metadata={"description": "the last 4 digits of the NIK"})


class StepOut(Schema):
    label = fields.String()
    at = fields.DateTime(allow_none=True)


class TrackOut(Schema):
    status = fields.Function(lambda t: t.stage.value, metadata={"description": "stage code"})
    label = fields.Function(lambda t: STAGE_LABELS[t.stage])
    letter_type = fields.String()
    steps = fields.List(fields.Nested(StepOut))
    download_url = fields.String(allow_none=True)
    fix_url = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


class LetterTypesIn(Schema):
    desa = fields.String(required=True, metadata={"description": "office code, e.g. DS-BGM"})


class OnlineLetterTypeOut(Schema):
    code = fields.String()
    name = fields.String()
    field_list = fields.List(fields.Dict(), attribute="fields", data_key="fields")
    requirements = fields.List(fields.Dict())


class CatalogueOut(Schema):
    desa = fields.Function(lambda c: {"code": c["desa"].code, "name": c["desa"].title})
    channels = fields.List(fields.String())
    items = fields.List(fields.Nested(OnlineLetterTypeOut))


class RequestOut(Schema):
    id = fields.String(attribute="public_id")
    status = fields.String()
    tracking_code = fields.Function(lambda r: r.tracking_code if r.confirmed_at else None)


class ConfirmIn(Schema):
    otp = fields.String(required=True)


@bp.get("/public/track")
@bp.doc(security=[])
@bp.arguments(TrackIn, location="query")
@bp.response(200, TrackOut)
def public_track(args):
    """Where a request stands, by tracking code and the last 4 NIK digits (public, rate-limited)."""
    return tracking.track(args["code"], args["nik4"], request.remote_addr)


@bp.get("/public/letter-types")
@bp.doc(security=[])
@bp.arguments(LetterTypesIn, location="query")
@bp.response(200, CatalogueOut)
def public_letter_types(args):
    """The letter types a desa's residents can ask for online, with fields and requirements."""
    desa = online.online_desa(args["desa"])
    return {
        "desa": desa,
        "channels": online.confirmation_choices(desa),
        "items": online.online_letter_types(),
    }


@bp.post("/public/requests")
@bp.doc(security=[], **links(201, "/id", "public_id", "post /public/requests/{public_id}/confirm"))
@bp.response(201, RequestOut)
def public_request_create():
    """Ask for a letter online (multipart form): `desa`, `type`, `applicant.nik`, `applicant.name`,
    `fields.<name>`, `channel` (whatsapp/telegram/email/pin), `address` or `pin`, `delivery`
    (download/pickup), and one file `files.<requirement code>` per requirement. With a PIN the
    answer carries the tracking code; otherwise a code is sent and the request awaits /confirm."""
    form = request.form
    sent = online.Submission(
        type_code=form.get("type", ""),
        applicant={"nik": form.get("applicant.nik", ""), "name": form.get("applicant.name", "")},
        fields={k[7:]: v for k, v in form.items() if k.startswith("fields.")},
        files={
            k[6:]: f.stream.read(5 * 1024 * 1024 + 1)
            for k, f in request.files.items()
            if k.startswith("files.")
        },
        contact=online.Contact(
            form.get("channel", ""), form.get("address", ""), form.get("pin", "")
        ),
        delivery=form.get("delivery", "download"),
        honeypot=form.get(online.HONEYPOT_FIELD, ""),
    )
    return online.submit_request(form.get("desa", ""), sent, request.remote_addr)


@bp.post("/public/requests/<public_id>/confirm")
@bp.doc(security=[])
@bp.arguments(ConfirmIn)
@bp.response(200, RequestOut)
def public_request_confirm(args, public_id: str):
    """Confirm a request with the one-time code; answers its tracking code."""
    return online.confirm_request(public_id, args["otp"], request.remote_addr)
