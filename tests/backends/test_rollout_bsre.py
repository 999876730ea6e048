"""The roll-out page with the BSrE backend: each signer's NIK status from BSrE's user-status."""

import re

from tests.backends.conftest import CAMAT_NIK, KADES_NIK
from tests.web import login_web, page

SEKDES_NIK = "3316010101800002"  # sekdes.bogem, not registered at the fake BSrE


def _kecamatan_page(application, code: str) -> str:
    client = application.test_client()
    login_web(client, "admin.blora")
    with application.app_context():
        from app.extensions import db
        from app.models import Office

        office_id = db.session.query(Office).filter_by(code=code).one().id
    answer = client.get(f"/admin/rollout/{office_id}")
    assert answer.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", page(answer)).split())


def test_signers_nik_status_comes_from_bsre(bsre_app, bsre):
    bsre.accounts[CAMAT_NIK].status = "EXPIRED"
    text = _kecamatan_page(bsre_app(), "KEC-JPH")
    assert "Sutrisno (Kepala Desa) " in text
    assert "Terdaftar, sertifikat aktif" in text  # the kades of Bogem
    assert "Sertifikat BSrE kedaluwarsa" in text  # the camat
    assert "NIK belum terdaftar di BSrE" in text  # the sekdes has no BSrE account
    assert sorted(bsre.status_requests) == sorted([KADES_NIK, SEKDES_NIK, CAMAT_NIK])


def test_an_unregistered_nik_and_an_unreachable_bsre_are_told_apart(bsre_app, bsre):
    del bsre.accounts[KADES_NIK]
    text = _kecamatan_page(bsre_app(), "KEC-JPH")
    assert (
        text.count("NIK belum terdaftar di BSrE") == 2
        and "Terdaftar, sertifikat aktif" not in text.split("Desa Bogem")[1]
    )
    bsre.broken = True
    text = _kecamatan_page(bsre_app(), "KEC-JPH")
    assert "Tidak dapat diperiksa di BSrE" in text
