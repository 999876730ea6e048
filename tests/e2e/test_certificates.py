"""Certificates: upload (stored encrypted), expiry warnings; revoked or expired cannot sign."""

import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

import signing
from app.extensions import db
from app.models import SignerCertificate, User
from tests.e2e.journeys import inbox_task, kades_task
from tests.web import login_web

NOW = datetime.now(UTC)


def p12(test_ca, days_left: int, passphrase="baru-123", not_before=None):
    return signing.issue_pkcs12(
        test_ca[0],
        common_name="Sutrisno",
        nik="3316010101750001",
        email=None,
        passphrase=passphrase,
        not_before=not_before or NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=days_left),
    )


def upload(api, username, data, passphrase="baru-123"):
    return api.client.post(
        f"/api/v1/users/{username}/certificate",
        data={"file": (io.BytesIO(data), "kades.p12"), "passphrase": passphrase},
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="multipart/form-data",
    )


def test_admin_sees_every_official_with_expiry_but_never_the_file(api_as):
    items = api_as("admin.blora").get("/certificates").get_json()["items"]
    by_user = {i["username"]: i for i in items}
    assert {
        "kades.bogem",
        "sekdes.bogem",
        "camat.japah",
        "kades.kutukan",
        "camat.randublatung",
    } <= set(by_user)
    assert (
        by_user["kades.bogem"]["state"] == "active"
        and len(by_user["kades.bogem"]["fingerprint"]) == 64
    )
    assert all(
        set(i)
        == {
            "username",
            "full_name",
            "role",
            "office",
            "fingerprint",
            "not_after",
            "days_left",
            "state",
        }
        for i in items
    )


def test_replacing_a_certificate_stores_it_encrypted_and_signs_with_it(app, api_as, skd, test_ca):
    data = p12(test_ca, 365)
    response = upload(api_as("admin.blora"), "kades.bogem", data)
    assert response.status_code == 201 and response.get_json()["state"] == "active"
    with app.app_context():
        kades_id = db.session.scalar(select(User.id).where(User.username == "kades.bogem"))
        stored = db.session.scalars(
            select(SignerCertificate).where(SignerCertificate.user_id == kades_id)
        ).all()
        assert data not in [row.pkcs12 for row in stored]  # encrypted at rest
    kades, _letter, task = kades_task(api_as, skd)
    signed = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": "baru-123"}
    )
    assert signed.status_code == 200
    assert (
        signed.get_json()["signatures"][0]["certificate_fingerprint"]
        == response.get_json()["fingerprint"]
    )


def test_certificate_expiring_within_30_days_is_flagged_for_admin_and_official(
    app, api_as, test_ca
):
    assert (
        upload(api_as("admin.blora"), "kades.bogem", p12(test_ca, 20)).get_json()["state"]
        == "expiring"
    )
    client = app.test_client()
    login_web(client, "kades.bogem")
    assert "Sertifikat elektronik Anda kedaluwarsa dalam 19 hari" in client.get("/").get_data(
        as_text=True
    )


def test_revoked_certificate_cannot_sign_and_changes_nothing(api_as, skd):
    revoked = api_as("admin.blora").post("/users/kades.bogem/certificate/revoke")
    assert revoked.status_code == 200 and revoked.get_json()["state"] == "revoked"
    kades, letter, task = kades_task(api_as, skd)
    response = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": "tte-demo"}
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "certificate_unusable"
    assert "dicabut" in response.get_json()["error"]["message"]
    assert kades.get(f"/letters/{letter['id']}").get_json()["number"] is None


def test_expired_certificate_cannot_sign(app, api_as, skd, test_ca):
    expired = p12(test_ca, -1, not_before=NOW - timedelta(days=30))
    with app.app_context():  # as if a year had passed since it was uploaded
        from app.services.certificates import _vault

        kades = db.session.scalar(select(User).where(User.username == "kades.bogem"))
        db.session.add(
            SignerCertificate(
                user=kades,
                pkcs12=_vault().encrypt(expired),
                fingerprint="0" * 64,
                not_after=NOW - timedelta(days=1),
                uploaded_at=datetime.now(UTC) + timedelta(minutes=1),
            )
        )
        db.session.commit()
    assert {
        i["username"]: i["state"]
        for i in api_as("admin.blora").get("/certificates").get_json()["items"]
    }["kades.bogem"] == "expired"
    kades, letter, task = kades_task(api_as, skd)
    response = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": "baru-123"}
    )
    assert (
        response.status_code == 422
        and response.get_json()["error"]["code"] == "certificate_unusable"
    )
    assert inbox_task(kades, letter["id"], "kades_sign")["id"] == task["id"]


def test_upload_is_checked_and_admin_only(api_as, test_ca):
    admin = api_as("admin.blora")
    wrong = upload(admin, "kades.bogem", p12(test_ca, 365), passphrase="bukan")
    assert wrong.status_code == 400 and "passphrase" in wrong.get_json()["error"]["fields"]
    assert upload(admin, "kades.bogem", b"not a p12").status_code == 400
    # an auditor never signs; an operator may (u.b., as a kaur or kasi: tests/rollout)
    assert upload(admin, "auditor.blora", p12(test_ca, 365)).status_code == 404
    assert upload(api_as("kades.bogem"), "kades.bogem", p12(test_ca, 365)).status_code == 403
    assert api_as("camat.japah").get("/certificates").status_code == 403
    missing = admin.client.post(
        "/api/v1/users/kades.bogem/certificate",
        data={"passphrase": "x"},
        headers={"Authorization": f"Bearer {admin.token}"},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 400


def test_admin_certificate_page_lists_officials_and_warns(app, api_as, test_ca):
    upload(api_as("admin.blora"), "camat.japah", p12(test_ca, 10))
    client = app.test_client()
    login_web(client, "admin.blora")
    html = client.get("/admin/certificates").get_data(as_text=True)
    assert "Sertifikat elektronik pejabat" in html and "Sutrisno" in html
    assert "kedaluwarsa dalam 9 hari" in html and "Segera kedaluwarsa" in html
