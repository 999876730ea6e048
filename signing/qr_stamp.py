"""pyHanko's QR signature stamp with a fixed QR mask.

qrcode picks the "best" of eight masks by drawing the code eight times, which was a fifth of the
time of a whole signature. Every mask is valid by the QR standard (ISO/IEC 18004) and readers decode
any of them, so one fixed mask keeps the stamp identical in meaning and much cheaper. This overrides
pyHanko 0.38's QRStamp._qr_xobject (pinned in requirements.txt); the QR tests decode the result with
zbarimg.

The stamp also prints the heading its signer signs under ("Plt. Kepala Desa Bogem"), above the QR
block inside the same signature field: the heading is part of what that signer signs and can be
worded for whoever actually signs, after earlier signatures have fixed the page.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.qr import PdfStreamQRImage
from pyhanko.pdf_utils.writer import init_xobject_dictionary
from pyhanko.stamp import QRStampStyle
from pyhanko.stamp.qr import QRStamp

QR_MASK = 0


@dataclass(frozen=True)
class FixedMaskQRStampStyle(QRStampStyle):
    """A QRStampStyle whose stamps draw their QR code once, with mask QR_MASK, and print a heading
    (text parameter "heading": lines with their widths) in the top `heading_height` points."""

    heading_height: float = 0
    heading_size: float = 10
    heading_leading: float = 11

    def create_stamp(self, writer, box, text_params: dict) -> "QRStamp":
        try:
            url = text_params.pop("url")
        except KeyError:
            raise layout.LayoutError("A QR stamp needs a 'url' text parameter.") from None
        heading = text_params.pop("heading", ())
        return _FixedMaskQRStamp(
            writer, style=self, url=url, text_params=text_params, box=box, heading=heading
        )


class _FixedMaskQRStamp(QRStamp):
    def __init__(self, *args, heading: Sequence[tuple[str, float]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.heading = heading

    def render(self):
        if not self.heading:
            return super().render()
        # The QR block fills the box below the heading area; the heading ends right above it.
        style: FixedMaskQRStampStyle = self.style
        whole = self.box
        self.box = layout.BoxConstraints(
            width=whole.width, height=whole.height - style.heading_height
        )
        try:
            block = super().render()
        finally:
            self.box = whole
        self.set_resource(
            category=content.ResourceType.FONT,
            name=pdf_name("/LayangHeading"),
            value=generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/Font"),
                    pdf_name("/Subtype"): pdf_name("/Type1"),
                    pdf_name("/BaseFont"): pdf_name("/Helvetica"),
                    pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
                }
            ),
        )
        lines = []
        top = whole.height - style.heading_height + 4 + len(self.heading) * style.heading_leading
        for i, (text, width) in enumerate(self.heading):
            baseline = top - (i + 1) * style.heading_leading + 0.25 * style.heading_size
            lines.append(
                b"1 0 0 1 %g %g Tm (%s) Tj"
                % ((whole.width - width) / 2, baseline, _pdf_string(text))
            )
        heading = b"BT 0 g /LayangHeading %g Tf %s ET" % (style.heading_size, b" ".join(lines))
        return block + b" " + heading

    def _qr_xobject(self):
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=QR_MASK)
        qr.add_data(self.url)
        qr.make()
        stream = qr.make_image(image_factory=PdfStreamQRImage).render_command_stream()
        size = (qr.modules_count + 2 * qr.border) * qr.box_size
        xobject = init_xobject_dictionary(stream, size, size)
        xobject.compress()
        assert self.writer is not None  # a stamp is always made for a writer (see create_stamp)
        return self.writer.add_object(xobject), size


def _pdf_string(text: str) -> bytes:
    """A Latin-1 line as the inside of a PDF literal string."""
    raw = text.encode("latin-1", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
