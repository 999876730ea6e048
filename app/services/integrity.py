"""Tamper evidence: check every hash chain, and close each finished day with a kabupaten-wide
digest."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import groupby

from sqlalchemy import select

from app.domain.dates import WIB
from app.domain.errors import InvalidInput
from app.domain.events import GENESIS, apply_patch, link_hash, sha256_hex, state_hash
from app.domain.roles import OfficeLevel
from app.extensions import db
from app.models import (
    AuditDigest,
    AuditRead,
    Letter,
    LetterEvent,
    Office,
    RequestEvent,
    ResidentRequest,
)
from app.models.base import utcnow
from app.services.internal.blobs import get_blob
from app.services.internal.database import committing
from app.services.internal.event_writer import chain_owner, event_content, iso, letter_state
from app.services.residents.history import request_state


@dataclass(frozen=True)
class Problem:
    """One thing that does not hold; `letter_id`/`seq`/`event_id` name the broken event when there
    is one."""

    message: str
    letter_id: int | None = None
    seq: int | None = None
    event_id: int | None = None
    request_id: int | None = None  # an online request's chain

    def describe(self) -> str:
        where = []
        if self.letter_id is not None:
            where.append(f"surat #{self.letter_id}")
        if self.request_id is not None:
            where.append(f"permohonan online #{self.request_id}")
        if self.seq is not None:
            where.append(f"peristiwa ke-{self.seq}")
        if self.event_id is not None:
            where.append(f"id peristiwa {self.event_id}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Report:
    """What `flask audit verify` checked, and what it found broken (the first is named)."""

    letters: int = 0
    events: int = 0
    requests: int = 0  # online requests, each with its own chain
    request_events: int = 0
    blobs: int = 0
    digests: int = 0
    reads: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_chain(events: Sequence[LetterEvent | RequestEvent]) -> tuple[list[Problem], dict]:
    """Check one chain's events (a letter's or an online request's), oldest first: numbering,
    links, hashes and states; answer problems and the state."""
    problems: list[Problem] = []
    state: dict = {}
    prev = GENESIS
    for position, event in enumerate(events, start=1):

        def broken(message: str, event: LetterEvent | RequestEvent = event) -> None:
            problems.append(
                Problem(message, seq=event.seq, event_id=event.id, **chain_owner(event))
            )

        if event.seq != position:
            broken(
                f"nomor urut {event.seq}, seharusnya {position} "
                "(ada peristiwa hilang atau disisipkan)"
            )
        if event.hash is None or event.state_hash is None:
            broken("peristiwa tanpa hash (dicatat sebelum jejak audit ada)")
            prev = GENESIS
            continue
        if event.prev_hash != prev:
            broken("tidak tersambung dengan peristiwa sebelumnya (prev_hash berbeda)")
        if link_hash(event_content(event), event.prev_hash or "") != event.hash:
            broken("isi peristiwa telah diubah (hash tidak cocok)")
        state = apply_patch(state, event.state_patch or {})
        if state_hash(state) != event.state_hash:
            broken("keadaan surat setelah peristiwa ini tidak cocok dengan hash keadaannya")
        prev = event.hash
    return problems, state


def verify_all(check_live: bool = True) -> Report:
    """Check every letter's chain, the blobs it points to, the live letters, the daily digests and
    the read log."""
    report = Report()
    blobs: set[str] = set()
    letter_ids = list(db.session.scalars(select(Letter.id).order_by(Letter.id)))
    events = db.session.scalars(
        select(LetterEvent)
        .order_by(LetterEvent.letter_id, LetterEvent.seq)
        .execution_options(yield_per=500)
    )
    by_letter = {
        letter_id: list(rows) for letter_id, rows in groupby(events, key=lambda e: e.letter_id)
    }
    for letter_id in letter_ids:
        chain = by_letter.get(letter_id, [])
        report.letters += 1
        report.events += len(chain)
        if not chain:
            report.problems.append(Problem("surat tanpa riwayat", letter_id))
            continue
        problems, state = check_chain(chain)
        report.problems += problems
        for event in chain:
            patch = event.state_patch or {}
            for part in ("document", "process"):
                if patch.get(part):
                    blobs.add(patch[part]["sha256"])
        if check_live and not problems and letter_state(letter_id) != state:
            last = chain[-1]
            report.problems.append(
                Problem(
                    "data surat di basis data berbeda dengan riwayatnya (diubah tanpa tercatat)",
                    letter_id,
                    last.seq,
                    last.id,
                )
            )
    _check_requests(report, by_letter, check_live)
    report.problems += _check_blobs(sorted(blobs))
    report.blobs = len(blobs)
    digest_problems, report.digests = _check_digests()
    read_problems, report.reads = _check_reads()
    report.problems += digest_problems + read_problems
    db.session.rollback()  # verification only reads
    return report


def _check_requests(report: Report, letter_events: dict, check_live: bool) -> None:
    """Check every online request's chain, its live row, and that a letter made from it names the
    chain's head it started from (the request's history is part of the letter's chain)."""
    request_rows = db.session.execute(
        select(ResidentRequest.id, ResidentRequest.letter_id).order_by(ResidentRequest.id)
    ).all()
    events = db.session.scalars(
        select(RequestEvent)
        .order_by(RequestEvent.request_id, RequestEvent.seq)
        .execution_options(yield_per=500)
    )
    by_request = {key: list(rows) for key, rows in groupby(events, key=lambda e: e.request_id)}
    for request_id, letter_id in request_rows:
        chain = by_request.get(request_id, [])
        report.requests += 1
        report.request_events += len(chain)
        if not chain:
            report.problems.append(Problem("permohonan tanpa riwayat", request_id=request_id))
            continue
        problems, state = check_chain(chain)
        report.problems += problems
        if problems:
            continue
        last = chain[-1]
        if check_live and request_state(request_id) != state:
            report.problems.append(
                Problem(
                    "data permohonan di basis data berbeda dengan riwayatnya "
                    "(diubah tanpa tercatat)",
                    seq=last.seq,
                    event_id=last.id,
                    request_id=request_id,
                )
            )
        letter_chain = letter_events.get(letter_id) if letter_id else None
        if not letter_chain:
            continue
        first = letter_chain[0]
        # letters started before requests had chains copied the history instead of a head
        head = first.data.get("online_request", {}).get("history_head")
        if head is not None and not any(
            e.seq == head["seq"] and e.hash == head["hash"] for e in chain
        ):
            report.problems.append(
                Problem(
                    "riwayat permohonan online tidak cocok dengan yang dicatat surat",
                    letter_id,
                    first.seq,
                    first.id,
                    request_id,
                )
            )


def _check_blobs(hashes: list[str]) -> list[Problem]:
    problems = []
    for sha256 in hashes:
        content = get_blob(sha256)
        if content is None:
            problems.append(Problem(f"berkas audit {sha256[:12]}… hilang"))
        elif sha256_hex(content) != sha256:
            problems.append(Problem(f"berkas audit {sha256[:12]}… telah diubah"))
    return problems


# Daily digests ---------------------------------------------------------------------------------


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of a WIB calendar day."""
    start = datetime.combine(day, time(0), tzinfo=WIB)
    return start, start + timedelta(days=1)


def _heads_by_day(rows) -> dict[date, tuple[list, int]]:
    """For each WIB day of `rows` (owner, seq, hash, at): the last event of each chain that moved
    that day, by owner id, and the day's count of events."""
    days: dict[date, dict[int, tuple[int, str]]] = defaultdict(dict)
    counts: dict[date, int] = defaultdict(int)
    for owner, seq, hash_, at in rows:
        day = at.astimezone(WIB).date()
        counts[day] += 1
        head = days[day].get(owner)
        if head is None or seq > head[0]:
            days[day][owner] = (seq, hash_)
    return {
        day: ([[owner, seq, h] for owner, (seq, h) in sorted(heads.items())], counts[day])
        for day, heads in days.items()
    }


def _letter_heads(kabupaten_id: int, start: datetime, end: datetime) -> dict:
    """The letter chains' heads of each day in [start, end)."""
    return _heads_by_day(
        db.session.execute(
            select(LetterEvent.letter_id, LetterEvent.seq, LetterEvent.hash, LetterEvent.at)
            .join(Letter, Letter.id == LetterEvent.letter_id)
            .where(
                Letter.kabupaten_id == kabupaten_id, LetterEvent.at >= start, LetterEvent.at < end
            )
        ).all()
    )


def _request_heads(kabupaten_id: int, start: datetime, end: datetime) -> dict:
    """The online request chains' heads of each day in [start, end) (requests to the kabupaten's
    desa)."""
    return _heads_by_day(
        db.session.execute(
            select(RequestEvent.request_id, RequestEvent.seq, RequestEvent.hash, RequestEvent.at)
            .join(ResidentRequest, ResidentRequest.id == RequestEvent.request_id)
            .join(Office, Office.id == ResidentRequest.desa_id)
            .where(
                Office.kabupaten_id == kabupaten_id,
                RequestEvent.at >= start,
                RequestEvent.at < end,
            )
        ).all()
    )


def digest_content(digest: AuditDigest) -> dict:
    content = {
        "kabupaten_id": digest.kabupaten_id,
        "day": digest.day.isoformat(),
        "heads": digest.heads,
        "events_count": digest.events_count,
    }
    if digest.requests is not None:  # absent from digests written before requests were anchored
        content["requests"] = digest.requests
    return content


def write_digests(until: date | None = None, now: datetime | None = None) -> list[AuditDigest]:
    """Close every finished WIB day up to `until` (default yesterday) that has events, per
    kabupaten, in day order: the heads of its letter chains and of its online request chains."""
    today = (now or utcnow()).astimezone(WIB).date()
    until = until or today - timedelta(days=1)
    if until >= today:
        raise InvalidInput(
            "Hari itu belum berakhir; digest hanya untuk hari yang sudah lewat.",
            fields={"day": ["Pilih hari sebelum hari ini."]},
        )
    written = []
    with committing():
        kabupaten_ids = db.session.scalars(
            select(Office.id).where(Office.level == OfficeLevel.KABUPATEN)
        ).all()
        for kabupaten_id in kabupaten_ids:
            last = db.session.scalar(
                select(AuditDigest)
                .where(AuditDigest.kabupaten_id == kabupaten_id)
                .order_by(AuditDigest.day.desc())
                .limit(1)
            )
            start = day_bounds(last.day)[1] if last else datetime(2000, 1, 1, tzinfo=WIB)
            end = day_bounds(until)[1]
            prev = last.hash if last else GENESIS
            letters = _letter_heads(kabupaten_id, start, end)
            requests = _request_heads(kabupaten_id, start, end)
            for day in sorted(set(letters) | set(requests)):
                heads, count = letters.get(day, ([], 0))
                request_heads, request_count = requests.get(day, ([], 0))
                digest = AuditDigest(
                    kabupaten_id=kabupaten_id,
                    day=day,
                    heads=heads,
                    events_count=count,
                    requests={"heads": request_heads, "events_count": request_count},
                    prev_hash=prev,
                    created_at=utcnow(),
                )
                digest.hash = prev = link_hash(digest_content(digest), prev)
                db.session.add(digest)
                written.append(digest)
    return written


def _check_digests() -> tuple[list[Problem], int]:
    problems, total = [], 0
    digests = db.session.scalars(
        select(AuditDigest).order_by(AuditDigest.kabupaten_id, AuditDigest.day)
    ).all()
    for kabupaten_id, rows in groupby(digests, key=lambda d: d.kabupaten_id):
        prev = GENESIS
        for digest in rows:
            total += 1
            name = f"digest {digest.day.isoformat()} (kabupaten {kabupaten_id})"
            if digest.prev_hash != prev:
                problems.append(Problem(f"{name} tidak tersambung dengan digest sebelumnya"))
            if link_hash(digest_content(digest), digest.prev_hash) != digest.hash:
                problems.append(Problem(f"{name} telah diubah (hash tidak cocok)"))
            start, end = day_bounds(digest.day)
            changed = f"peristiwa hari itu tidak cocok dengan {name}"
            heads, count = _letter_heads(kabupaten_id, start, end).get(digest.day, ([], 0))
            if heads != digest.heads or count != digest.events_count:
                letter_id, seq = _first_changed_head(digest.heads, heads)
                problems.append(Problem(changed, letter_id, seq))
            if digest.requests is not None:
                heads, count = _request_heads(kabupaten_id, start, end).get(digest.day, ([], 0))
                if heads != digest.requests["heads"] or count != digest.requests["events_count"]:
                    request_id, seq = _first_changed_head(digest.requests["heads"], heads)
                    problems.append(Problem(changed, seq=seq, request_id=request_id))
            prev = digest.hash
    return problems, total


def _first_changed_head(recorded: list, now: list) -> tuple[int | None, int | None]:
    """The first chain (owner id, seq as recorded) whose head differs; (None, None) when only the
    count does."""
    recorded_by_owner = {owner: (seq, h) for owner, seq, h in recorded}
    now_by_owner = {owner: (seq, h) for owner, seq, h in now}
    for owner in sorted(set(recorded_by_owner) | set(now_by_owner)):
        if recorded_by_owner.get(owner) != now_by_owner.get(owner):
            return owner, (recorded_by_owner.get(owner) or now_by_owner[owner])[0]
    return None, None


def latest_digest(kabupaten_id: int) -> AuditDigest | None:
    """The kabupaten's most recent daily digest (its hash anchors everything before it)."""
    return db.session.scalar(
        select(AuditDigest)
        .where(AuditDigest.kabupaten_id == kabupaten_id)
        .order_by(AuditDigest.day.desc())
        .limit(1)
    )


# The read log -----------------------------------------------------------------------------------


def read_content(read: AuditRead) -> dict:
    return {
        "user_id": read.user_id,
        "role": read.role,
        "office_id": read.office_id,
        "action": read.action,
        "letter_id": read.letter_id,
        "detail": read.detail,
        "client_address": read.client_address,
        "at": iso(read.at),
    }


def _check_reads() -> tuple[list[Problem], int]:
    problems, prev, total = [], GENESIS, 0
    for read in db.session.scalars(
        select(AuditRead).order_by(AuditRead.id).execution_options(yield_per=1000)
    ):
        total += 1
        if read.prev_hash != prev or link_hash(read_content(read), read.prev_hash) != read.hash:
            problems.append(Problem(f"catatan akses #{read.id} telah diubah atau dihapus sebagian"))
        prev = read.hash
    return problems, total
