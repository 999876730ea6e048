"""Stamp a signer's visible block and add a PAdES signature as an incremental update."""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from io import BytesIO

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper, TimestampRequestError
from pyhanko.stamp import QRPosition

from .errors import InvalidDocument, ServiceUnavailable, SigningError
from .keys import SignerIdentity, SigningKey, check_valid_at
from .qr_stamp import FixedMaskQRStampStyle
from .render import (
    HEADING_AREA,
    HEADING_LINE,
    HEADING_SIZE,
    SLOT_W,
    field_box,
    heading_lines,
    slot_box,
)

WIB = timezone(timedelta(hours=7), "WIB")

# Stamp geometry: an 84 pt QR symbol (about 2.4 cm without its quiet zone)
# stays readable by phone cameras, and by zbarimg on a 150 dpi render, for
# verification URLs of up to ~100 characters.
QR_SIZE = 84
QR_PADDING = 3
FONT_SIZE = 7
TEXT_MARGINS = layout.Margins(left=6, right=4, top=4, bottom=4)
CHAR_WIDTH = 0.6 * FONT_SIZE  # pyHanko's default stamp font is Courier (monospaced)
TEXT_COLUMNS = int((SLOT_W - QR_SIZE - 2 * QR_PADDING - 10 - 2) / CHAR_WIDTH)
MAX_LINES_PER_FIELD = 2
MAX_BLOCK_LINES = 9  # (SLOT_H - margins) / leading
# Extra room for an RFC 3161 token (TSA certificate chain, signed TSTInfo) in
# the CMS blob, in hex characters: real TSAs embed two or three certificates.
TIMESTAMP_RESERVE = 2 * 12288

_STYLE = FixedMaskQRStampStyle(
    stamp_text="%(block_text)s",
    text_box_style=TextBoxStyle(
        font_size=FONT_SIZE,
        leading=9,  # integers only: pyHanko lays boxes out with Fraction
        box_layout_rule=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=TEXT_MARGINS,
        ),
    ),
    qr_inner_size=QR_SIZE,
    innsep=QR_PADDING,
    qr_position=QRPosition.LEFT_OF_TEXT,
    border_width=1,
    background=None,  # pyHanko's default draws its own logo behind the text
    heading_height=HEADING_AREA,
    heading_size=HEADING_SIZE,
    heading_leading=HEADING_LINE,
)


@dataclass(frozen=True)
class SignatureBlock:
    slot_index: int
    field_name: str
    signer: SignerIdentity
    signed_at: datetime
    verify_url: str
    # The words above the block ("Kepala Desa Bogem", "Mengetahui,\nPlt. Camat Japah"), printed by
    # this signature's own stamp; empty when the page already carries them.
    heading: str = ""


class _PdfSignerAt(signers.PdfSigner):
    """PdfSigner that uses the caller's signing time instead of the clock.

    The time printed in the block, the signature's /M entry and the time the
    app records must be one and the same.
    """

    def __init__(self, *args, signing_time: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def _ascii(text: str) -> str:
    # The stamp font is a non-embedded standard font with WinAnsi encoding and
    # pyHanko writes non-ASCII strings as UTF-16, which would print as garbage.
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "replace")
        .decode()
    )


def _wrap(text: str) -> list[str]:
    lines = textwrap.wrap(_ascii(text), TEXT_COLUMNS) or [""]
    if len(lines) > MAX_LINES_PER_FIELD:
        # Overlong text would make pyHanko shrink the whole block, QR included.
        lines = lines[:MAX_LINES_PER_FIELD]
        lines[-1] = lines[-1][: TEXT_COLUMNS - 3].rstrip() + "..."
    return lines


def block_text(block: SignatureBlock) -> str:
    """The text lines printed next to the QR code in a signature block."""
    when = block.signed_at.astimezone(WIB).strftime("%d-%m-%Y %H:%M")
    signer = block.signer
    lines = _wrap(signer.name) + ([_ascii(signer.nip)] if signer.nip else [])
    if not block.heading:  # the heading, when printed, names the position and office already
        for part in signer.position.split("\n"):
            lines += _wrap(part)
        lines += _wrap(signer.office)
    # The box holds MAX_BLOCK_LINES at this leading; the spacer goes first when room is short.
    spacer = [""] if len(lines) + 4 <= MAX_BLOCK_LINES else []
    lines += [*spacer, "Ditandatangani secara", "elektronik pada", f"{when} WIB"]
    return "\n".join(lines)


def http_timestamper(url: str | None, timeout: float = 10) -> TimeStamper | None:
    """The RFC 3161 client of the configured time-stamping authority, or None (PAdES B-B)."""
    return HTTPTimeStamper(url, timeout=timeout) if url else None


def sign_pdf(
    pdf: bytes, key: SigningKey, block: SignatureBlock, *, timestamper: TimeStamper | None = None
) -> bytes:
    """Stamp the signer's visible block (its heading, name, NIP, time, QR of verify_url) and add a
    PAdES signature as an incremental update.

    With a timestamper the signature also carries an RFC 3161 signature
    timestamp (PAdES B-T); without one it is B-B and makes no network call.
    """
    if block.signed_at.tzinfo is None:
        raise ValueError("signed_at must be timezone-aware")
    if not block.field_name or "." in block.field_name:
        raise ValueError(f"bad signature field name {block.field_name!r}")
    check_valid_at(key.not_before, key.not_after, block.signed_at)
    page, box = field_box(block.slot_index) if block.heading else slot_box(block.slot_index)
    meta = signers.PdfSignatureMetadata(
        field_name=block.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=_ascii(block.signer.name),
        location=_ascii(block.signer.office),
        reason=_ascii(f"Ditandatangani sebagai {block.signer.position}"),
    )
    pdf_signer = _PdfSignerAt(
        meta,
        key.signer,
        stamp_style=_STYLE,
        # pyHanko annotates the box as ints; PDF rectangles take the float points we compute.
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=block.field_name,
            on_page=page,
            box=box,  # type: ignore[arg-type]
        ),
        signing_time=block.signed_at,
        timestamper=timestamper,
    )
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        out = pdf_signer.sign_pdf(
            writer,
            bytes_reserved=key.bytes_reserved + (TIMESTAMP_RESERVE if timestamper else 0),
            appearance_text_params={
                "block_text": block_text(block),
                "url": block.verify_url,
                "heading": heading_lines(block.heading) if block.heading else (),
            },
        )
    except TimestampRequestError as exc:
        raise ServiceUnavailable(f"Layanan cap waktu (TSA) tidak dapat dihubungi: {exc}") from exc
    except PyHankoSigningError as exc:
        raise SigningError(f"pyHanko refused to sign: {exc}") from exc
    except PdfError as exc:
        raise InvalidDocument(f"cannot read the PDF to sign: {exc}") from exc
    except ValueError as exc:  # pyHanko's layout and form errors derive from it
        raise SigningError(f"signing failed: {exc}") from exc
    return out.getvalue()
