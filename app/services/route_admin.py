"""Route administration for admin_kabupaten: import, validate, save versions, deploy, diff, and move
letters."""

import hashlib
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import engine
from app.bpmn import Finding, Level, RouteDiff, blocking, diff_routes, outline_of
from app.domain.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    RuleRefused,
    WorkflowError,
)
from app.domain.roles import Role
from app.domain.status import LetterStatus
from app.extensions import db
from app.models import (
    Letter,
    LetterType,
    Route,
    RouteDeployment,
    RouteVersion,
    Task,
    TaskState,
    User,
)
from app.models.base import utcnow
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event
from app.services.internal.process import apply_snapshot, route_of
from app.services.internal.scope import letter_scope, require_role

RUNNING = (LetterStatus.IN_PROGRESS, LetterStatus.RETURNED)


class RouteInvalid(RuleRefused):
    """The route document is refused; `fields["findings"]` lists every finding with its element
    id."""

    code = "route_invalid"


@dataclass
class LetterMove:
    """One running letter in a migration: whether it can move to the target version, and why not."""

    letter: Letter
    reasons: list[str] = field(default_factory=list)
    migrated: bool = False

    @property
    def can_migrate(self) -> bool:
        return not self.reasons


def require_admin(user: User) -> None:
    """Only the kabupaten's admins manage routes and letter types."""
    require_role(
        user,
        Role.ADMIN_KABUPATEN,
        "Hanya admin kabupaten yang dapat mengelola rute dan jenis surat.",
    )


def list_routes(user: User) -> list[Route]:
    """Every route of the kabupaten, by code."""
    require_admin(user)
    return list(db.session.scalars(select(Route).order_by(Route.code)))


def get_route(user: User, route_id: int) -> Route:
    """One route, or NotFound."""
    require_admin(user)
    route = db.session.get(Route, route_id)
    if route is None:
        raise NotFound("Rute tidak ditemukan.")
    return route


def list_versions(user: User, route_id: int) -> list[RouteVersion]:
    """The route's versions, newest first."""
    route = get_route(user, route_id)
    return list(
        db.session.scalars(
            select(RouteVersion)
            .where(RouteVersion.route_id == route.id)
            .order_by(RouteVersion.number.desc())
        )
    )


def get_version(user: User, route_id: int, version_id: int) -> RouteVersion:
    """One version of the route, or NotFound."""
    route = get_route(user, route_id)
    version = db.session.get(RouteVersion, version_id)
    if version is None or version.route_id != route.id:
        raise NotFound("Versi rute tidak ditemukan.")
    return version


def validate_document(user: User, bpmn_xml: bytes, route_id: int | None = None) -> list[Finding]:
    """Every finding about a route document, without saving anything: exactly what saving and
    deploying it as route `route_id` would find (without one, as the route its process id names,
    or as a new route)."""
    require_admin(user)
    route = get_route(user, route_id) if route_id is not None else _route_named_in(bpmn_xml)
    return route_findings(bpmn_xml, route)


def route_findings(bpmn_xml: bytes | str, route: Route | None) -> list[Finding]:
    """The one rule set a route document meets, for the check, saving, importing and deploying:
    its conditions may name `decision` and the fields of the route's letter types, nothing else."""
    return engine.validate(bpmn_xml, condition_fields(route))


def _route_named_in(bpmn_xml: bytes) -> Route | None:
    """The route whose code is the document's executable process id, if there is one."""
    try:
        doc = outline_of(bpmn_xml)
    except WorkflowError:  # unsafe or broken XML: validation reports it
        return None
    executable = [p for p, runs in doc.processes.items() if runs]
    if len(executable) != 1:
        return None
    return db.session.scalar(select(Route).where(Route.code == executable[0]))


def save_version(user: User, route_id: int, bpmn_xml: bytes, comment: str = "") -> RouteVersion:
    """Keep the document as the route's next version (a draft while it has errors); refuse unsafe
    documents."""
    route = get_route(user, route_id)
    text, findings = _checked(bpmn_xml, route)
    with committing():
        latest = db.session.scalar(
            select(RouteVersion)
            .where(RouteVersion.route_id == route.id)
            .order_by(RouteVersion.number.desc())
            .limit(1)
        )
        if latest is not None and latest.sha256 == _sha256(text):
            raise Conflict(f"Tidak ada perubahan dibanding versi {latest.number}.")
        version = _add_version(
            route, (latest.number if latest else 0) + 1, text, findings, user, comment
        )
    return version


def import_route(
    user: User,
    bpmn_xml: bytes,
    filename: str | None = None,
    name: str | None = None,
    comment: str = "",
) -> RouteVersion:
    """A new route from an uploaded BPMN file; its first version is a draft until it passes
    validation."""
    require_admin(user)
    text, findings = _checked(bpmn_xml, None)  # a new route: no letter type reads it yet
    doc = outline_of(text.encode())
    executable = [p for p, runs in doc.processes.items() if runs]
    process_id = executable[0] if len(executable) == 1 else next(iter(doc.processes), "")
    stem = re.sub(r"\.(bpmn|xml)$", "", filename or "", flags=re.I)
    code = _slug(process_id or stem or "rute_impor")
    label = (name or doc.process_names.get(process_id) or stem or code).strip()[:120]
    try:
        with committing():
            route = Route(code=_free_code(code), name=label)
            db.session.add(route)
            db.session.flush()
            version = _add_version(
                route, 1, text, findings, user, comment or f"Impor {filename or 'BPMN'}"
            )
    except IntegrityError:
        raise Conflict("Rute dengan kode yang sama baru saja dibuat. Coba lagi.") from None
    return version


def deploy_version(user: User, route_id: int, version_id: int) -> RouteDeployment:
    """Make the version the one new letters start on; letters already running stay on their own
    version."""
    version = get_version(user, route_id, version_id)
    problems = blocking(route_findings(version.bpmn_xml, version.route))
    if problems:
        raise RouteInvalid(
            f"Versi {version.number} belum dapat diterapkan: {problems[0].message}",
            fields={"findings": [f.as_dict() for f in problems]},
        )
    with committing():
        route = version.route
        if route.deployed_version_id == version.id:
            raise Conflict(f"Versi {version.number} sudah diterapkan.")
        deployment = RouteDeployment(
            route_id=route.id,
            version_id=version.id,
            previous_version_id=route.deployed_version_id,
            deployed_by_id=user.id,
            deployed_at=utcnow(),
        )
        route.deployed_version = version
        db.session.add(deployment)
    return deployment


def list_deployments(user: User, route_id: int) -> list[RouteDeployment]:
    """Who deployed which version of the route, and when; newest first."""
    route = get_route(user, route_id)
    return list(
        db.session.scalars(
            select(RouteDeployment)
            .where(RouteDeployment.route_id == route.id)
            .order_by(RouteDeployment.id.desc())
        )
    )


def diff_versions(user: User, route_id: int, old_id: int, new_id: int) -> RouteDiff:
    """Elements added, removed and changed from one version of the route to another."""
    old, new = get_version(user, route_id, old_id), get_version(user, route_id, new_id)
    return diff_routes(old.bpmn_xml.encode(), new.bpmn_xml.encode())


def plan_migration(
    user: User, route_id: int, version_id: int | None = None
) -> tuple[RouteVersion, list[LetterMove]]:
    """Dry run: each running letter of the route on another version, and whether it can move to the
    target."""
    target = _target_version(user, route_id, version_id)
    new = route_of(target)
    moves = []
    for letter in _running_letters(user, target):
        try:
            old = route_of(letter.route_version)
            reasons = engine.migration_blockers(
                old, letter.process_state, new
            ) + _signature_blockers(letter, old, new)
        except DomainError as err:
            reasons = [err.message]
        moves.append(LetterMove(letter, reasons))
    return target, moves


def migrate_letters(
    user: User, route_id: int, version_id: int | None = None, client_address: str | None = None
) -> tuple[RouteVersion, list[LetterMove]]:
    """Move every running letter that can move to the target version; each move is recorded in its
    history."""
    with committing():
        target, moves = plan_migration(user, route_id, version_id)
        new = route_of(target)
        for move in (m for m in moves if m.can_migrate):
            try:
                with db.session.begin_nested():  # one letter that fails leaves the others moving
                    _move(move.letter, target, new, user, client_address)
                move.migrated = True
            except DomainError as err:
                move.reasons.append(err.message)
    return target, moves


def _move(
    letter: Letter, target: RouteVersion, new: engine.Route, user: User, client_address: str | None
):
    source = letter.route_version
    snapshot = engine.migrate(route_of(source), letter.process_state, new)
    record_event(
        letter,
        "migrated",
        user,
        {  # opened before the change: the change belongs to it
            "route": target.route.code,
            "from_version_id": source.id,
            "from_version": source.number,
            "to_version_id": target.id,
            "to_version": target.number,
            "open_steps": [t.step for t in snapshot.ready_tasks],
        },
        client_address,
    )
    letter.route_version = target
    apply_snapshot(letter, snapshot)
    names = {t.engine_id: t.name for t in snapshot.ready_tasks}
    for task in db.session.scalars(
        select(Task).where(Task.letter_id == letter.id, Task.state == TaskState.OPEN)
    ):
        task.name = names.get(
            task.engine_id, task.name
        )  # a renamed step reads as in the new version


def _signature_blockers(letter: Letter, old: engine.Route, new: engine.Route) -> list[str]:
    """A signed PDF has one signature field per signing step: those may not change under it."""
    if not any(s.voided_at is None for s in letter.signatures):
        return []
    if [s.step for s in old.steps if s.signing] != [s.step for s in new.steps if s.signing]:
        return ["Surat sudah ditandatangani, sedangkan versi baru mengubah langkah tanda tangan."]
    return []


def _target_version(user: User, route_id: int, version_id: int | None) -> RouteVersion:
    version = (
        get_version(user, route_id, version_id)
        if version_id is not None
        else get_route(user, route_id).deployed_version
    )
    if version is None:
        raise RuleRefused("Rute ini belum punya versi yang diterapkan.")
    if not version.deployable:
        raise RouteInvalid(
            f"Versi {version.number} tidak sah; surat tidak dapat dipindahkan ke sana.",
            fields={"findings": version.findings},
        )
    return version


def _running_letters(user: User, target: RouteVersion) -> list[Letter]:
    return list(
        db.session.scalars(
            select(Letter)
            .join(RouteVersion, Letter.route_version_id == RouteVersion.id)
            .where(
                RouteVersion.route_id == target.route_id,
                Letter.route_version_id != target.id,
                Letter.status.in_([s.value for s in RUNNING]),
                letter_scope(user),
            )
            .order_by(Letter.id)
        )
    )


def condition_fields(route: Route | None) -> frozenset[str]:
    """The fields every letter type on the route declares: what its gateway conditions may read."""
    types = (
        db.session.scalars(select(LetterType).where(LetterType.route_id == route.id)).all()
        if route is not None
        else []
    )
    if not types:
        return frozenset()
    return frozenset.intersection(*(frozenset(f["name"] for f in t.fields) for t in types))


def _checked(bpmn_xml: bytes | str, route: Route | None) -> tuple[str, list[Finding]]:
    """The document as text and its findings; RouteInvalid when it cannot be kept at all."""
    if isinstance(bpmn_xml, str):
        bpmn_xml = bpmn_xml.encode("utf-8")
    if not bpmn_xml or not bpmn_xml.strip():
        raise InvalidInput("Berkas BPMN kosong.", fields={"file": ["Pilih berkas BPMN."]})
    try:
        text = bpmn_xml.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            "Berkas BPMN harus berkode UTF-8.", fields={"file": ["Bukan teks UTF-8."]}
        ) from None
    findings = route_findings(bpmn_xml, route)
    fatal = blocking(findings, Level.FATAL)
    if fatal:
        raise RouteInvalid(
            f"Berkas ditolak: {fatal[0].message}", fields={"findings": [f.as_dict() for f in fatal]}
        )
    return text, findings


def _add_version(
    route: Route, number: int, text: str, findings: list, user: User, comment: str
) -> RouteVersion:
    version = RouteVersion(
        route=route,
        number=number,
        bpmn_xml=text,
        sha256=_sha256(text),
        comment=(comment or "").strip()[:300],
        created_by_id=user.id,
        created_at=utcnow(),
        findings=[f.as_dict() for f in findings],
        deployable=not blocking(findings),
    )
    db.session.add(version)
    db.session.flush()
    return version


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _slug(value: str) -> str:
    return (re.sub(r"[^A-Za-z0-9_.-]+", "_", value).strip("_") or "rute_impor")[:52]


def _free_code(code: str) -> str:
    """The code, or the code with the first free numeric suffix when another route has it."""
    taken = set(
        db.session.scalars(
            select(Route.code).where(func.lower(Route.code).like(f"{code.lower()}%"))
        )
    )
    candidate, n = code, 1
    while candidate in taken:
        n += 1
        candidate = f"{code}-{n}"
    return candidate
