"""The NIK (Nomor Induk Kependudukan): 16 digits with a recognisable structure."""

import re

_NIK = re.compile(r"[0-9]{16}")  # ASCII digits only: "\d" would take full-width ones


def nik_problem(nik: str) -> str | None:
    """Why `nik` is not a valid NIK, in Bahasa Indonesia, or None when it is valid."""
    if not _NIK.fullmatch(nik or ""):
        return "NIK harus terdiri dari 16 angka."
    province = int(nik[0:2])
    day, month = int(nik[6:8]), int(nik[8:10])
    if province < 11 or province > 96:
        return "Kode provinsi pada NIK tidak dikenal."
    if day > 40:  # women's NIK adds 40 to the day of birth
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return "Tanggal lahir pada NIK tidak valid."
    if nik[12:] == "0000":
        return "Nomor urut pada NIK tidak valid."
    return None
