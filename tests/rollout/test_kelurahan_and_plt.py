"""A kelurahan's letters say KELURAHAN and Lurah; any signer can hand over to a Plt, a.n. or u.b."""

from datetime import UTC, datetime, timedelta

from tests.conftest import SKTM
from tests.e2e.journeys import act, create
from tests.rollout.helpers import new_official, new_sekcam_japah, office_id, pdf_words

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()


def _kelurahan_japah(api_as, client, test_ca):
    """Desa Japah becomes a kelurahan with an operator and a lurah."""
    admin = api_as("admin.blora")
    japah = office_id(admin, "DS-JPH")
    changed = admin.patch(f"/offices/{japah}", json={"kind": "kelurahan"})
    assert changed.status_code == 200 and changed.get_json()["kind"] == "kelurahan"
    operator = new_official(
        api_as,
        client,
        test_ca,
        username="operator.kel.japah",
        name="Nur Aini",
        role="operator_desa",
        office_id=japah,
    )
    lurah = new_official(
        api_as,
        client,
        test_ca,
        username="lurah.japah",
        name="Slamet Riyadi, S.IP.",
        role="kades",
        office_id=japah,
        nik="3316010808800007",
        nip="198008082005011002",
    )
    return operator, lurah


def test_kelurahan_letter_end_to_end_says_kelurahan_and_lurah(api_as, client, test_ca):
    operator, lurah = _kelurahan_japah(api_as, client, test_ca)
    letter = create(operator, SKTM)
    act(operator, letter["id"], "operator_check")
    signed = act(lurah, letter["id"], "kades_sign")
    assert signed["signatures"][0]["position"] == "Lurah Japah"
    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")  # routed via its kecamatan
    act(api_as("camat.japah"), letter["id"], "camat_sign")
    done = act(operator, letter["id"], "handover")
    assert done["status"] == "completed" and "/KEL-" not in done["number"]
    words = pdf_words(operator.get(f"/letters/{letter['id']}/pdf").data)
    assert "KELURAHAN JAPAH" in words and "DESA JAPAH" not in words
    assert "Lurah Japah, Kecamatan Japah" in words  # the opening names the lurah
    assert "warga Kelurahan Japah" in words
    assert "NIP. 19800808 200501 1 002" in words  # the signature block prints the NIP


def _sktm_at_camat(api_as):
    letter = create(api_as("operator.bogem"), SKTM)
    act(api_as("operator.bogem"), letter["id"], "operator_check")
    act(api_as("kades.bogem"), letter["id"], "kades_sign")
    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")
    return letter


def test_plt_camat_signs_and_the_pdf_says_plt_camat(api_as, client, test_ca):
    sekcam = new_sekcam_japah(api_as, client, test_ca)
    camat = api_as("camat.japah")
    given = camat.post("/delegations", json={"to": "sekcam.japah", "ends_at": SOON})
    assert given.status_code == 201, given.get_json()
    letter = _sktm_at_camat(api_as)
    signed = act(sekcam, letter["id"], "camat_sign")
    assert signed["signatures"][1]["position"] == "Plt. Camat Japah"
    assert signed["signatures"][1]["signer"] == "Dwi Astuti, S.Sos."
    words = pdf_words(sekcam.get(f"/letters/{letter['id']}/pdf").data)
    assert "Dwi Astuti, S.Sos." in words and "Plt. Camat Japah" in words
    assert "NIP. 19800505 200604 2 003" in words


def test_atas_nama_camat_prints_an_and_the_sekcam_title(api_as, client, test_ca):
    sekcam = new_sekcam_japah(api_as, client, test_ca)
    given = api_as("camat.japah").post(
        "/delegations", json={"to": "sekcam.japah", "ends_at": SOON, "form": "an"}
    )
    assert given.status_code == 201 and given.get_json()["form"] == "an"
    letter = _sktm_at_camat(api_as)
    signed = act(sekcam, letter["id"], "camat_sign")
    assert signed["signatures"][1]["position"] == "a.n. Camat Japah\nSekretaris Kecamatan Japah"
    words = pdf_words(sekcam.get(f"/letters/{letter['id']}/pdf").data)
    assert "a.n. Camat Japah" in words and "Sekretaris Kecamatan Japah" in words


def test_a_delegation_only_goes_to_the_deputy_of_the_same_office(api_as):
    refused = api_as("camat.japah").post(
        "/delegations", json={"to": "operator.kec.japah", "ends_at": SOON}
    )
    assert refused.status_code == 404
