"""Offices and officials (admin_kabupaten; offices readable in scope): parse, call, respond."""

from flask import request

from app.api import bp, current_user
from app.api import people_schemas as s
from app.api.schemas import links
from app.services import offices, officials

_USER_CALLS = (
    "get /users/{user_id}",
    "patch /users/{user_id}",
    "get /users/{user_id}/assignments",
    "post /users/{user_id}/deactivate",
    "post /users/{user_id}/reset-password",
)


@bp.get("/offices")
@bp.arguments(s.OfficeQuery, location="query")
@bp.response(200, s.OfficeList)
def list_offices(args):
    """My scope's offices: the whole kabupaten, a kecamatan with its desa, or my desa."""
    return {"items": offices.list_offices(current_user(), args.get("kind"), args.get("parent_id"))}


@bp.post("/offices")
@bp.doc(**s.json_body(s.OfficeIn))
@bp.response(201, s.OfficeOut)
def create_office():
    """A new kecamatan, desa or kelurahan `{kind, name, code?, parent_id, address, letterhead}`."""
    return offices.create_office(current_user(), request.get_json(silent=True))


@bp.get("/offices/<int:office_id>")
@bp.response(200, s.OfficeOut)
def get_office(office_id: int):
    """One office in my scope."""
    return offices.get_office(current_user(), office_id)


@bp.patch("/offices/<int:office_id>")
@bp.doc(**s.json_body(s.OfficeIn))
@bp.response(200, s.OfficeOut)
def update_office(office_id: int):
    """Change name, code, address, letterhead, kind or (kabupaten) number_format."""
    return offices.update_office(current_user(), office_id, request.get_json(silent=True))


@bp.put("/offices/<int:office_id>/logo")
@bp.response(200, s.OfficeOut)
def put_logo(office_id: int):
    """Set the letterhead logo (multipart `file`, PNG or JPEG, at most 512 KB)."""
    upload = request.files.get("file")
    return offices.set_logo(current_user(), office_id, upload.read() if upload else b"")


@bp.get("/users")
@bp.doc(**links(200, "/items/0/id", "user_id", *_USER_CALLS))
@bp.arguments(s.OfficialQuery, location="query")
@bp.response(200, s.OfficialList)
def list_users(args):
    """The officials of my kabupaten."""
    return {"items": officials.list_users(current_user(), **args)}


@bp.post("/users")
@bp.doc(**links(201, "/id", "user_id", *_USER_CALLS), **s.json_body(s.OfficialIn))
@bp.response(201, s.CredentialsOut)
def create_user():
    """A new official; the answer carries a one-time initial password, changed at first sign-in."""
    return officials.create_user(current_user(), request.get_json(silent=True))


@bp.get("/users/<int:user_id>")
@bp.response(200, s.OfficialOut)
def get_user(user_id: int):
    """One official."""
    return officials.get_user(current_user(), user_id)


@bp.patch("/users/<int:user_id>")
@bp.doc(**s.json_body(s.OfficialIn))
@bp.response(200, s.OfficialOut)
def update_user(user_id: int):
    """Edit an official; a new office_id or role is a mutasi (tasks released, delegations end)."""
    return officials.update_user(
        current_user(), user_id, request.get_json(silent=True), request.remote_addr
    )


@bp.get("/users/<int:user_id>/assignments")
@bp.response(200, s.AssignmentList)
def user_assignments(user_id: int):
    """The official's posts over time (mutasi history)."""
    return {"items": officials.assignments(current_user(), user_id)}


@bp.post("/users/<int:user_id>/deactivate")
@bp.response(200, s.OfficialOut)
def deactivate_user(user_id: int):
    """Switch an official off: every session and token ends at once."""
    return officials.deactivate_user(current_user(), user_id, request.remote_addr)


@bp.post("/users/<int:user_id>/reset-password")
@bp.response(200, s.CredentialsOut)
def reset_password(user_id: int):
    """A new one-time password; sessions end; the official must change it at sign-in."""
    return officials.reset_password(current_user(), user_id)
