"""Audit API: a letter's history, its replay at any event (JSON and PDF), audit search and exports.
Read-only."""

from flask import Response, request, url_for

from app.api import audit_schemas as s
from app.api import bp, current_user
from app.services import audit_reader, audit_report
from app.services.audit_reader import Replay


@bp.get("/letters/<int:letter_id>/history")
@bp.response(200, s.HistoryOut)
def letter_history(letter_id: int):
    """The letter's ordered event log, with the result of checking its hash chain (the read is
    logged)."""
    history = audit_reader.letter_history(current_user(), letter_id, request.remote_addr)
    return {
        "letter_id": history.letter.id,
        "chain_intact": history.intact,
        "problems": history.problems,
        "events": [audit_reader.event_row(e, history) for e in history.events],
    }


@bp.get("/letters/<int:letter_id>/replay")
@bp.arguments(s.ReplayQuery, location="query")
@bp.response(200, s.ReplayFullOut)
def letter_replay(args, letter_id: int):
    """The process as it stood after event N: route version, path taken, open tasks, data,
    signatures, document."""
    result = audit_reader.letter_replay(
        current_user(), letter_id, args["event"], request.remote_addr
    )
    return replay_json(
        result, url_for("api.letter_replay_pdf", letter_id=letter_id, event=result.event.seq)
    )


@bp.get("/letters/<int:letter_id>/replay/pdf")
@bp.arguments(s.ReplayQuery, location="query")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/pdf")
def letter_replay_pdf(args, letter_id: int):
    """The letter's PDF as it was after event N: the signed file then, or the draft of that
    moment."""
    result, pdf = audit_reader.letter_replay_pdf(
        current_user(), letter_id, args["event"], request.remote_addr
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": (
                f'inline; filename="surat-{letter_id}-peristiwa-{result.event.seq}.pdf"'
            ),
            "X-Layang-Document-Kind": result.document["kind"],
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/audit/letters")
@bp.arguments(s.AuditSearchQuery, location="query")
@bp.response(200, s.AuditLetterPage)
def audit_search(args):
    """Auditors: letters in scope by number, NIK, name, office, type, status, signer and creation
    dates."""
    limit, cursor = args.pop("limit"), args.pop("cursor", None)
    return audit_reader.search_letters(
        current_user(), audit_reader.LetterSearch(**args), limit, cursor, request.remote_addr
    )


@bp.get("/audit/letters/<int:letter_id>/history.csv")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="text/csv")
def audit_export_csv(letter_id: int):
    """Auditors: the letter's history as CSV."""
    _history, body = audit_reader.export_history(
        current_user(), letter_id, "csv", request.remote_addr
    )
    return _download(body, "text/csv; charset=utf-8", f"riwayat-surat-{letter_id}.csv")


@bp.get("/audit/letters/<int:letter_id>/history.json")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/json")
def audit_export_json(letter_id: int):
    """Auditors: the letter's history as a JSON file."""
    _history, body = audit_reader.export_history(
        current_user(), letter_id, "json", request.remote_addr
    )
    return _download(body, "application/json", f"riwayat-surat-{letter_id}.json")


@bp.get("/audit/letters/<int:letter_id>/report.pdf")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/pdf")
def audit_export_pdf(letter_id: int):
    """Auditors: the history as a PDF report, sealed by the server's key when one is configured."""
    _history, body, sealed = audit_report.audit_report(
        current_user(), letter_id, request.remote_addr
    )
    response = _download(body, "application/pdf", f"laporan-audit-surat-{letter_id}.pdf")
    response.headers["X-Layang-Sealed"] = "yes" if sealed else "no"
    return response


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def replay_json(result: Replay, pdf_url: str) -> dict:
    """A replay as the API and the replay page's script read it."""
    state = result.state
    return {
        "letter_id": result.letter_id,
        "event": audit_reader.event_row(result.event),
        "events_total": result.events_total,
        "previous": result.previous,
        "next": result.next,
        "verified": result.verified,
        "problems": result.problems,
        "state_hash": result.event.state_hash,
        "route_version": result.route_version,
        "path": result.path,
        "status": state.get("status"),
        "number": state.get("number"),
        "issued_at": state.get("issued_at"),
        "applicant": state.get("applicant"),
        "fields": state.get("fields"),
        "open_tasks": result.open_tasks,
        "signatures": result.signatures,
        "document": {**result.document, "url": pdf_url},
    }
