"""Government offices: kabupaten, kecamatan and desa."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model


class Office(Model):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20))  # domain.roles.OfficeLevel
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    address: Mapped[str] = mapped_column(String(200), default="")

    parent: Mapped["Office | None"] = relationship(remote_side=[id])

    @property
    def above(self) -> "Office":
        """The office this one belongs to: a desa's kecamatan, a kecamatan's kabupaten."""
        if self.parent is None:
            raise ValueError(f"{self.code} is a kabupaten: no office above it")
        return self.parent

    @property
    def title(self) -> str:
        """The office as people write it, e.g. "Desa Bogem"."""
        return f"{self.level.capitalize()} {self.name}"

    def __repr__(self) -> str:
        return f"<Office {self.code}>"
