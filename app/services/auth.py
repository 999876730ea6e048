"""Sign-in: password checks and changes, and API bearer tokens that end with the session epoch."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.domain.errors import AuthenticationFailed, InvalidInput
from app.extensions import db
from app.models import User
from app.services.internal.database import committing

MIN_PASSWORD_LENGTH = 10
# Initial passwords are random (about 62 bits, officials.initial_password) and must be changed at
# first sign-in, so a light PBKDF2 is enough for them: importing 1,000 officials takes seconds.
INITIAL_PASSWORD_METHOD = "pbkdf2:sha256:10000"

# Checked when the username is unknown, so a wrong username costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash("layang-timing-equaliser")


def hash_password(password: str) -> str:
    """A salted scrypt hash of the password (Werkzeug's default KDF)."""
    return generate_password_hash(password)


def hash_initial_password(password: str) -> str:
    """A salted hash of a random, one-time initial password (see INITIAL_PASSWORD_METHOD)."""
    return generate_password_hash(password, method=INITIAL_PASSWORD_METHOD)


def end_sessions(user: User) -> None:
    """End every web session and API token of the user (in the caller's transaction)."""
    user.auth_epoch = (user.auth_epoch or 0) + 1


def change_password(user: User, current: str, new: str, repeat: str | None = None) -> User:
    """Replace my password; every other session and token ends, the forced change is done."""
    errors: dict[str, list[str]] = {}
    if not check_password_hash(user.password_hash, current or ""):
        errors["current"] = ["Kata sandi sekarang salah."]
    new = new or ""
    if len(new) < MIN_PASSWORD_LENGTH or len(new) > 200:
        errors["new"] = [f"Kata sandi baru {MIN_PASSWORD_LENGTH}-200 karakter."]
    elif new == current or user.username.lower() in new.lower():
        errors["new"] = ["Kata sandi baru harus berbeda dari kata sandi lama dan dari username."]
    if repeat is not None and repeat != new:
        errors["repeat"] = ["Ulangan kata sandi tidak sama."]
    if errors:
        raise InvalidInput("Kata sandi belum diganti.", fields=errors)
    with committing():
        user.password_hash = hash_password(new)
        user.must_change_password = False
        end_sessions(user)
    return user


def user_for_session(session_id: str) -> User | None:
    """The active user of a web session id ("<id>:<epoch>"), or None when it has ended."""
    user_id, _, epoch = (session_id or "").partition(":")
    if not user_id.isdigit() or not epoch.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or (user.auth_epoch or 0) != int(epoch):
        return None
    return user


def authenticate(username: str, password: str) -> User:
    """The active user with this username and password, or AuthenticationFailed."""
    user = db.session.scalar(select(User).where(User.username == (username or "").strip()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        raise AuthenticationFailed("Nama pengguna atau kata sandi salah.")
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        raise AuthenticationFailed("Nama pengguna atau kata sandi salah.")
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="layang-api-token")


def issue_api_token(user: User) -> str:
    """A signed, expiring bearer token for the API."""
    return _serializer().dumps({"uid": user.id, "ep": user.auth_epoch or 0})


def user_for_token(token: str) -> User:
    """The active user a bearer token belongs to, or AuthenticationFailed."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["API_TOKEN_MAX_AGE"])
    except SignatureExpired:
        raise AuthenticationFailed("Token kedaluwarsa. Silakan masuk lagi.") from None
    except BadSignature:
        raise AuthenticationFailed("Token tidak valid.") from None
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.active or payload.get("ep", 0) != (user.auth_epoch or 0):
        raise AuthenticationFailed("Token tidak valid.")
    return user
