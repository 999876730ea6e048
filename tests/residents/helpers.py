"""Steps of a resident's online request, shared by the residents' tests."""

import io

from app.extensions import db
from app.models import ResidentRequest, User
from app.services.residents import pins
from tests.residents import files

NIK = "3316015507850002"
SKD_FIELDS = {
    "tempat_lahir": "Blora",
    "tanggal_lahir": "1985-07-15",
    "alamat": "RT 01 RW 03 Desa Bogem",
    "keperluan": "melamar pekerjaan",
}


def issue_pin(app, nik: str = NIK, operator: str = "operator.bogem") -> str:
    """A PIN for the resident, issued by the desa operator (as at the counter)."""
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == operator))
        return pins.issue_pin(user, nik)


def request_form(pin: str | None, nik: str = NIK, **overrides) -> dict:
    """The multipart body of POST /api/v1/public/requests: an SKD, a KTP photo, confirmed by PIN."""
    body = {
        "desa": "DS-BGM",
        "type": "SKD",
        "applicant.nik": nik,
        "applicant.name": "Sri Rahayu",
        **{f"fields.{k}": v for k, v in SKD_FIELDS.items()},
        "channel": "pin",
        "pin": pin,
        "delivery": "download",
        "files.ktp": (io.BytesIO(files.ktp_photo()), "ktp.jpg"),
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def submit(client, body: dict, address: str = "10.1.1.1"):
    return client.post(
        "/api/v1/public/requests",
        data=body,
        content_type="multipart/form-data",
        environ_base={"REMOTE_ADDR": address},
    )


def submitted_request(app, client, nik: str = NIK, **overrides) -> dict:
    """A confirmed SKD request of Desa Bogem (NIK + PIN); its API answer."""
    response = submit(client, request_form(issue_pin(app, nik), nik=nik, **overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def request_row(app, tracking_code: str) -> ResidentRequest:
    with app.app_context():
        row = db.session.scalar(
            db.select(ResidentRequest).where(ResidentRequest.tracking_code == tracking_code)
        )
        db.session.expunge_all()
        return row


def track(client, code: str, nik4: str, address: str = "10.2.2.2"):
    return client.get(
        f"/api/v1/public/track?code={code}&nik4={nik4}", environ_base={"REMOTE_ADDR": address}
    )
