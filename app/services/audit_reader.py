"""The auditor's work: read a letter's history and replays (every read logged), search letters,
export histories.

Reads of audit data are logged in their own hash-chained table (audit_reads), not as events of the
letter: a read changes nothing about the letter, so it must not move the letter's chain, its daily
digest or what a replay shows.
"""

import csv
import io
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, func, or_, select, text

from app.domain.dates import WIB
from app.domain.errors import InvalidInput
from app.domain.events import EVENT_LABELS, GENESIS, link_hash, plain_json
from app.domain.roles import Role
from app.domain.status import LetterStatus
from app.extensions import db
from app.models import AuditRead, Letter, LetterEvent, LetterType, Office, Signature, User
from app.models.base import utcnow
from app.services.integrity import check_chain, latest_digest, read_content
from app.services.internal import replay as replays
from app.services.internal.database import committing
from app.services.internal.pagination import Page, page_of
from app.services.internal.replay import Replay
from app.services.internal.scope import letter_scope, require_role
from app.services.letters import get_letter


@contextmanager
def logged_read():
    """One transaction for a read and its log entry; what was read stays loaded after the commit."""
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        with committing():
            yield session
    finally:
        session.expire_on_commit = keep


def record_read(
    user: User,
    action: str,
    letter: Letter | None = None,
    detail: dict | None = None,
    client_address: str | None = None,
) -> AuditRead:
    """Log one read of audit data, chained to the previous read (in the caller's transaction)."""
    if db.session.get_bind().dialect.name == "postgresql":  # one writer of the read chain at a time
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('layang.audit_reads'))"))
    prev = (
        db.session.scalar(select(AuditRead.hash).order_by(AuditRead.id.desc()).limit(1)) or GENESIS
    )
    read = AuditRead(
        user_id=user.id,
        role=user.role,
        office_id=user.office_id,
        action=action,
        letter_id=letter.id if letter is not None else None,
        detail=plain_json(detail or {}),
        client_address=client_address,
        at=utcnow(),
        prev_hash=prev,
    )
    read.hash = link_hash(read_content(read), prev)
    db.session.add(read)
    return read


@dataclass(frozen=True)
class History:
    """A letter's ordered event log, whether its chain holds, and who is named in it."""

    letter: Letter
    events: list[LetterEvent]
    intact: bool
    problems: list[str]
    users: dict  # id -> User
    offices: dict  # id -> Office code


def letter_history(
    user: User, letter_id: int, client_address: str | None = None, action: str = "history"
) -> History:
    """The ordered event log of a letter in my scope, checked; my reading it is logged."""
    with logged_read():
        letter = get_letter(user, letter_id)
        events = list(
            db.session.scalars(
                select(LetterEvent)
                .where(LetterEvent.letter_id == letter.id)
                .order_by(LetterEvent.seq)
            )
        )
        problems, _state = check_chain(events)
        record_read(user, action, letter, {"events": len(events)}, client_address)
        history = History(
            letter,
            events,
            not problems,
            [p.describe() for p in problems],
            _by_id(User, {e.actor_id for e in events}),
            _office_codes({e.office_id for e in events}),
        )
    return history


def letter_replay(
    user: User, letter_id: int, seq: int | None = None, client_address: str | None = None
) -> Replay:
    """The process of a letter in my scope as it stood after event `seq`; the read is logged."""
    with logged_read():
        letter = get_letter(user, letter_id)
        result = replays.replay(letter, seq)
        record_read(user, "replay", letter, {"event": result.event.seq}, client_address)
    return result


def letter_replay_pdf(
    user: User, letter_id: int, seq: int | None = None, client_address: str | None = None
) -> tuple[Replay, bytes]:
    """A letter in my scope as it stood after event `seq`, with its PDF then; the read is logged."""
    with logged_read():
        letter = get_letter(user, letter_id)
        result, pdf = replays.replay_pdf(letter, seq)
        record_read(user, "replay_pdf", letter, {"event": result.event.seq}, client_address)
    return result, pdf


def reads_of(user: User, letter_id: int, limit: int = 50) -> list[AuditRead]:
    """Who read this letter's audit data, newest first (auditors only)."""
    require_auditor(user)
    letter = get_letter(user, letter_id)
    return list(
        db.session.scalars(
            select(AuditRead)
            .where(AuditRead.letter_id == letter.id)
            .order_by(AuditRead.id.desc())
            .limit(limit)
        )
    )


def require_auditor(user: User) -> None:
    """Audit search and exports are the Inspektorat's."""
    require_role(user, Role.AUDITOR, "Hanya auditor yang dapat melakukan ini.")


# Search -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterSearch:
    """An auditor's search: every criterion optional; dates are WIB calendar days of the letter's
    creation."""

    number: str | None = None
    nik: str | None = None
    name: str | None = None
    office: str | None = None  # a desa or kecamatan office code
    type: str | None = None  # letter type code
    status: str | None = None
    signer: str | None = None  # username or part of the signer's name
    date_from: date | None = None
    date_to: date | None = None

    def as_detail(self) -> dict:
        return {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items() if v
        }


def search_letters(
    user: User,
    criteria: LetterSearch,
    limit: int | None = 20,
    cursor: str | None = None,
    client_address: str | None = None,
) -> Page:
    """Letters in my scope matching every given criterion, newest first; the search is logged."""
    require_auditor(user)
    query = select(Letter).where(letter_scope(user))
    c = criteria
    if c.number:
        query = query.where(
            func.lower(Letter.number).like(f"%{_like(c.number.lower())}%", escape="\\")
        )
    if c.nik:
        query = query.where(Letter.applicant_nik.like(f"{_like(c.nik.strip())}%", escape="\\"))
    if c.name:
        query = query.where(
            func.lower(Letter.applicant_name).like(f"%{_like(c.name.lower())}%", escape="\\")
        )
    if c.office:
        office = db.session.scalar(select(Office).where(Office.code == c.office.strip().upper()))
        if office is None:
            raise InvalidInput(
                "Kantor tidak dikenal.", fields={"office": ["Kode kantor tidak dikenal."]}
            )
        query = query.where(
            or_(
                Letter.desa_id == office.id,
                Letter.kecamatan_id == office.id,
                Letter.kabupaten_id == office.id,
            )
        )
    if c.type:
        query = query.where(
            Letter.letter_type_id
            == select(LetterType.id)
            .where(LetterType.code == c.type.strip().upper())
            .scalar_subquery()
        )
    if c.status:
        if c.status not in LetterStatus._value2member_map_:
            raise InvalidInput(
                "Status tidak dikenal.", fields={"status": ["Status tidak dikenal."]}
            )
        query = query.where(Letter.status == c.status)
    if c.signer:
        pattern = f"%{_like(c.signer.strip().lower())}%"
        query = query.where(
            exists().where(
                Signature.letter_id == Letter.id,
                Signature.signer_id == User.id,
                or_(
                    func.lower(User.username) == c.signer.strip().lower(),
                    func.lower(Signature.signer_name).like(pattern, escape="\\"),
                ),
            )
        )
    if c.date_from:
        query = query.where(Letter.created_at >= datetime.combine(c.date_from, time(0), tzinfo=WIB))
    if c.date_to:
        query = query.where(
            Letter.created_at < datetime.combine(c.date_to + timedelta(days=1), time(0), tzinfo=WIB)
        )
    with logged_read():
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        page = page_of(query, Letter.id, limit, cursor, total=total)
        record_read(user, "search", None, {**criteria.as_detail(), "found": total}, client_address)
    return page


def _like(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Exports ----------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "seq",
    "event_id",
    "at_utc",
    "at_wib",
    "kind",
    "label",
    "actor",
    "actor_name",
    "role",
    "office",
    "client_address",
    "step",
    "decision",
    "reason",
    "data",
    "state_changes",
    "state_hash",
    "prev_hash",
    "hash",
]


def event_row(event: LetterEvent, history: History | None = None) -> dict:
    """One event as the API and the exports write it."""
    users = history.users if history else _by_id(User, {event.actor_id})
    offices = history.offices if history else _office_codes({event.office_id})
    actor = users.get(event.actor_id)
    data = event.data or {}
    return {
        "seq": event.seq,
        "event_id": event.id,
        "at_utc": event.at.isoformat(),
        "at_wib": event.at.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S"),
        "kind": event.kind,
        "label": EVENT_LABELS.get(event.kind, event.kind),
        "actor": actor.username if actor else None,
        "actor_name": actor.full_name if actor else None,
        "role": event.role,
        "office": offices.get(event.office_id),
        "client_address": event.client_address,
        "step": data.get("step"),
        "decision": data.get("decision"),
        "reason": data.get("reason"),
        "data": data,
        "state_changes": sorted((event.state_patch or {}).keys()),
        "state_patch": event.state_patch,
        "state_hash": event.state_hash,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def export_history(
    user: User, letter_id: int, fmt: str, client_address: str | None = None
) -> tuple[History, bytes]:
    """A letter's history as CSV or JSON (auditors only); the export is logged."""
    require_auditor(user)
    if fmt not in ("csv", "json"):
        raise InvalidInput("Format tidak dikenal.", fields={"format": ["Pilih csv atau json."]})
    history = letter_history(user, letter_id, client_address, action=f"export_{fmt}")
    rows = [event_row(e, history) for e in history.events]
    if fmt == "json":
        return history, json.dumps(
            {
                "letter": letter_summary(history.letter),
                "chain_intact": history.intact,
                "problems": history.problems,
                "events": rows,
            },
            ensure_ascii=False,
            indent=2,
        ).encode("utf-8")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        cells = {
            **row,
            "data": json.dumps(row["data"], ensure_ascii=False, sort_keys=True),
            "state_changes": " ".join(row["state_changes"]),
        }
        writer.writerow({key: spreadsheet_safe(value) for key, value in cells.items()})
    return history, out.getvalue().encode("utf-8")


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet shows as text: a leading = + - @ would start a formula (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def letter_summary(letter: Letter) -> dict:
    """The letter as an audit export heads it."""
    digest = latest_digest(letter.kabupaten_id)
    return {
        "id": letter.id,
        "type": letter.letter_type.code,
        "number": letter.number,
        "status": letter.status,
        "office": letter.desa.code,
        "applicant": {"nik": letter.applicant_nik, "name": letter.applicant_name},
        "created_at": letter.created_at.isoformat(),
        "issued_at": letter.issued_at.isoformat() if letter.issued_at else None,
        "route_version_id": letter.route_version_id,
        "latest_daily_digest": {"day": digest.day.isoformat(), "hash": digest.hash}
        if digest
        else None,
    }


def _by_id(model, ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    return (
        {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}
        if ids
        else {}
    )


def _office_codes(ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(Office.id, Office.code).where(Office.id.in_(ids))).all())
