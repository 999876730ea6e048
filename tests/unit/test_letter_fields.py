"""What an operator types into a letter: each problem lands on its own field, in Indonesian."""

import pytest

from app.domain.errors import InvalidInput
from app.domain.letter_fields import FieldSpec, validate_letter_input

APPLICANT = {"nik": "3316011201900001", "name": "Budi Santoso"}
SKTM_FIELDS = [
    FieldSpec("tanggal_lahir", "Tanggal lahir", "date"),
    FieldSpec("tanggungan", "Jumlah tanggungan", "number"),
    FieldSpec("keperluan", "Keperluan", "textarea"),
    FieldSpec("nik_ayah", "NIK ayah", "nik", required=False),
]
VALUES = {"tanggal_lahir": "1990-01-12", "tanggungan": "3", "keperluan": "Beasiswa"}


def refusal(applicant=APPLICANT, values=VALUES, specs=SKTM_FIELDS) -> dict:
    with pytest.raises(InvalidInput) as refused:
        validate_letter_input(specs, applicant, values)
    assert refused.value.message == "Periksa kembali isian yang ditandai."
    return refused.value.fields


def test_valid_input_comes_back_clean_and_typed():
    applicant, fields = validate_letter_input(
        SKTM_FIELDS, {"nik": " 3316011201900001 ", "name": "Budi Santoso "}, VALUES
    )
    assert applicant == APPLICANT
    assert fields == {
        "tanggal_lahir": "1990-01-12",
        "tanggungan": 3,
        "keperluan": "Beasiswa",
        "nik_ayah": None,
    }


def test_missing_and_blank_required_fields_are_named():
    assert refusal(applicant={"nik": "3316011201900001", "name": "   "}, values={}) == {
        "applicant.name": ["Wajib diisi."],
        "fields.tanggal_lahir": ["Wajib diisi."],
        "fields.tanggungan": ["Wajib diisi."],
        "fields.keperluan": ["Wajib diisi."],
    }


def test_an_invalid_nik_is_explained_for_the_applicant_and_for_a_nik_field():
    problems = refusal(
        applicant={**APPLICANT, "nik": "12345"}, values={**VALUES, "nik_ayah": "3316014001900001"}
    )
    assert problems == {
        "applicant.nik": ["NIK harus terdiri dari 16 angka."],
        "fields.nik_ayah": ["Tanggal lahir pada NIK tidak valid."],
    }


def test_a_bad_date_and_a_bad_number_say_what_is_expected():
    problems = refusal(values={**VALUES, "tanggal_lahir": "12-01-1990", "tanggungan": "tiga"})
    assert problems == {
        "fields.tanggal_lahir": ["Tanggal tidak valid (format YYYY-MM-DD)."],
        "fields.tanggungan": ["Harus berupa angka."],
    }


def test_text_longer_than_500_characters_is_refused():
    assert refusal(values={**VALUES, "keperluan": "x" * 501}) == {
        "fields.keperluan": ["Paling banyak 500 karakter."]
    }
    assert validate_letter_input(SKTM_FIELDS, APPLICANT, {**VALUES, "keperluan": "x" * 500})


def test_fields_the_letter_type_does_not_have_are_dropped():
    _, fields = validate_letter_input(SKTM_FIELDS, APPLICANT, {**VALUES, "is_admin": "1"})
    assert "is_admin" not in fields


def test_a_field_spec_round_trips_through_its_stored_form_and_is_required_by_default():
    spec = FieldSpec.from_dict({"name": "alamat", "label": "Alamat"})
    assert spec == FieldSpec("alamat", "Alamat", "text", True)
    assert FieldSpec.from_dict(SKTM_FIELDS[3].as_dict()) == SKTM_FIELDS[3]
