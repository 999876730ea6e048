"""Both demo routes end to end through the API, every role signed in as itself."""

import re
from pathlib import Path

import signing
from tests.e2e.journeys import act, create, inbox_task, kades_task, walk_sktm

NUMBER = re.compile(r"^([\d.]+)/(\d{3})/(DS-[A-Z]+)/([IVX]+)/(\d{4})$")


def trust_roots(app) -> list[bytes]:
    return [Path(p).read_bytes() for p in app.config["TRUST_ROOTS"]]


def test_skd_travels_surat_desa_and_is_signed_by_the_kades(app, api_as, skd):
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, skd)
    assert letter["status"] == "in_progress" and letter["number"] is None
    assert [t["step"] for t in letter["open_tasks"]] == ["operator_check"]

    act(operator, letter["id"], "operator_check")
    signed = act(kades, letter["id"], "kades_sign")
    assert NUMBER.match(signed["number"]).group(1, 2, 3) == ("400.12.2.1", "001", "DS-BGM")
    assert [s["signer"] for s in signed["signatures"]] == ["Sutrisno"]

    done = act(operator, letter["id"], "handover")
    assert done["status"] == "completed" and done["open_tasks"] == []
    pdf = operator.get(f"/letters/{letter['id']}/pdf")
    assert pdf.mimetype == "application/pdf"
    checks = signing.validate_pdf(pdf.data, trust_roots(app))
    assert [(c.signer_name, c.intact, c.trusted, c.covers_document) for c in checks] == [
        ("Sutrisno", True, True, True)
    ]


def test_sktm_reaches_camat_after_kades_signs_and_ends_with_two_valid_signatures(app, api_as, sktm):
    kecamatan = api_as("operator.kec.japah")
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, sktm)
    assert kecamatan.get("/tasks").get_json()["total"] == 0
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    task = inbox_task(kecamatan, letter["id"], "kecamatan_check")
    assert task["role"] == "operator_kecamatan" and task["office"] == "KEC-JPH"

    done = walk_sktm(api_as, sktm)
    assert done["status"] == "completed"
    assert [s["role"] for s in done["signatures"]] == ["kades", "camat"]
    assert done["verify_url"].startswith("http://layang.test/v/")
    pdf = operator.get(f"/letters/{done['id']}/pdf").data
    checks = signing.validate_pdf(pdf, trust_roots(app))
    assert [(c.signer_name, c.intact, c.trusted) for c in checks] == [
        ("Sutrisno", True, True),
        ("Drs. Hadi Purnomo", True, True),
    ]
    assert checks[-1].covers_document


def test_kades_return_needs_a_reason_and_sends_the_letter_back_to_the_operator(api_as, skd):
    kades, letter, task = kades_task(api_as, skd)
    refused = kades.post(f"/tasks/{task['id']}/complete", json={"decision": "return"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["fields"]["reason"]

    returned = act(kades, letter["id"], "kades_sign", "return", reason="Alamat kurang lengkap")
    assert returned["status"] == "returned" and returned["number"] is None
    assert [t["step"] for t in returned["open_tasks"]] == ["operator_check"]
    assert returned["open_tasks"][0]["role"] == "operator_desa"

    fixed = act(
        api_as("operator.bogem"),
        letter["id"],
        "operator_check",
        data={"fields": {"alamat": "RT 01 RW 03 No. 7"}},
    )
    assert fixed["status"] == "in_progress" and fixed["fields"]["alamat"] == "RT 01 RW 03 No. 7"


def test_operator_return_opens_the_revise_step_and_the_letter_comes_back_to_check(api_as, skd):
    operator = api_as("operator.bogem")
    letter = create(operator, skd)
    returned = act(operator, letter["id"], "operator_check", "return", reason="KTP tidak terbaca")
    assert returned["status"] == "returned"
    act(
        operator,
        letter["id"],
        "operator_revise",
        data={"applicant": {"name": "Sri Rahayu Ningsih"}},
    )
    again = inbox_task(operator, letter["id"], "operator_check")
    assert again["role"] == "operator_desa"


def test_rejection_at_any_step_ends_the_letter(api_as, sktm):
    operator, camat = api_as("operator.bogem"), api_as("camat.japah")
    first = create(operator, sktm)
    rejected = act(operator, first["id"], "operator_check", "reject", reason="Bukan warga desa")
    assert rejected["status"] == "rejected" and rejected["open_tasks"] == []

    second = walk_sktm(api_as, sktm, until="camat_sign")
    rejected = act(camat, second["id"], "camat_sign", "reject", reason="Data tidak sesuai")
    assert rejected["status"] == "rejected" and rejected["open_tasks"] == []
    assert api_as("operator.bogem").get("/tasks").get_json()["total"] == 0


def test_kecamatan_return_voids_the_kades_signature_and_keeps_the_number(app, api_as, sktm):
    operator, kades, kecamatan = (
        api_as("operator.bogem"),
        api_as("kades.bogem"),
        api_as("operator.kec.japah"),
    )
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    number = act(kades, letter["id"], "kades_sign")["number"]
    returned = act(
        kecamatan, letter["id"], "kecamatan_check", "return", reason="Lampiran KK belum ada"
    )
    assert returned["status"] == "returned" and inbox_task(operator, letter["id"], "operator_check")

    act(operator, letter["id"], "operator_check")
    reopened = operator.get(f"/letters/{letter['id']}").get_json()
    assert reopened["signatures"] == [] and reopened["number"] == number
    act(kades, letter["id"], "kades_sign")
    act(kecamatan, letter["id"], "kecamatan_check")
    act(api_as("camat.japah"), letter["id"], "camat_sign")
    done = act(operator, letter["id"], "handover")
    assert done["number"] == number and len(done["signatures"]) == 2
    checks = signing.validate_pdf(
        operator.get(f"/letters/{letter['id']}/pdf").data, trust_roots(app)
    )
    assert [c.intact and c.trusted for c in checks] == [True, True]


def test_camat_return_goes_back_to_the_kecamatan_check(api_as, sktm):
    letter = walk_sktm(api_as, sktm, until="camat_sign")
    kecamatan, camat = api_as("operator.kec.japah"), api_as("camat.japah")
    returned = act(camat, letter["id"], "camat_sign", "return", reason="Periksa penghasilan")
    assert returned["status"] == "returned"
    assert len(returned["signatures"]) == 1  # the kades' signature stands
    act(kecamatan, letter["id"], "kecamatan_check")
    assert inbox_task(camat, letter["id"], "camat_sign")


def test_data_cannot_change_under_standing_signatures(api_as, skd):
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, skd)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    task = inbox_task(operator, letter["id"], "handover")
    response = operator.post(
        f"/tasks/{task['id']}/complete",
        json={"decision": "approve", "data": {"fields": {"keperluan": "lain"}}},
    )
    assert response.status_code == 400 and "data" in response.get_json()["error"]["fields"]
    assert len(operator.get(f"/letters/{letter['id']}").get_json()["signatures"]) == 1
