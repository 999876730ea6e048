"""Signing in another's place (Plt., a.n., u.b.) from the web delegation page: the heading above
the signature, the name and the NIP read as Permendagri 1/2023 prints them; the letter verifies
SAH."""

from datetime import date, timedelta
from io import BytesIO

import pytest

from tests.conftest import PASSWORD, SKTM
from tests.e2e.journeys import act, create
from tests.rollout.helpers import (
    NEW_PASSWORD,
    new_official,
    new_sekcam_japah,
    office_id,
    slot_words,
)
from tests.web import csrf_of, login_web, page

UNTIL = (date.today() + timedelta(days=3)).isoformat()


def _delegate_on_the_web(client, head: str, to: str, form: str, password: str = PASSWORD):
    """The head signs in on the web and delegates on the Delegasi page; the page shown next."""
    login_web(client, head, password)
    form_page = client.get("/delegations")
    assert form_page.status_code == 200
    answer = client.post(
        "/delegations",
        data={"csrf_token": csrf_of(form_page), "to": to, "form": form, "until": UNTIL},
        follow_redirects=True,
    )
    client.post("/logout", data={"csrf_token": csrf_of(answer)})
    return answer


def _verifies_sah(client, pdf: bytes) -> None:
    """Uploading the finished PDF on the public page says SAH (every signature checked)."""
    form = client.get("/v")
    answer = client.post(
        "/v",
        data={"csrf_token": csrf_of(form), "berkas": (BytesIO(pdf), "surat.pdf")},
        content_type="multipart/form-data",
    )
    assert "Surat ini SAH" in page(answer), page(answer)[:2000]


def _kaur_bogem(api_as, client, test_ca):
    """A kaur of Desa Bogem (registered as an operator) who holds a certificate."""
    return new_official(
        api_as,
        client,
        test_ca,
        username="kaur.bogem",
        name="Wahyu Nugroho",
        role="operator_desa",
        office_id=office_id(api_as("admin.blora"), "DS-BGM"),
        position="Kepala Urusan Umum dan Perencanaan",
        nik="3316011010850009",
    )


def test_delegation_page_offers_plt_an_and_ub_in_indonesian(client):
    login_web(client, "kades.bogem")
    text = page(client.get("/delegations"))
    for label in ("Plt. (pelaksana tugas)", "a.n. (atas nama)", "u.b. (untuk beliau)"):
        assert label in text
    assert "Agus Salim (Sekretaris Desa)" in text and "Siti Aminah (Operator Desa)" in text


def test_plt_and_an_go_only_to_the_sekdes_on_the_web(client):
    answer = _delegate_on_the_web(client, "kades.bogem", "operator.bogem", "an")
    assert "a.n. hanya untuk Sekretaris Desa" in page(answer)


def test_ub_letter_prints_an_sekdes_ub_and_the_kaur_and_verifies_sah(api_as, client, test_ca):
    kaur = _kaur_bogem(api_as, client, test_ca)
    answer = _delegate_on_the_web(client, "kades.bogem", "kaur.bogem", "ub")
    assert "Wahyu Nugroho menandatangani sebagai u.b. (untuk beliau)" in page(answer)
    operator = api_as("operator.bogem")
    letter = create(operator, SKTM)
    act(operator, letter["id"], "operator_check")
    signed = act(kaur, letter["id"], "kades_sign")
    assert signed["signatures"][0]["position"] == (
        "a.n. Kepala Desa Bogem\nSekretaris Desa Bogem\nu.b.\nKepala Urusan Umum dan Perencanaan"
    )
    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")
    act(api_as("camat.japah"), letter["id"], "camat_sign")
    act(operator, letter["id"], "handover")
    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    kades_slot = slot_words(pdf, 0)
    assert kades_slot.startswith(
        "a.n. Kepala Desa Bogem Sekretaris Desa Bogem u.b. Kepala Urusan Umum dan Perencanaan "
        "Wahyu Nugroho"
    ), kades_slot
    assert slot_words(pdf, 1).startswith("Mengetahui, Camat Japah Drs. Hadi Purnomo NIP. 19680303")
    _verifies_sah(client, pdf)


@pytest.mark.parametrize(
    ("form", "heading"),
    [
        ("plt", "Mengetahui, Plt. Camat Japah"),
        ("an", "Mengetahui, a.n. Camat Japah Sekretaris Kecamatan Japah"),
    ],
)
def test_camat_slot_heading_names_the_acting_sekcam_and_verifies_sah(
    api_as, client, test_ca, form, heading
):
    sekcam = new_sekcam_japah(api_as, client, test_ca)
    _delegate_on_the_web(client, "camat.japah", "sekcam.japah", form)
    operator = api_as("operator.bogem")
    letter = create(operator, SKTM)
    act(operator, letter["id"], "operator_check")
    act(api_as("kades.bogem"), letter["id"], "kades_sign")
    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")
    act(sekcam, letter["id"], "camat_sign")
    act(operator, letter["id"], "handover")
    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    assert slot_words(pdf, 0).startswith("Kepala Desa Bogem Sutrisno")  # the kades signs himself
    assert slot_words(pdf, 1).startswith(
        f"{heading} Dwi Astuti, S.Sos. NIP. 19800505 200604 2 003"
    ), slot_words(pdf, 1)
    assert "Camat Japah Drs. Hadi Purnomo" not in slot_words(pdf, 1)
    _verifies_sah(client, pdf)


def test_plt_kades_heading_says_plt_kepala_desa(api_as, client):
    _delegate_on_the_web(client, "kades.bogem", "sekdes.bogem", "plt")
    operator = api_as("operator.bogem")
    letter = create(operator, SKTM)
    act(operator, letter["id"], "operator_check")
    act(api_as("sekdes.bogem"), letter["id"], "kades_sign")
    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    assert slot_words(pdf, 0).startswith("Plt. Kepala Desa Bogem Agus Salim"), slot_words(pdf, 0)
    # the camat's slot stays empty until the camat (or whoever acts for them) signs under it
    assert slot_words(pdf, 1) == ""


@pytest.mark.parametrize(
    ("form", "heading"),
    [("plt", "Plt. Lurah Japah"), ("an", "a.n. Lurah Japah Sekretaris Kelurahan Japah")],
)
def test_kelurahan_slot_heading_names_the_acting_sekretaris_kelurahan(
    api_as, client, test_ca, form, heading
):
    admin = api_as("admin.blora")
    japah = office_id(admin, "DS-JPH")
    assert admin.patch(f"/offices/{japah}", json={"kind": "kelurahan"}).status_code == 200
    people = {
        "operator.kel.japah": ("Nur Aini", "operator_desa", None, None),
        "lurah.japah": ("Slamet Riyadi, S.IP.", "kades", "3316010808800007", "198008082005011002"),
        "sekkel.japah": ("Tri Wahyuni, S.E.", "sekdes", "3316014409820008", "198209042009022001"),
    }
    api = {
        username: new_official(
            api_as,
            client,
            test_ca,
            username=username,
            name=name,
            role=role,
            office_id=japah,
            **({"nik": nik, "nip": nip} if nik else {}),
        )
        for username, (name, role, nik, nip) in people.items()
    }
    given = _delegate_on_the_web(client, "lurah.japah", "sekkel.japah", form, NEW_PASSWORD)
    assert "Tri Wahyuni, S.E. menandatangani sebagai" in page(given)
    letter = create(api["operator.kel.japah"], SKTM)
    act(api["operator.kel.japah"], letter["id"], "operator_check")
    act(api["sekkel.japah"], letter["id"], "kades_sign")
    pdf = api["operator.kel.japah"].get(f"/letters/{letter['id']}/pdf").data
    assert slot_words(pdf, 0).startswith(
        f"{heading} Tri Wahyuni, S.E. NIP. 19820904 200902 2 001"
    ), slot_words(pdf, 0)
