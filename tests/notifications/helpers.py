"""Steps shared by the notification tests."""

from datetime import datetime

from app.models.base import utcnow
from app.services import notifications
from tests.conftest import PASSWORD, ApiClient


def api_for(client, username: str) -> ApiClient:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return ApiClient(client, response.get_json()["token"], username)


def deliver(app, now: datetime | None = None) -> dict:
    """Run the outbox sender once, as the scheduler does."""
    with app.app_context():
        return notifications.deliver_due(now or utcnow())


def open_task(api, letter_id: int, step: str) -> dict:
    items = api.get("/tasks?limit=100").get_json()["items"]
    return next(t for t in items if t["letter_id"] == letter_id and t["step"] == step)
