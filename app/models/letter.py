"""Letters, their signatures and the per-office number sequences."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.office import Office
from app.models.route import LetterType, RouteVersion
from app.models.user import User

if TYPE_CHECKING:
    from app.models.task import Task  # models/task.py imports this module


class Letter(Model):
    __tablename__ = "letters"
    __table_args__ = (
        UniqueConstraint("created_by_id", "idempotency_key"),
        Index("ix_letters_desa_scope", "desa_id", "id"),
        Index("ix_letters_kecamatan_scope", "kecamatan_id", "id"),
        Index("ix_letters_kabupaten_scope", "kabupaten_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_type_id: Mapped[int] = mapped_column(ForeignKey("letter_types.id"))
    # The issuing desa and, copied at creation, its kecamatan and kabupaten: scoping is one column
    # test.
    desa_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    kabupaten_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    route_version_id: Mapped[int] = mapped_column(ForeignKey("route_versions.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)  # domain.status.LetterStatus
    number: Mapped[str | None] = mapped_column(String(60), unique=True)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    applicant_nik: Mapped[str] = mapped_column(String(16), index=True)
    applicant_name: Mapped[str] = mapped_column(String(120))
    fields: Mapped[dict] = mapped_column(JSON)
    process_state: Mapped[dict] = mapped_column(JSON)  # engine snapshot state, without the spec
    serializer_version: Mapped[str] = mapped_column(String(20))
    # The signed PDF as it stands: a blob (app/services/internal/blobs.py), named by its SHA-256.
    signed_pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("audit_blobs.sha256"))
    tracking_code: Mapped[str] = mapped_column(String(20), unique=True)
    verify_code: Mapped[str] = mapped_column(String(40), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {
        "version_id_col": version
    }  # two writers of one letter: the second gets a conflict

    letter_type: Mapped[LetterType] = relationship(lazy="joined")
    desa: Mapped[Office] = relationship(foreign_keys=[desa_id], lazy="joined")
    route_version: Mapped[RouteVersion] = relationship()
    created_by: Mapped[User] = relationship()
    signatures: Mapped[list["Signature"]] = relationship(
        order_by="Signature.id", back_populates="letter"
    )
    open_tasks: Mapped[list["Task"]] = relationship(
        primaryjoin="and_(Task.letter_id == Letter.id, Task.state == 'open')",
        order_by="Task.id",
        viewonly=True,
    )

    @property
    def current_verify_code(self) -> str:
        """The letter's code as it stands: its last standing signature's, before any its own."""
        standing = [s for s in self.signatures if s.voided_at is None]
        revision = getattr(standing[-1], "revision", None) if standing else None
        return revision.code if revision is not None else self.verify_code

    @property
    def voided_revisions(self) -> list:
        """The signed copies whose signature was voided since (those with a kept PDF), oldest
        first."""
        voided = [getattr(s, "revision", None) for s in self.signatures if s.voided_at is not None]
        return [r for r in voided if r is not None and r.pdf_sha256]


class Signature(Model):
    """One signature on a letter's PDF; a return that reopens its step voids it."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    step: Mapped[str] = mapped_column(String(60))  # BPMN element id of the signing step
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_position: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(30))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    certificate_fingerprint: Mapped[str] = mapped_column(
        String(64), index=True
    )  # verification looks it up
    length_before: Mapped[
        int
    ]  # size of the PDF it was added to: cutting there removes it and what follows
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    letter: Mapped[Letter] = relationship(back_populates="signatures")


class NumberSequence(Model):
    """The last letter number given by an office in a year; bumped atomically, never skipped."""

    __tablename__ = "number_sequences"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
