"""PostgreSQL stopped and started while the app serves: 503 with Retry-After, then recovery."""

import pytest
from flask_migrate import upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.services import demo
from tests.conftest import PASSWORD
from tests.postgres import PostgresServer, find_bindir


@pytest.fixture
def own_server():
    """A PostgreSQL cluster of this test alone: stopping it disturbs no other test."""
    server = PostgresServer(find_bindir())
    server.start()
    yield server
    server.stop()


def _pg_ctl(server: PostgresServer, action: str) -> None:
    options = f"-c listen_addresses=127.0.0.1 -c port={server.port} -c fsync=off"
    options += f" -c unix_socket_directories={server.base}"
    args = ["pg_ctl", "-D", str(server.data), "-w", "-t", "60"]
    if action == "start":
        args += ["-l", str(server.base / "server.log"), "-o", options]
    else:
        args += ["-m", "fast"]
    server._run(*args, action)


def test_a_database_restart_gives_503_with_retry_after_and_recovers_alone(own_server, test_ca):
    app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=own_server.create_database(), TRUST_ROOTS=[test_ca[1]]
    )
    with app.app_context():
        upgrade()
        demo.seed_demo(test_ca[0])
    client = app.test_client()
    token = client.post(
        "/api/v1/auth/login", json={"username": "operator.bogem", "password": PASSWORD}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/letters", headers=headers).status_code == 200

    _pg_ctl(own_server, "stop")
    try:
        for path in ("/api/v1/letters", "/healthz", "/v/kode-apa-saja"):
            down = client.get(path, headers=headers)
            assert down.status_code == 503, (path, down.get_data(as_text=True)[:300])
            assert int(down.headers["Retry-After"]) > 0
        error = client.get("/api/v1/letters", headers=headers).get_json()["error"]
        assert error["code"] == "service_unavailable"
        assert "tidak tersedia" in client.get("/v/kode-apa-saja").get_data(as_text=True)
    finally:
        _pg_ctl(own_server, "start")
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/letters", headers=headers).status_code == 200
    with app.app_context():
        db.engine.dispose()
