"""The auditor's pages: search letters, read a letter's history, replay it step by step, export it.
Read-only."""

from datetime import date
from pathlib import Path

from flask import Response, abort, flash, render_template, request, send_from_directory, url_for
from flask_login import current_user, login_required

from app.domain.errors import InvalidInput
from app.domain.events import EVENT_LABELS
from app.domain.status import LetterStatus
from app.services import audit_reader, audit_report, letters
from app.web import bp
from app.web.auth import auditor_required

# bpmn-js's ready-made viewer from npm (frontend/node_modules, installed by `make frontend`).
# Without it the replay page shows the path as a list only: the diagram is an enhancement, never the
# only way to read it.
BPMN_JS_DIST = (
    Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "bpmn-js" / "dist"
)
VIEWER_SCRIPT = "bpmn-navigated-viewer.production.min.js"


@bp.get("/audit")
@auditor_required
def audit_search():
    """Search letters in my scope by number, NIK, name, office, type, status, signer and dates."""
    args = {
        k: (request.args.get(k) or "").strip() or None
        for k in ("number", "nik", "name", "office", "type", "status", "signer", "from", "to")
    }
    page = None
    if any(args.values()):
        try:
            criteria = audit_reader.LetterSearch(
                number=args["number"],
                nik=args["nik"],
                name=args["name"],
                office=args["office"],
                type=args["type"],
                status=args["status"],
                signer=args["signer"],
                date_from=_date(args["from"], "from"),
                date_to=_date(args["to"], "to"),
            )
            page = audit_reader.search_letters(
                current_user, criteria, 20, request.args.get("cursor"), request.remote_addr
            )
        except InvalidInput as error:
            flash(error.message, "error")
    return render_template(
        "web/audit/search.html",
        args=args,
        page=page,
        statuses=list(LetterStatus),
        letter_types=letters.list_letter_types(),
        next_args={k: v for k, v in args.items() if v},
    )


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            "Tanggal harus berformat TTTT-BB-HH.", fields={name: ["Tanggal tidak sah."]}
        ) from None


@bp.get("/audit/letters/<int:letter_id>")
@auditor_required
def audit_letter(letter_id: int):
    """A letter's whole history: who did what, when, from where; the chain check; exports; who read
    it."""
    history = audit_reader.letter_history(current_user, letter_id, request.remote_addr)
    rows = [audit_reader.event_row(e, history) for e in history.events]
    return render_template(
        "web/audit/letter.html",
        history=history,
        letter=history.letter,
        rows=rows,
        reads=audit_reader.reads_of(current_user, letter_id),
        event_labels=EVENT_LABELS,
    )


@bp.get("/audit/letters/<int:letter_id>/replay")
@auditor_required
def audit_replay(letter_id: int):
    """The process as it stood after one event, with steps back and forward through the history."""
    seq = request.args.get("event", type=int)
    result = audit_reader.letter_replay(current_user, letter_id, seq, request.remote_addr)
    viewer = (BPMN_JS_DIST / VIEWER_SCRIPT).is_file()
    return render_template(
        "web/audit/replay.html",
        r=result,
        letter=letters.get_letter(current_user, letter_id),
        row=audit_reader.event_row(result.event),
        event_labels=EVENT_LABELS,
        names=result.element_names,
        viewer=viewer,
        replay_config={
            "xml": result.route_version.bpmn_xml if result.route_version else "",
            "path": result.path,
        },
    )


@bp.get("/audit/letters/<int:letter_id>/replay/pdf")
@auditor_required
def audit_replay_pdf(letter_id: int):
    """The PDF as it was after the event."""
    result, pdf = audit_reader.letter_replay_pdf(
        current_user, letter_id, request.args.get("event", type=int), request.remote_addr
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": (
                f'inline; filename="surat-{letter_id}-peristiwa-{result.event.seq}.pdf"'
            ),
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/audit/letters/<int:letter_id>/export/<fmt>")
@auditor_required
def audit_export(letter_id: int, fmt: str):
    """Download the history as CSV, JSON or the (sealed) PDF report."""
    if fmt == "pdf":
        _history, body, _sealed = audit_report.audit_report(
            current_user, letter_id, request.remote_addr
        )
        mimetype, name = "application/pdf", f"laporan-audit-surat-{letter_id}.pdf"
    elif fmt in ("csv", "json"):
        _history, body = audit_reader.export_history(
            current_user, letter_id, fmt, request.remote_addr
        )
        mimetype, name = (
            ("text/csv; charset=utf-8" if fmt == "csv" else "application/json"),
            f"riwayat-surat-{letter_id}.{fmt}",
        )
    else:
        abort(404)
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/audit/assets/bpmn-js/<path:filename>")
@login_required
def audit_bpmn_asset(filename: str):
    """bpmn-js's viewer script and styles, straight from its npm package."""
    if not BPMN_JS_DIST.is_dir():
        abort(404)
    return send_from_directory(BPMN_JS_DIST, filename, max_age=3600)


def replay_url(letter_id: int, seq: int | None) -> str | None:
    """The replay page of another event, or None at either end of the history."""
    return url_for("web.audit_replay", letter_id=letter_id, event=seq) if seq else None


bp.add_app_template_global(replay_url, "replay_url")
