"""Replay: a letter's process rebuilt as it stood after any event of its history.

The state after event N is the fold of the state patches of events 1..N — what was really saved when
N ended (history.py) — checked against N's recorded state hash and the hash chain up to N. The
process snapshot and each signed PDF are kept by content hash (audit blobs); before the first
signature the PDF is the draft, rendered again from the data of that moment.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import cast

from sqlalchemy import select

import signing
from app import engine
from app.domain.errors import InvalidInput, NotFound
from app.domain.status import LetterStatus
from app.extensions import db
from app.models import Letter, LetterEvent, Office, RouteVersion, User
from app.services.integrity import check_chain
from app.services.internal.blobs import get_blob
from app.services.internal.documents import letter_content, marked_pdf


@dataclass(frozen=True)
class Replay:
    """The process as it stood after one event; plain data, ready to show or serialize."""

    letter_id: int
    event: LetterEvent
    events_total: int
    verified: bool  # chain intact up to the event and the rebuilt state matches its recorded hash
    problems: list[str]
    state: dict
    route_version: RouteVersion | None  # None: the letter's events predate route versions
    path: dict  # {"elements": {id: count}, "flows": {id: count}, "current": [ids]}
    element_names: dict  # BPMN element id -> name, for reading the path
    open_tasks: list[dict]
    signatures: list[dict]
    document: dict  # {"kind": "signed"|"draft", "sha256"?, "length"?}
    events: list  # the letter's whole history, for stepping through it

    @property
    def previous(self) -> int | None:
        return self.event.seq - 1 if self.event.seq > 1 else None

    @property
    def next(self) -> int | None:
        return self.event.seq + 1 if self.event.seq < self.events_total else None


def replay(letter: Letter, seq: int | None = None) -> Replay:
    """The letter (already checked to be in the reader's scope) as it stood after its event `seq`
    (default: last)."""
    events = list(
        db.session.scalars(
            select(LetterEvent).where(LetterEvent.letter_id == letter.id).order_by(LetterEvent.seq)
        )
    )
    if not events:
        raise NotFound("Surat ini belum memiliki riwayat.")
    seq = len(events) if seq is None else seq
    if not 1 <= seq <= len(events):
        raise InvalidInput(
            f"Peristiwa ke-{seq} tidak ada; surat ini memiliki {len(events)} peristiwa.",
            fields={"event": [f"Pilih 1 sampai {len(events)}."]},
        )
    problems, state = check_chain(events[:seq])
    version = db.session.get(RouteVersion, state.get("route_version_id"))
    process = process_state_at(state)
    return Replay(
        letter_id=letter.id,
        event=events[seq - 1],
        events_total=len(events),
        verified=not problems,
        problems=[p.describe() for p in problems],
        state=state,
        route_version=version,
        path=engine.path_taken(process, version.bpmn_xml) if version is not None else {},
        element_names=engine.element_names(version.bpmn_xml) if version is not None else {},
        open_tasks=_open_tasks(state.get("open_tasks") or []),
        signatures=state.get("signatures") or [],
        document=(
            {"kind": "signed", **state["document"]} if state.get("document") else {"kind": "draft"}
        ),
        events=events,
    )


def replay_pdf(letter: Letter, seq: int | None = None) -> tuple[Replay, bytes]:
    """The letter's PDF as it was after event `seq`: the signed file then, or the draft of that
    moment's data."""
    result = replay(letter, seq)
    if result.state.get("status") == LetterStatus.REJECTED:  # as downloads showed it then
        return result, draft_pdf(letter, result.state, result.event.at, signing.REJECTED_MARK)
    if result.document["kind"] == "signed":
        pdf = get_blob(result.document["sha256"])
        if pdf is None:
            raise NotFound("Berkas PDF pada saat itu tidak tersimpan.")
        return result, pdf
    return result, draft_pdf(letter, result.state, result.event.at)


def draft_pdf(letter: Letter, state: dict, at: datetime, mark: str = signing.DRAFT_MARK) -> bytes:
    """The unsigned letter rendered from a past state (its data, number and date then; today's
    template), marked as not a signed letter."""
    issued = datetime.fromisoformat(state["issued_at"]) if state.get("issued_at") else at
    then = SimpleNamespace(
        desa=letter.desa,
        letter_type=letter.letter_type,
        applicant_nik=state["applicant"]["nik"],
        applicant_name=state["applicant"]["name"],
        fields=state.get("fields") or {},
        number=state.get("number"),
        issued_at=issued,
        route_version=db.session.get(RouteVersion, state["route_version_id"]),
    )
    # letter_content reads only these attributes, so the past state stands in for the letter.
    return marked_pdf(letter_content(cast(Letter, then)), mark)


def process_state_at(state: dict) -> dict:
    """The engine snapshot a state points to (empty before the route started)."""
    process = state.get("process")
    if not process:
        return {}
    content = get_blob(process["sha256"])
    return json.loads(content) if content is not None else {}


def _open_tasks(tasks: list[dict]) -> list[dict]:
    """Open tasks of the state, with the office code and the claimer's username people read."""
    offices = _names(Office, Office.code, {t["office_id"] for t in tasks})
    users = _names(
        User, User.username, {t["claimed_by_id"] for t in tasks if t.get("claimed_by_id")}
    )
    return [
        {
            **t,
            "office": offices.get(t["office_id"]),
            "claimed_by": users.get(t.get("claimed_by_id")),
        }
        for t in tasks
    ]


def _names(model, column, ids: set) -> dict:
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).all())
