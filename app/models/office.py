"""Government offices: kabupaten, kecamatan, desa and kelurahan; a kabupaten's cuti bersama days."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow


class Office(Model):
    __tablename__ = "offices"
    __table_args__ = (Index("ix_offices_kabupaten", "kabupaten_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # printed in letter numbers
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20))  # domain.roles.OfficeLevel: routes and scoping
    kind: Mapped[str] = mapped_column(String(20))  # domain.offices.OfficeKind: what it is called
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    # The kabupaten above (None for the kabupaten itself): one column scopes an admin's offices.
    kabupaten_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    # Kop surat: {lines: [...] (empty: derived), phone, email, website, postal_code}.
    letterhead: Mapped[dict] = mapped_column(JSON, default=dict)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # PNG or JPEG
    # Kabupaten only: the letter number template (domain.numbering); None: the default.
    number_format: Mapped[str | None] = mapped_column(String(120))

    parent: Mapped["Office | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])

    @property
    def above(self) -> "Office":
        """The office this one belongs to: a desa's kecamatan, a kecamatan's kabupaten."""
        if self.parent is None:
            raise ValueError(f"{self.code} is a kabupaten: no office above it")
        return self.parent

    @property
    def title(self) -> str:
        """The office as people write it, e.g. "Desa Bogem" or "Kelurahan Kauman"."""
        return f"{(self.kind or self.level).capitalize()} {self.name}"

    def __repr__(self) -> str:
        return f"<Office {self.code}>"


class CutiBersama(Model):
    """A kabupaten's collective leave day (cuti bersama): not a working day for service levels."""

    __tablename__ = "cuti_bersama_days"
    __table_args__ = (UniqueConstraint("kabupaten_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kabupaten_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120), default="")  # e.g. "Cuti bersama Natal"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
