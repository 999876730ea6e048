"""Plain roll-out rules: office codes, number templates, role words, acting forms, NIP lines."""

from datetime import date

from app.domain.acting import acting_position, nip_line
from app.domain.numbering import format_letter_number, number_format_problem
from app.domain.offices import OfficeKind, derive_code, head_title
from app.domain.roles import Role, parse_role, role_label


def test_office_codes_are_derived_from_names_and_made_unique():
    taken: set[str] = set()
    assert derive_code(OfficeKind.DESA, "Bogem", taken) == "DS-BGM"
    assert derive_code(OfficeKind.KECAMATAN, "Randublatung", taken) == "KEC-RDB"
    assert derive_code(OfficeKind.KELURAHAN, "Kauman", taken) == "KEL-KMA"
    assert derive_code(OfficeKind.DESA, "Bacem", {"DS-BCM", "DS-BCM2"}) == "DS-BCM3"


def test_number_template_default_and_custom():
    issued = date(2026, 2, 3)
    assert format_letter_number("470", 12, "DS-BGM", issued) == "470/012/DS-BGM/II/2026"
    custom = "{office_code}.{classification}.{seq:04d}.{month}.{year}"
    assert number_format_problem(custom) is None
    assert format_letter_number("400", 7, "DS-X", issued, custom) == "DS-X.400.0007.02.2026"


def test_number_templates_that_could_repeat_or_run_code_are_refused():
    assert number_format_problem("{seq}/{year}") == "Templat wajib memuat {office_code}."
    assert "tidak dikenal" in number_format_problem("{seq.__class__}/{office_code}/{year}")
    assert "tidak sah" in number_format_problem("{seq:>999999999}/{office_code}/{year}")
    assert "kurung kurawal" in number_format_problem("{seq/{office_code}/{year}")


def test_kelurahan_words():
    assert role_label(Role.KADES, "kelurahan") == "Lurah"
    assert role_label(Role.SEKDES, "kelurahan") == "Sekretaris Kelurahan"
    assert role_label(Role.KADES, "desa") == "Kepala Desa"
    assert head_title("kelurahan") == "Lurah" and head_title("desa") == "Kepala Desa"
    assert parse_role("Lurah") == Role.KADES and parse_role("sekcam") == Role.SEKCAM
    assert parse_role("bupati") is None


def test_acting_forms_as_tata_naskah_dinas_prints_them():
    head, deputy, own = "Camat Japah", "Sekretaris Kecamatan Japah", "Kasi Pemerintahan"
    assert acting_position("plt", head, deputy, own) == "Plt. Camat Japah"
    assert (
        acting_position("an", head, deputy, own) == "a.n. Camat Japah\nSekretaris Kecamatan Japah"
    )
    assert acting_position("ub", head, deputy, own).split("\n") == [
        "a.n. Camat Japah",
        "Sekretaris Kecamatan Japah",
        "u.b.",
        "Kasi Pemerintahan",
    ]


def test_nip_is_printed_in_its_groups():
    assert nip_line("196803031990031004") == "NIP. 19680303 199003 1 004"
    assert nip_line(None) is None and nip_line("") is None
