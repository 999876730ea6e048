"""Signing for someone else, worded as the tata naskah dinas rules print it.

Permendagri No. 1 Tahun 2023 (Tata Naskah Dinas di Lingkungan Pemerintah Daerah) prints an
official who signs in another's place as:
- "Plt." (pelaksana tugas): the deputy holds the office's duties, e.g. "Plt. Camat Japah";
- "a.n." (atas nama): one level below signs in the head's name, under the head's title:
  "a.n. Camat Japah" / "Sekretaris Kecamatan";
- "u.b." (untuk beliau): two levels below, after the a.n. line of the head and the title of
  the official in between: "a.n. Camat Japah" / "Sekretaris Kecamatan" / "u.b." / own position.
Pasal 44 ayat (3): the name is printed with degrees and the NIP under it.
"""

from enum import StrEnum


class ActingForm(StrEnum):
    PLT = "plt"
    AN = "an"
    UB = "ub"


FORM_LABELS = {
    ActingForm.PLT: "Plt. (pelaksana tugas)",
    ActingForm.AN: "a.n. (atas nama)",
    ActingForm.UB: "u.b. (untuk beliau)",
}


def acting_position(form: str, head_title: str, deputy_title: str, own_position: str) -> str:
    """The position lines printed under a signature made in another's place, one per line.

    `head_title` is the absent official's title with the office ("Camat Japah"), `deputy_title`
    the title of the deputy one level below ("Sekretaris Kecamatan"), `own_position` the signer's.
    """
    if form == ActingForm.AN:
        return f"a.n. {head_title}\n{deputy_title}"
    if form == ActingForm.UB:
        return f"a.n. {head_title}\n{deputy_title}\nu.b.\n{own_position}"
    return f"Plt. {head_title}"


def nip_line(nip: str | None) -> str | None:
    """The line under the signer's name: "NIP. 19680303 199003 1 004", or None without a NIP."""
    digits = "".join(c for c in (nip or "") if c.isdigit())
    if len(digits) != 18:
        return f"NIP. {nip.strip()}" if nip and nip.strip() else None
    return f"NIP. {digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
