"""Route administration and letter types (admin_kabupaten): parse, call a service, respond."""

from flask import request

from app.api import bp, current_user
from app.api import route_admin_schemas as s
from app.bpmn import blocking
from app.domain.errors import InvalidInput
from app.security import bpmn_download
from app.services import letter_types, route_admin


@bp.get("/routes")
@bp.response(200, s.RouteList)
def list_routes():
    """Every route with the version new letters use."""
    return {"items": route_admin.list_routes(current_user())}


@bp.post("/routes")
@bp.doc(requestBody=s.BPMN_BODY)
@bp.response(201, s.ImportOut)
def import_route():
    """Upload a BPMN file as a new route; it is a draft (not deployable) until validation finds no
    error."""
    xml, comment, name, filename = _uploaded_bpmn()
    version = route_admin.import_route(
        current_user(), xml, filename=filename, name=name, comment=comment
    )
    return {"route": version.route, "version": version}


@bp.post("/routes/validate")
@bp.doc(requestBody=s.BPMN_BODY)
@bp.arguments(s.ValidateQuery, location="query")
@bp.response(200, s.ValidationOut)
def validate_route(args):
    """Every finding about a BPMN document, each tied to an element id; nothing is saved.

    The rules are those of saving and deploying it as the route `?route_id=` (default: the route
    its process id names), whose letter types' fields its conditions may read."""
    findings = route_admin.validate_document(
        current_user(), _uploaded_bpmn()[0], args.get("route_id")
    )
    return {"deployable": not blocking(findings), "findings": [f.as_dict() for f in findings]}


@bp.get("/routes/<int:route_id>")
@bp.response(200, s.RouteOut)
def get_route(route_id: int):
    """One route."""
    return route_admin.get_route(current_user(), route_id)


@bp.get("/routes/<int:route_id>/versions")
@bp.response(200, s.VersionList)
def list_versions(route_id: int):
    """The route's immutable versions, newest first, with their validation findings."""
    return {"items": route_admin.list_versions(current_user(), route_id)}


@bp.post("/routes/<int:route_id>/versions")
@bp.doc(requestBody=s.BPMN_BODY)
@bp.response(201, s.VersionOut)
def save_version(route_id: int):
    """Save a BPMN document as the route's next version (refused when unsafe or not BPMN 2.0)."""
    xml, comment, _name, _filename = _uploaded_bpmn()
    return route_admin.save_version(current_user(), route_id, xml, comment)


@bp.get("/routes/<int:route_id>/versions/<int:version_id>/bpmn")
@bp.response(200, {"type": "string"}, content_type="application/xml")
def version_bpmn(route_id: int, version_id: int):
    """The BPMN document of one version."""
    return bpmn_download(route_admin.get_version(current_user(), route_id, version_id))


@bp.post("/routes/<int:route_id>/deploy")
@bp.arguments(s.DeployIn)
@bp.response(200, s.DeploymentOut)
def deploy(body, route_id: int):
    """Make a version the one new letters start on; running letters finish on their own version."""
    return route_admin.deploy_version(current_user(), route_id, body["version_id"])


@bp.get("/routes/<int:route_id>/deployments")
@bp.response(200, s.DeploymentList)
def list_deployments(route_id: int):
    """Who deployed which version, and when; newest first."""
    return {"items": route_admin.list_deployments(current_user(), route_id)}


@bp.get("/routes/<int:route_id>/diff")
@bp.arguments(s.DiffQuery, location="query")
@bp.response(200, s.DiffOut)
def diff(args, route_id: int):
    """Elements added, removed and changed between two versions of the route."""
    return route_admin.diff_versions(current_user(), route_id, args["from_"], args["to"]).as_dict()


@bp.post("/routes/<int:route_id>/migrate")
@bp.arguments(s.MigrateIn)
@bp.response(200, s.MigrateOut)
def migrate(body, route_id: int):
    """Dry run: whether each running letter can move to the version; otherwise move the ones that
    can."""
    if body["dry_run"]:
        target, moves = route_admin.plan_migration(current_user(), route_id, body["version_id"])
    else:
        target, moves = route_admin.migrate_letters(
            current_user(), route_id, body["version_id"], request.remote_addr
        )
    return {"dry_run": body["dry_run"], "target_version": target, "items": moves}


@bp.post("/letter-types")
@bp.arguments(s.LetterTypeIn)
@bp.response(201, s.LetterTypeAdminOut)
def create_letter_type(body):
    """A new letter type: fields, template text with ${field} placeholders, classification code and
    route."""
    return letter_types.save_letter_type(current_user(), body)


@bp.get("/letter-types/<code>")
@bp.response(200, s.LetterTypeAdminOut)
def get_letter_type(code: str):
    """One letter type with its template (admin)."""
    return letter_types.get_letter_type(current_user(), code)


@bp.put("/letter-types/<code>")
@bp.arguments(s.LetterTypeIn)
@bp.response(200, s.LetterTypeAdminOut)
def update_letter_type(body, code: str):
    """Change a letter type; letters already made keep their data and route version."""
    return letter_types.save_letter_type(current_user(), body, code=code)


def _uploaded_bpmn() -> tuple[bytes, str, str | None, str | None]:
    """The BPMN document of a request: multipart `file`, JSON `bpmn_xml`, or the raw XML body."""
    upload = request.files.get("file")
    if upload is not None:
        return (
            upload.read(),
            request.form.get("comment", ""),
            request.form.get("name"),
            upload.filename,
        )
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("bpmn_xml"), str):
            raise InvalidInput("Kirim dokumen BPMN.", fields={"bpmn_xml": ["Wajib diisi."]})
        return (
            body["bpmn_xml"].encode("utf-8"),
            str(body.get("comment") or ""),
            body.get("name"),
            None,
        )
    return request.get_data(), request.args.get("comment", ""), request.args.get("name"), None
