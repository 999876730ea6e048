"""API views for my in-app notifications (the bell): list, count unread, mark as read."""

from marshmallow import Schema, fields, validate

from app.api import bp, current_user
from app.services import notifications


class NotificationQuery(Schema):
    unread = fields.Boolean(load_default=False, metadata={"description": "1: only unread ones"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String()


class NotificationOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    text = fields.String()
    link = fields.String(metadata={"description": "path of the page in Layang (deep link)"})
    letter_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class NotificationPage(Schema):
    items = fields.List(fields.Nested(NotificationOut))
    next_cursor = fields.String(allow_none=True)
    total = fields.Integer()


@bp.get("/notifications")
@bp.arguments(NotificationQuery, location="query")
@bp.response(200, NotificationPage)
def list_notifications(args):
    """My notifications, newest first; `unread=1` lists only the unread ones."""
    return notifications.list_notifications(
        current_user(), args["unread"], args["limit"], args.get("cursor")
    )


@bp.post("/notifications/<int:notification_id>/read")
@bp.response(200, NotificationOut)
def read_notification(notification_id: int):
    """Mark one of my notifications as read."""
    return notifications.mark_read(current_user(), notification_id)
