"""Sign-in: password checks (throttled) and changes; API bearer tokens are server-side sessions."""

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.domain.errors import AuthenticationFailed, InvalidInput
from app.extensions import db
from app.models import User
from app.services import sessions
from app.services.internal import throttle
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
    user.auth_epoch = (user.auth_epoch or 0) + 1  # part of every session's credential tag
    sessions.end_all_sessions(user)


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


def _login_rules() -> tuple[throttle.Rule, throttle.Rule]:
    config = current_app.config
    lock = int(config.get("LOGIN_LOCK_MINUTES", 15)) * 60
    message = "Terlalu banyak percobaan masuk yang salah. Coba lagi dalam {minutes} menit."
    return (
        throttle.Rule(
            "login-account", config["LOGIN_MAX_FAILURES_PER_ACCOUNT"], lock, message, lock
        ),
        throttle.Rule(
            "login-address", config["LOGIN_MAX_FAILURES_PER_ADDRESS"], lock, message, lock
        ),
    )


def authenticate(username: str, password: str, client_address: str | None = None) -> User:
    """The active user with this username and password, or AuthenticationFailed.

    Wrong passwords are counted per account and per client address (throttle, shared by every
    process); past the limit every attempt, even the right password, is refused for a while.
    """
    username = (username or "").strip()
    per_account, per_address = _login_rules()
    account, address = username.lower(), client_address or "unknown"
    throttle.check(per_account, account)
    throttle.check(per_address, address)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
    if (
        user is None
        or not check_password_hash(user.password_hash, password or "")
        or not user.active
    ):
        throttle.hit(per_account, account)
        throttle.hit(per_address, address)
        raise AuthenticationFailed("Nama pengguna atau kata sandi salah.")
    throttle.reset(per_account, account)
    return user


def issue_api_token(user: User, client_address: str | None = None) -> str:
    """A bearer token for the API: a revocable server-side session (see sessions.py)."""
    return sessions.start_session(user, sessions.API, client_address)


def user_for_token(token: str) -> User:
    """The active user a bearer token belongs to, or AuthenticationFailed."""
    return sessions.user_for_secret(token, sessions.API)


def revoke_token(token: str) -> None:
    """Sign an API client out: this token stops working at once."""
    sessions.end_session(token)
