"""The demo's kelurahan: Wulung (Kecamatan Randublatung) with its operator, sekretaris kelurahan and
lurah, whose letters say KELURAHAN and Lurah and route through the kecamatan."""

from datetime import UTC, datetime, timedelta

from tests.conftest import SKTM
from tests.e2e.journeys import act, create
from tests.rollout.helpers import pdf_words, slot_words
from tests.web import page

WULUNG_SKTM = {**SKTM, "fields": {**SKTM["fields"], "alamat": "RT 01 RW 02 Kelurahan Wulung"}}


def test_demo_kelurahan_letter_is_signed_by_the_lurah_and_the_camat(api_as):
    admin = api_as("admin.blora")
    wulung = admin.get("/offices?kind=kelurahan").get_json()["items"]
    assert [(o["code"], o["name"]) for o in wulung] == [("KEL-WLG", "Wulung")]
    operator = api_as("operator.wulung")
    letter = create(operator, WULUNG_SKTM)
    act(operator, letter["id"], "operator_check")
    act(api_as("lurah.wulung"), letter["id"], "kades_sign")
    act(api_as("operator.kec.randublatung"), letter["id"], "kecamatan_check")
    act(api_as("camat.randublatung"), letter["id"], "camat_sign")
    done = act(operator, letter["id"], "handover")
    assert done["status"] == "completed" and "/KEL-WLG/" in done["number"]
    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    words = pdf_words(pdf)
    assert "KECAMATAN RANDUBLATUNG KELURAHAN WULUNG" in words and "DESA WULUNG" not in words
    assert slot_words(pdf, 0).startswith(
        "Lurah Wulung Agus Widodo, S.STP. NIP. 19761010 199803 1 003"
    )


def test_the_sekretaris_kelurahan_signs_as_plt_lurah(api_as):
    soon = (datetime.now(UTC) + timedelta(days=5)).isoformat()
    given = api_as("lurah.wulung").post(
        "/delegations", json={"to": "sekkel.wulung", "ends_at": soon}
    )
    assert given.status_code == 201, given.get_json()
    operator = api_as("operator.wulung")
    letter = create(operator, WULUNG_SKTM)
    act(operator, letter["id"], "operator_check")
    act(api_as("sekkel.wulung"), letter["id"], "kades_sign")
    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    assert slot_words(pdf, 0).startswith(
        "Plt. Lurah Wulung Heru Prasetyo, S.E. NIP. 19820515 200801 1 004"
    ), slot_words(pdf, 0)


def test_demo_logins_list_the_kelurahan_officials(app, client):
    app.config["SHOW_DEMO_LOGINS"] = True
    text = page(client.get("/login"))
    for username, label in (
        ("operator.wulung", "Operator Kelurahan Wulung"),
        ("sekkel.wulung", "Sekretaris Kelurahan Wulung"),
        ("lurah.wulung", "Lurah Wulung"),
    ):
        assert username in text and label in text
