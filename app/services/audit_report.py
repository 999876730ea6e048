"""The signed PDF audit report of one letter's history.

The report is sealed with the server's own certificate (a PKCS#12 configured as AUDIT_P12 with
AUDIT_P12_PASSPHRASE, env LAYANG_AUDIT_P12 / LAYANG_AUDIT_P12_PASSPHRASE). Without one the report is
still produced, unsigned, and says so in red on its last page; a configured key that cannot be
opened is an error, never a silent fallback.
"""

import hashlib
import threading
from datetime import datetime
from pathlib import Path

from flask import current_app
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

import signing
from app.domain.dates import WIB, waktu
from app.domain.errors import SigningFailed
from app.domain.events import EVENT_LABELS
from app.domain.roles import ROLE_LABELS
from app.domain.status import STATUS_LABELS
from app.models import User
from app.models.base import utcnow
from app.public_urls import public_url
from app.services.audit_reader import History, event_row, letter_history, require_auditor
from app.services.integrity import latest_digest
from signing.render import MARGIN_L, MARGIN_R, PAGE_H, SLOT_BOTTOM, SLOT_H, SLOT_W, SLOT_X, latin1

FIELD_NAME = "audit_report"
_keys: dict = {}
_keys_lock = threading.Lock()


def audit_report(
    user: User, letter_id: int, client_address: str | None = None
) -> tuple[History, bytes, bool]:
    """The letter's history as a PDF report, sealed by the server when a key is configured;
    logged."""
    require_auditor(user)
    key = server_key()
    history = letter_history(user, letter_id, client_address, action="export_pdf")
    now = utcnow()
    pdf = render_report(history, user, now, sealed=key is not None)
    if key is None:
        return history, pdf, False
    block = signing.SignatureBlock(
        slot_index=0,
        field_name=FIELD_NAME,
        signed_at=now,
        signer=signing.SignerIdentity(
            name=key.common_name or "Server Layang",
            position="Segel elektronik Layang",
            office=f"Kabupaten {history.letter.desa.above.above.name}",
        ),
        verify_url=public_url(f"/audit/letters/{history.letter.id}"),
    )
    try:
        return history, signing.sign_pdf(pdf, key, block), True
    except signing.SigningError as error:
        raise SigningFailed(f"Laporan audit tidak dapat disegel: {error}") from None


def server_key() -> signing.SigningKey | None:
    """The server's sealing key from the configuration (opened once per file), or None when none is
    configured."""
    path = current_app.config.get("AUDIT_P12")
    if not path:
        return None
    passphrase = current_app.config.get("AUDIT_P12_PASSPHRASE") or ""
    try:
        stat = Path(path).stat()
        cache_key = (
            str(path),
            stat.st_mtime_ns,
            stat.st_size,
            hashlib.sha256(passphrase.encode()).hexdigest(),
        )
        with _keys_lock:
            if cache_key not in _keys:
                _keys.clear()
                _keys[cache_key] = signing.open_pkcs12(Path(path).read_bytes(), passphrase)
            return _keys[cache_key]
    except (OSError, signing.BadPassphrase, signing.CertificateProblem) as error:
        raise SigningFailed(f"Kunci segel server (AUDIT_P12) tidak dapat dibuka: {error}") from None


class _Report(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-36)
        self.set_font("Helvetica", "I", 7)
        self.set_text_color(90)
        self.cell(
            0, 10, latin1(f"{self.footer_text} · halaman {self.page_no()}/{{nb}}"), align=Align.C
        )
        self.set_text_color(0)


def render_report(history: History, reader: User, now: datetime, sealed: bool) -> bytes:
    """Lay the report out: the letter, the chain check, every event, and the place for the server's
    seal."""
    letter = history.letter
    pdf = _Report(unit="pt", format="A4")
    pdf.footer_text = f"Laporan audit surat #{letter.id} · dibuat {waktu(now)}"
    pdf.set_creation_date(now)
    pdf.set_title(latin1(f"Laporan audit surat #{letter.id}"))
    pdf.set_margins(MARGIN_L, 42, MARGIN_R)
    pdf.set_auto_page_break(True, margin=56)
    pdf.add_page()
    kabupaten = letter.desa.above.above
    for size, line in (
        (12, f"PEMERINTAH KABUPATEN {kabupaten.name.upper()}"),
        (14, "LAPORAN AUDIT RIWAYAT SURAT"),
    ):
        pdf.set_font("Helvetica", "B", size)
        pdf.cell(0, size + 5, latin1(line), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    digest = latest_digest(letter.kabupaten_id)
    facts = [
        ("Surat", f"#{letter.id} · {letter.letter_type.name} ({letter.letter_type.code})"),
        ("Nomor", letter.number or "(belum bernomor)"),
        ("Status", STATUS_LABELS.get(letter.status, letter.status)),
        ("Kantor", f"{letter.desa.title} ({letter.desa.code})"),
        ("Pemohon", f"{letter.applicant_name} · NIK {letter.applicant_nik}"),
        ("Dibuat", waktu(letter.created_at)),
        (
            "Rantai hash",
            "UTUH: setiap peristiwa cocok dengan hash-nya"
            if history.intact
            else "RUSAK: " + "; ".join(history.problems[:3]),
        ),
        ("Kepala rantai", history.events[-1].hash if history.events else "-"),
        ("Digest harian", f"{digest.day.isoformat()} · {digest.hash}" if digest else "(belum ada)"),
        (
            "Diminta oleh",
            f"{reader.full_name} ({ROLE_LABELS.get(reader.role, reader.role)}) · {waktu(now)}",
        ),
    ]
    pdf.set_font("Helvetica", "", 9)
    for label, value in facts:
        pdf.cell(95, 13, latin1(label))
        pdf.multi_cell(0, 13, latin1(f": {value}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    _events_table(pdf, history)
    _seal_area(pdf, sealed)
    return bytes(pdf.output())


def _events_table(pdf: FPDF, history: History) -> None:
    pdf.set_font("Helvetica", "", 7)
    headings = ("No", "Waktu (WIB)", "Peristiwa", "Pelaku", "Kantor · alamat", "Rincian")
    with pdf.table(
        col_widths=(20, 62, 70, 80, 70, 179),
        text_align="LEFT",
        line_height=9,
        padding=2,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
    ) as table:
        table.row(headings)
        for event in history.events:
            row = event_row(event, history)
            actor = (
                f"{row['actor_name']} ({ROLE_LABELS.get(row['role'], row['role'])})"
                if row["actor"]
                else "sistem"
            )
            cells = (
                str(row["seq"]),
                event.at.astimezone(WIB).strftime("%d-%m-%Y %H:%M:%S"),
                EVENT_LABELS.get(event.kind, event.kind),
                actor,
                f"{row['office'] or '-'} · {row['client_address'] or '-'}",
                _details(row),
            )
            table.row([latin1(c) for c in cells])


def _details(row: dict) -> str:
    data = row["data"]
    parts = []
    for key, label in (
        ("step", "langkah"),
        ("decision", "keputusan"),
        ("reason", "alasan"),
        ("number", "nomor"),
    ):
        if data.get(key):
            parts.append(f"{label}: {data[key]}")
    if data.get("certificate_fingerprint"):
        parts.append(f"sertifikat: {data['certificate_fingerprint'][:16]}…")
    if data.get("document_sha256_after"):
        parts.append(f"dokumen: {data['document_sha256_after'][:16]}…")
    if data.get("changed"):
        parts.append("diubah: " + ", ".join(sorted(data["changed"])))
    parts.append(f"hash: {row['hash'][:16]}…" if row["hash"] else "hash: (tidak ada)")
    return "; ".join(parts)


def _seal_area(pdf: FPDF, sealed: bool) -> None:
    """Keep the bottom of the last page free for the seal (signing.slot_box(0)), with its heading
    above."""
    top = PAGE_H - SLOT_BOTTOM - SLOT_H
    if pdf.get_y() > top - 60:
        pdf.add_page()
    pdf.set_auto_page_break(False)
    x = SLOT_X[0]
    pdf.set_xy(x, top - 30)
    pdf.set_font("Helvetica", "", 8)
    if sealed:
        pdf.multi_cell(
            SLOT_W,
            11,
            latin1("Laporan ini disegel secara elektronik oleh server Layang."),
            align=Align.C,
        )
    else:
        pdf.set_xy(MARGIN_L, top - 30)
        pdf.set_text_color(180, 0, 0)
        pdf.set_font("Helvetica", "B", 9)
        pdf.multi_cell(
            0,
            12,
            latin1(
                "LAPORAN INI TIDAK DITANDATANGANI: kunci segel server (LAYANG_AUDIT_P12) "
                "belum dikonfigurasi, sehingga keaslian berkas ini tidak dapat diperiksa."
            ),
            align=Align.L,
            border=1,
            padding=4,
        )
        pdf.set_text_color(0)
