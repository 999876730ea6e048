"""Read an uploaded spreadsheet (XLSX through openpyxl, or CSV) into named tables of text cells."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.errors import InvalidInput

MAX_ROWS = 20_000  # per sheet; a kabupaten has a few thousand officials at most
MAX_COLUMNS = 40


@dataclass
class Table:
    """One sheet: its header (lower-cased names) and its rows, each with its row number."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    whole_file: bool = False  # a CSV file, not one sheet of a workbook that may hold others


def read_uploads(files: list[tuple[str, bytes]]) -> list[Table]:
    """The tables of every uploaded file (name, content), in upload order; CSV files hold one table
    each, so offices and officials come as two CSV files in one upload."""
    if not files:
        raise InvalidInput("Pilih berkas XLSX atau CSV.", fields={"file": ["Wajib diisi."]})
    tables = [table for filename, content in files for table in read_tables(filename, content)]
    names = [table.name for table in tables]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise InvalidInput(
            f"Nama lembar atau berkas kembar: {', '.join(twice)}.",
            fields={
                "file": ["Beri setiap berkas CSV nama lain, misalnya kantor.csv dan pejabat.csv."]
            },
        )
    return tables


def read_tables(filename: str, content: bytes) -> list[Table]:
    """The sheets of an XLSX file, or the one table of a CSV file; InvalidInput when unreadable."""
    if not content:
        raise InvalidInput("Berkas kosong.", fields={"file": ["Pilih berkas XLSX atau CSV."]})
    if content[:4] == b"PK\x03\x04":
        return _xlsx_tables(content)
    if (filename or "").lower().endswith((".xlsx", ".xlsm")):
        raise InvalidInput("Berkas XLSX rusak.", fields={"file": ["Bukan berkas XLSX yang sah."]})
    return [_csv_table(filename, content)]


def _xlsx_tables(content: bytes) -> list[Table]:
    from openpyxl import load_workbook  # openpyxl parses its XML through defusedxml when present

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InvalidInput(
            "Berkas XLSX tidak dapat dibaca.", fields={"file": [f"Berkas rusak: {error}"]}
        ) from None
    try:
        return [
            _table(sheet.title, sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _csv_table(filename: str, content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # spreadsheets saved by older Excel
    first_line = text.split("\n", 1)[0]
    # Excel in Indonesian locales writes CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    name = (filename or "data").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    table = _table(name, csv.reader(io.StringIO(text), delimiter=delimiter))
    table.whole_file = True
    return table


def _table(name: str, rows) -> Table:
    header: list[str] | None = None
    table = Table(name=name, header=[])
    for number, values in enumerate(rows, start=1):
        cells = [_text(v) for v in values][:MAX_COLUMNS]
        if header is None:
            if not any(cells):
                continue  # blank lines above the header
            header = [c.strip().lower().replace(" ", "_") for c in cells]
            table.header = header
            continue
        if not any(cells):
            continue
        if len(table.rows) >= MAX_ROWS:
            raise InvalidInput(
                f"Lembar {name} lebih dari {MAX_ROWS} baris.",
                fields={"file": [f"Paling banyak {MAX_ROWS} baris per lembar."]},
            )
        table.rows.append(
            (number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
        )
    return table


def _text(value) -> str:
    """A cell as text: whole numbers without ".0" (NIKs typed as numbers), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()
