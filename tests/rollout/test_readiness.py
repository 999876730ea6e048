"""The roll-out page: per kecamatan, which offices have an operator and a signer who can sign."""

import re

from tests.rollout.helpers import office_id
from tests.web import login_web, page


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", page(response)).split())


def test_overview_counts_ready_offices_per_kecamatan(client):
    login_web(client, "admin.blora")
    text = _text(client.get("/admin/rollout"))
    assert "Kecamatan Japah 2 dari 19 kantor siap" in text  # the kecamatan office and Bogem
    assert "Kecamatan Randublatung 3 dari 19 kantor siap" in text
    assert "Kecamatan Cepu 0 dari 18 kantor siap" in text


def test_kecamatan_page_shows_operators_signers_and_certificates(client, api_as):
    admin = api_as("admin.blora")
    japah = office_id(admin, "KEC-JPH")
    login_web(client, "admin.blora")
    text = _text(client.get(f"/admin/rollout/{japah}"))
    assert "Desa Bogem DS-BGM Siti Aminah Sutrisno (Kepala Desa)" in text
    assert "Sertifikat berlaku" in text and "Belum ada pejabat" in text  # Desa Japah has nobody
    assert admin.post("/users/kades.bogem/certificate/revoke").status_code == 200
    text = _text(client.get(f"/admin/rollout/{japah}"))
    assert "Dicabut" in text


def test_readiness_is_for_the_admin_only(client):
    login_web(client, "camat.japah")
    assert client.get("/admin/rollout").status_code == 403
