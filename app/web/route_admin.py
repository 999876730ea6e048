"""Route administration pages for admin_kabupaten: routes, versions, the modeler, diffs,
deployments, migration."""

from pathlib import Path

from flask import (
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.bpmn import blocking
from app.bpmn.diff import ATTRIBUTE_WORDS
from app.domain.errors import DomainError, InvalidInput
from app.domain.roles import ROLE_LABELS, TASK_ROLES, Role
from app.http_errors import domain_error_response
from app.models.base import is_row_id
from app.security import bpmn_download
from app.services import route_admin
from app.web import bp
from app.web.auth import admin_required

FRONTEND_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"


@bp.get("/static/frontend/<path:filename>")
def frontend_asset(filename: str):
    """The bundled modeler and viewer (frontend/dist, built by `make frontend`)."""
    return send_from_directory(FRONTEND_DIST, filename, max_age=3600)


@bp.get("/admin/routes")
@admin_required
def admin_routes():
    """Every route, its deployed version, and the BPMN import form."""
    items = [
        (route, route_admin.list_versions(current_user, route.id))
        for route in route_admin.list_routes(current_user)
    ]
    return render_template("web/admin/routes.html", items=items)


@bp.post("/admin/routes/import")
@admin_required
def admin_route_import():
    """A BPMN file from another modeler becomes a new route (a draft while it has findings)."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("Pilih berkas BPMN yang akan diimpor.")
    version = route_admin.import_route(
        current_user, upload.read(), filename=upload.filename, name=request.form.get("name") or None
    )
    if version.deployable:
        flash(f"Rute {version.route.code} diimpor dan sah; terapkan bila sudah siap.", "success")
    else:
        flash(
            f"Rute {version.route.code} diimpor sebagai draf dengan "
            f"{len(version.findings)} temuan; perbaiki di modeler sebelum diterapkan.",
            "info",
        )
    return redirect(url_for("web.admin_route", route_id=version.route_id))


@bp.get("/admin/routes/<int:route_id>")
@admin_required
def admin_route(route_id: int):
    """A route: its versions with findings, who deployed what and when, and the diff and migration
    forms."""
    route = route_admin.get_route(current_user, route_id)
    versions = route_admin.list_versions(current_user, route_id)
    return render_template(
        "web/admin/route.html",
        route=route,
        versions=versions,
        deployments=route_admin.list_deployments(current_user, route_id),
    )


@bp.post("/admin/routes/<int:route_id>/deploy")
@admin_required
def admin_route_deploy(route_id: int):
    """Make the chosen version the one new letters use."""
    deployment = route_admin.deploy_version(
        current_user, route_id, _int(request.form.get("version_id"))
    )
    flash(
        f"Versi {deployment.version.number} diterapkan: surat baru memakai versi ini; "
        "surat yang sedang berjalan tetap pada versinya sampai dipindahkan.",
        "success",
    )
    return redirect(url_for("web.admin_route", route_id=route_id))


@bp.get("/admin/routes/<int:route_id>/versions/<int:version_id>/edit")
@admin_required
def admin_modeler(route_id: int, version_id: int):
    """The modeler, opened on one version; saving makes a new version."""
    version = route_admin.get_version(current_user, route_id, version_id)
    config = {
        "xmlUrl": url_for("web.admin_version_bpmn", route_id=route_id, version_id=version_id),
        "saveUrl": url_for("web.admin_version_save", route_id=route_id),
        "validateUrl": url_for("web.admin_validate", route_id=route_id),
        "csrfToken": generate_csrf(),
        "roles": list(TASK_ROLES),
        "roleLabels": {role: ROLE_LABELS[Role(role)] for role in TASK_ROLES},
        "fields": sorted(route_admin.condition_fields(version.route)),  # what conditions may read
        "versionNumber": version.number,
        "filename": f"{version.route.code}-v{version.number}.bpmn",
        "initialFindings": version.findings,
    }
    return render_template(
        "web/admin/modeler.html",
        route=version.route,
        version=version,
        config=config,
        assets_built=(FRONTEND_DIST / "modeler.js").exists(),
    )


@bp.get("/admin/routes/<int:route_id>/versions/<int:version_id>/bpmn")
@admin_required
def admin_version_bpmn(route_id: int, version_id: int):
    """The BPMN document of a version, for the modeler and the diff viewers."""
    return bpmn_download(route_admin.get_version(current_user, route_id, version_id))


@bp.post("/admin/routes/<int:route_id>/versions")
@admin_required
def admin_version_save(route_id: int):
    """The modeler's save (JSON): a new version, or the findings that refused it."""

    def save(body):
        version = route_admin.save_version(
            current_user, route_id, _xml(body), str(body.get("comment") or "")
        )
        kind = (
            "dan dapat diterapkan"
            if version.deployable
            else "sebagai draf (belum dapat diterapkan)"
        )
        return {
            "id": version.id,
            "number": version.number,
            "deployable": version.deployable,
            "findings": version.findings,
            "message": f"Versi {version.number} tersimpan {kind}.",
            "route_url": url_for("web.admin_route", route_id=route_id),
        }

    return _json_answer(save)


@bp.post("/admin/routes/<int:route_id>/validate")
@admin_required
def admin_validate(route_id: int):
    """The modeler's server check (JSON): every finding saving and deploying would make on this
    route, nothing saved."""

    def check(body):
        findings = route_admin.validate_document(current_user, _xml(body), route_id)
        return {"deployable": not blocking(findings), "findings": [f.as_dict() for f in findings]}

    return _json_answer(check)


@bp.get("/admin/routes/<int:route_id>/diff")
@admin_required
def admin_route_diff(route_id: int):
    """Two versions side by side with added, removed and changed elements marked."""
    old_id, new_id = _int(request.args.get("from")), _int(request.args.get("to"))
    diff = route_admin.diff_versions(current_user, route_id, old_id, new_id)
    old, new = (
        route_admin.get_version(current_user, route_id, old_id),
        route_admin.get_version(current_user, route_id, new_id),
    )
    config = {
        "leftUrl": url_for("web.admin_version_bpmn", route_id=route_id, version_id=old_id),
        "rightUrl": url_for("web.admin_version_bpmn", route_id=route_id, version_id=new_id),
        "diff": diff.as_dict(),
    }
    return render_template(
        "web/admin/diff.html",
        route=old.route,
        old=old,
        new=new,
        diff=diff,
        attribute_words=ATTRIBUTE_WORDS,
        config=config,
        assets_built=(FRONTEND_DIST / "diff.js").exists(),
    )


@bp.route("/admin/routes/<int:route_id>/migrate", methods=["GET", "POST"])
@admin_required
def admin_route_migrate(route_id: int):
    """Dry run (GET) of moving running letters to a version; POST moves the ones that can."""
    version_id = request.values.get("version_id", type=int)
    if request.method == "POST":
        target, moves = route_admin.migrate_letters(
            current_user, route_id, version_id, request.remote_addr
        )
        moved = sum(m.migrated for m in moves)
        flash(
            f"{moved} surat dipindahkan ke versi {target.number}; "
            f"{len(moves) - moved} tetap pada versinya.",
            "success" if moved else "info",
        )
    else:
        target, moves = route_admin.plan_migration(current_user, route_id, version_id)
    return render_template(
        "web/admin/migrate.html",
        route=target.route,
        target=target,
        moves=moves,
        done=request.method == "POST",
    )


def _json_answer(action):
    """Run a modeler action on the JSON body; domain errors answer as JSON too (never a
    redirect)."""
    try:
        return jsonify(action(request.get_json(silent=True) or {}))
    except DomainError as error:
        return domain_error_response(error)  # the API's one JSON error format


def _xml(body: dict) -> bytes:
    if not isinstance(body.get("bpmn_xml"), str):
        raise InvalidInput("Dokumen BPMN tidak terkirim.")
    return body["bpmn_xml"].encode("utf-8")


def _int(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not is_row_id(number):
        raise InvalidInput("Pilih versi rute.")
    return number
