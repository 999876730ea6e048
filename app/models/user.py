"""People who sign in, and the signing certificates of officials."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.office import Office


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[str] = mapped_column(String(120), default="")  # jabatan, printed on signatures
    nik: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(30))  # domain.roles.Role
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    active: Mapped[bool] = mapped_column(default=True)

    office: Mapped[Office] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.active


class SignerCertificate(Model):
    """An official's PKCS#12 (itself passphrase-protected); the newest unrevoked one signs."""

    __tablename__ = "signer_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    pkcs12: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(64))
    not_after: Mapped[datetime] = mapped_column(UTCDateTime())
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
