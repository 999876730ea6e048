"""Acting for an absent signer: a kades or camat lets their deputy sign as Plt., a.n. or u.b."""

from datetime import datetime, timedelta

from sqlalchemy import select

from app.domain.acting import ActingForm
from app.domain.errors import InvalidInput, NotAllowed, NotFound
from app.domain.roles import DELEGABLE, Role, role_label
from app.extensions import db
from app.models import Delegation, User
from app.models.base import utcnow
from app.services.internal.database import committing

# A Plt stands in for an absence (leave, illness, vacancy), reviewed at least every three months.
MAX_DELEGATION = timedelta(days=90)


def acting_roles(user: User, now: datetime | None = None) -> set[str]:
    """The roles the user acts in now: their own, plus any delegated to them in their office."""
    now = now or utcnow()
    delegated = db.session.scalars(
        select(Delegation.role).where(
            Delegation.to_user_id == user.id,
            Delegation.revoked_at.is_(None),
            Delegation.starts_at <= now,
            Delegation.ends_at > now,
        )
    )
    return {user.role, *delegated}


def acting_form(user: User, role: str, now: datetime | None = None) -> str:
    """How the user signs in a role delegated to them: plt, an or ub (domain.acting)."""
    now = now or utcnow()
    form = db.session.scalar(
        select(Delegation.form)
        .where(
            Delegation.to_user_id == user.id,
            Delegation.role == role,
            Delegation.revoked_at.is_(None),
            Delegation.starts_at <= now,
            Delegation.ends_at > now,
        )
        .order_by(Delegation.id.desc())
    )
    return form or ActingForm.PLT


def delegate(
    actor: User, to_username: str, ends_at: datetime, form: str = ActingForm.PLT
) -> Delegation:
    """Let my deputy act in my role until `ends_at`, as Plt. or a.n.; or another official of my
    office, as u.b."""
    if actor.role not in DELEGABLE:
        raise NotAllowed("Peran Anda tidak dapat didelegasikan.")
    now = utcnow()
    if ends_at.tzinfo is None or ends_at <= now:
        raise InvalidInput(
            "Tanggal berakhir harus di masa depan.", fields={"ends_at": ["Harus di masa depan."]}
        )
    if ends_at > now + MAX_DELEGATION:
        raise InvalidInput(
            f"Pelaksana tugas (Plt) paling lama {MAX_DELEGATION.days} hari; perpanjang bila perlu.",
            fields={"ends_at": [f"Paling lama {MAX_DELEGATION.days} hari dari sekarang."]},
        )
    if form not in ActingForm._value2member_map_:
        raise InvalidInput(
            "Bentuk penandatanganan: plt, an atau ub.", fields={"form": ["Pilih plt, an atau ub."]}
        )
    # Plt. and a.n. go to the deputy; u.b. to another official of the office, below the deputy.
    deputy_role = DELEGABLE[actor.role]
    roles = (
        [deputy_role]
        if form != ActingForm.UB
        else [r for r in Role if r not in (actor.role, deputy_role)]
    )
    with committing():
        deputy = db.session.scalar(
            select(User).where(
                User.username == to_username,
                User.office_id == actor.office_id,
                User.role.in_(roles),
                User.active.is_(True),
            )
        )
        if deputy is None:
            raise NotFound(
                "Pejabat pengganti tidak ditemukan di kantor Anda. Plt. dan a.n. hanya untuk "
                f"{role_label(DELEGABLE[actor.role], actor.office.kind)}; u.b. untuk pejabat lain.",
                fields={"to": ["Pilih pejabat lain atau bentuk lain."]},
            )
        delegation = Delegation(
            from_user=actor,
            to_user=deputy,
            role=actor.role,
            form=form,
            starts_at=now,
            ends_at=ends_at,
        )
        db.session.add(delegation)
    return delegation


def list_deputies(actor: User) -> list[User]:
    """Colleagues in my office who may act for me: the deputy (sekdes, sekcam) first, for Plt. and
    a.n., then the other active officials, who may sign u.b."""
    deputy_role = DELEGABLE.get(actor.role)
    if deputy_role is None:
        return []
    colleagues = db.session.scalars(
        select(User)
        .where(User.office_id == actor.office_id, User.id != actor.id, User.active.is_(True))
        .order_by(User.full_name)
    )
    return sorted(colleagues, key=lambda user: user.role != deputy_role)


def list_delegations(actor: User) -> list[Delegation]:
    """Delegations I gave or received, newest first."""
    return list(
        db.session.scalars(
            select(Delegation)
            .where((Delegation.from_user_id == actor.id) | (Delegation.to_user_id == actor.id))
            .order_by(Delegation.id.desc())
        )
    )


def revoke_delegation(actor: User, delegation_id: int) -> Delegation:
    """End a delegation I gave, now."""
    with committing():
        delegation = db.session.get(Delegation, delegation_id)
        if delegation is None or delegation.from_user_id != actor.id:
            raise NotFound("Delegasi tidak ditemukan.")
        delegation.revoked_at = delegation.revoked_at or utcnow()
    return delegation
