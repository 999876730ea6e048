"""Sessions live on the server: logout, timeouts, a new password or deactivation end them."""

from datetime import timedelta

from app.extensions import db
from app.models import AuthSession, User
from app.services import sessions
from app.services.auth import hash_password
from tests.web import csrf_of, login_web


def _age_sessions(app, *, idle_minutes: int = 0, expire: bool = False) -> None:
    """Move every session back in time, as if its user had been away."""
    with app.app_context():
        for row in db.session.scalars(db.select(AuthSession)):
            row.last_seen_at -= timedelta(minutes=idle_minutes)
            if expire:
                row.expires_at = row.created_at
        db.session.commit()


def _cookie_of(client) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_copied_before_logout_no_longer_works_after_it(app):
    client = app.test_client()
    home = login_web(client, "kades.bogem")
    stolen = _cookie_of(client)
    client.post("/logout", data={"csrf_token": csrf_of(home)})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_idle_web_session_ends(app):
    client = app.test_client()
    login_web(client, "kades.bogem")
    _age_sessions(app, idle_minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    assert client.get("/").status_code == 302


def test_a_session_ends_at_its_absolute_timeout_even_when_used(app):
    client = app.test_client()
    login_web(client, "kades.bogem")
    _age_sessions(app, expire=True)
    assert client.get("/").status_code == 302


def test_api_logout_revokes_the_token(api_as):
    api = api_as("operator.bogem")
    assert api.get("/tasks/count").status_code == 200
    assert api.post("/auth/logout").status_code == 204
    response = api.get("/tasks/count")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_new_password_ends_every_session_and_token(app, api_as):
    api = api_as("kades.bogem")
    browser = app.test_client()
    login_web(browser, "kades.bogem")
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="kades.bogem"))
        user.password_hash = hash_password("kata-sandi-baru-2026")
        db.session.commit()
    assert api.get("/tasks/count").status_code == 401
    assert browser.get("/").status_code == 302


def test_deactivation_ends_every_session_and_token(app, api_as):
    api = api_as("kades.bogem")
    other = api_as("kades.bogem")
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="kades.bogem"))
        sessions.end_all_sessions(user)
        db.session.commit()
        user.active = False
        db.session.commit()
    assert api.get("/tasks/count").status_code == 401
    assert other.get("/tasks/count").status_code == 401


def test_tokens_are_stored_only_as_digests(app, api_as):
    api = api_as("operator.bogem")
    with app.app_context():
        stored = db.session.scalars(db.select(AuthSession.secret_hash)).all()
    assert api.token not in stored and all(len(h) == 64 for h in stored)


def test_an_idle_token_ends(app, api_as):
    api = api_as("operator.bogem")
    _age_sessions(app, idle_minutes=app.config["API_TOKEN_IDLE_MINUTES"] + 1)
    assert api.get("/tasks/count").status_code == 401
