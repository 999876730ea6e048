"""pyHanko's QR signature stamp with a fixed QR mask.

qrcode picks the "best" of eight masks by drawing the code eight times, which was a fifth of the
time of a whole signature. Every mask is valid by the QR standard (ISO/IEC 18004) and readers decode
any of them, so one fixed mask keeps the stamp identical in meaning and much cheaper. This overrides
pyHanko 0.38's QRStamp._qr_xobject (pinned in requirements.txt); the QR tests decode the result with
zbarimg.
"""

from dataclasses import dataclass

import qrcode
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.qr import PdfStreamQRImage
from pyhanko.pdf_utils.writer import init_xobject_dictionary
from pyhanko.stamp import QRStampStyle
from pyhanko.stamp.qr import QRStamp

QR_MASK = 0


@dataclass(frozen=True)
class FixedMaskQRStampStyle(QRStampStyle):
    """A QRStampStyle whose stamps draw their QR code once, with mask QR_MASK."""

    def create_stamp(self, writer, box, text_params: dict) -> "QRStamp":
        try:
            url = text_params.pop("url")
        except KeyError:
            raise layout.LayoutError("A QR stamp needs a 'url' text parameter.") from None
        return _FixedMaskQRStamp(writer, style=self, url=url, text_params=text_params, box=box)


class _FixedMaskQRStamp(QRStamp):
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
