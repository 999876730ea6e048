"""Offices as people name them: kinds, derived office codes, and the words a kelurahan uses."""

import re
from enum import StrEnum

from app.domain.roles import OfficeLevel


class OfficeKind(StrEnum):
    """What an office is; a kelurahan works at the desa level (same routes, same roles)."""

    KABUPATEN = "kabupaten"
    KECAMATAN = "kecamatan"
    DESA = "desa"
    KELURAHAN = "kelurahan"


KIND_LEVEL = {
    OfficeKind.KABUPATEN: OfficeLevel.KABUPATEN,
    OfficeKind.KECAMATAN: OfficeLevel.KECAMATAN,
    OfficeKind.DESA: OfficeLevel.DESA,
    OfficeKind.KELURAHAN: OfficeLevel.DESA,
}
KIND_LABELS = {
    OfficeKind.KABUPATEN: "Kabupaten",
    OfficeKind.KECAMATAN: "Kecamatan",
    OfficeKind.DESA: "Desa",
    OfficeKind.KELURAHAN: "Kelurahan",
}
# The prefix of derived office codes, e.g. DS-BGM for Desa Bogem.
CODE_PREFIX = {
    OfficeKind.KABUPATEN: "KAB",
    OfficeKind.KECAMATAN: "KEC",
    OfficeKind.DESA: "DS",
    OfficeKind.KELURAHAN: "KEL",
}
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{1,19}$")
_VOWELS = set("AEIOU")


def parse_kind(text: str) -> OfficeKind | None:
    """The office kind written in `text` ("Desa", "kelurahan", ...), or None."""
    try:
        return OfficeKind((text or "").strip().lower())
    except ValueError:
        return None


def code_problem(code: str) -> str | None:
    """Why `code` cannot be an office code, in Bahasa Indonesia, or None."""
    if not CODE_PATTERN.match(code or ""):
        return "Kode kantor 2-20 huruf besar, angka, titik atau tanda minus (misalnya DS-BGM)."
    return None


def derive_code(kind: OfficeKind, name: str, taken: set[str]) -> str:
    """A readable office code from the name, e.g. Desa Bogem -> DS-BGM; unique within `taken`.

    The first letter and the consonants after it (N left out, as in KEC-RDB for Randublatung)
    make three letters; a number is added when the code is already taken.
    """
    letters = [c for c in (name or "").upper() if "A" <= c <= "Z"]
    if not letters:
        letters = ["X"]
    picked = [letters[0]] + [c for c in letters[1:] if c not in _VOWELS and c != "N"]
    if len(picked) < 3:
        picked += [c for c in letters[1:] if c not in picked]
    base = f"{CODE_PREFIX[kind]}-{''.join(picked[:3])}"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}{n}"
    return code


def head_title(kind: str) -> str:
    """The head of an office of this kind: Kepala Desa, Lurah, Camat, Bupati."""
    heads = {
        OfficeKind.KELURAHAN.value: "Lurah",
        OfficeKind.KECAMATAN.value: "Camat",
        OfficeKind.KABUPATEN.value: "Bupati",
    }
    return heads.get(kind, "Kepala Desa")
