"""API for the kabupaten's cuti bersama days (admin kabupaten): not working days for service
levels."""

from marshmallow import Schema, fields, validate

from app.api import bp, current_user
from app.services import cuti_bersama


class CutiBersamaIn(Schema):
    day = fields.Date(required=True, metadata={"description": "the day, YYYY-MM-DD"})
    name = fields.String(
        load_default="",
        validate=validate.Length(max=120),
        metadata={"description": 'e.g. "Cuti bersama Natal"'},
    )


class CutiBersamaOut(Schema):
    id = fields.Integer()
    day = fields.Date()
    name = fields.String()


class CutiBersamaList(Schema):
    items = fields.List(fields.Nested(CutiBersamaOut))


@bp.get("/cuti-bersama")
@bp.response(200, CutiBersamaList)
def list_cuti_bersama():
    """The cuti bersama days of my kabupaten, in date order."""
    return {"items": cuti_bersama.list_days(current_user())}


@bp.post("/cuti-bersama")
@bp.arguments(CutiBersamaIn)
@bp.response(201, CutiBersamaOut)
def create_cuti_bersama(body):
    """Add a cuti bersama day to my kabupaten; service-level timers started from now skip it."""
    return cuti_bersama.add_day(current_user(), body["day"], body["name"])


@bp.delete("/cuti-bersama/<int:day_id>")
@bp.response(204)
def delete_cuti_bersama(day_id: int):
    """Remove a cuti bersama day of my kabupaten."""
    cuti_bersama.remove_day(current_user(), day_id)
