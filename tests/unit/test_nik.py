"""NIK checks: 16 digits whose province, birth date and serial number make sense."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.nik import nik_problem

DIGITS = "NIK harus terdiri dari 16 angka."
PROVINCE = "Kode provinsi pada NIK tidak dikenal."
BIRTH_DATE = "Tanggal lahir pada NIK tidak valid."
SERIAL = "Nomor urut pada NIK tidak valid."


def nik(province=33, area="1601", day=12, month=1, year=90, serial="0001") -> str:
    return f"{province:02d}{area}{day:02d}{month:02d}{year:02d}{serial}"


def test_a_man_and_a_womans_nik_are_valid():
    assert nik_problem("3316011201900001") is None
    assert nik_problem("3316014501900001") is None  # a woman born on the 5th: day + 40


@pytest.mark.parametrize(
    "value",
    ["", None, "331601120190000", "33160112019000011", "33160112O1900001", " 3316011201900001"],
)
def test_anything_but_sixteen_digits_is_refused(value):
    assert nik_problem(value) == DIGITS


@pytest.mark.parametrize("province", [0, 10, 97, 99])
def test_an_unknown_province_code_is_refused(province):
    assert nik_problem(nik(province=province)) == PROVINCE


@pytest.mark.parametrize(
    ("day", "month"), [(0, 1), (32, 1), (40, 1), (72, 1), (12, 0), (12, 13), (52, 13)]
)
def test_an_impossible_birth_date_is_refused(day, month):
    assert nik_problem(nik(day=day, month=month)) == BIRTH_DATE


def test_serial_number_zero_is_refused():
    assert nik_problem(nik(serial="0000")) == SERIAL


@given(
    province=st.integers(11, 96),
    day=st.integers(1, 31) | st.integers(41, 71),
    month=st.integers(1, 12),
    year=st.integers(0, 99),
    serial=st.integers(1, 9999),
    area=st.from_regex(r"\A[0-9]{4}\Z"),  # ASCII digits: a NIK takes no other digits
)
def test_every_well_formed_nik_is_accepted(province, day, month, year, serial, area):
    value = nik(province, area, day, month, year, f"{serial:04d}")
    assert nik_problem(value) is None
