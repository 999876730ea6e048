"""BPMN routes, their immutable versions, and the letter types that run on them."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:  # for the annotations only: user.py imports this module's neighbours
    from app.models.user import User


class Route(Model):
    __tablename__ = "routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # the BPMN process id
    name: Mapped[str] = mapped_column(String(120))
    deployed_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("route_versions.id", use_alter=True)
    )

    deployed_version: Mapped["RouteVersion | None"] = relationship(
        foreign_keys=[deployed_version_id]
    )


class RouteVersion(Model):
    """One saved BPMN document; never changed once written."""

    __tablename__ = "route_versions"
    __table_args__ = (UniqueConstraint("route_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id"))
    number: Mapped[int]
    bpmn_xml: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What validation found when the version was saved (app.bpmn.Finding.as_dict()); a draft with
    # errors is kept but cannot be deployed.
    findings: Mapped[list] = mapped_column(JSON, default=list)
    deployable: Mapped[bool] = mapped_column(default=True)

    route: Mapped[Route] = relationship(foreign_keys=[route_id])
    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])


class RouteDeployment(Model):
    """A route version made the one new letters use: who did it and when."""

    __tablename__ = "route_deployments"

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("route_versions.id"))
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("route_versions.id"))
    deployed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[RouteVersion] = relationship(foreign_keys=[version_id])
    previous_version: Mapped[RouteVersion | None] = relationship(foreign_keys=[previous_version_id])
    deployed_by: Mapped["User"] = relationship()


class LetterType(Model):
    """A kind of letter, as data: fields, template text, classification code and route."""

    __tablename__ = "letter_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    classification: Mapped[str] = mapped_column(String(20))
    fields: Mapped[list] = mapped_column(JSON)  # [{name, label, type, required}]
    # What a resident attaches when asking online: [{code, label, required}], e.g. KTP and KK.
    requirements: Mapped[list] = mapped_column(JSON, default=list)
    template: Mapped[dict] = mapped_column(JSON)  # {opening, closing}, with ${field} placeholders
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id"))

    route: Mapped[Route] = relationship(lazy="joined")
