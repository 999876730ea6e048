"""Residents' attachments: known by content, images re-encoded, PDFs checked for active content.

Whatever a stranger uploads is either turned into a plain JPEG made by Pillow from the decoded
pixels (no EXIF, no comments, nothing appended survives) or kept as a PDF only after every object
in it was looked at and none can run code, open files or carry other files.
"""

import io
import warnings
from dataclasses import dataclass

import pikepdf
from PIL import Image, ImageOps

from app.domain.errors import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb, not a KTP
LONGEST_SIDE = 2000  # re-encoded images are scaled down to this: enough to read a KTP or KK
MAX_PDF_PAGES = 20
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# PDF names that run code, launch programs, fetch or submit data, or carry other files.
_ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
    "/AA",
    "/OpenAction",
}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/Sound"}


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    media_type: str


def clean_upload(data: bytes, field: str) -> CleanFile:
    """The safe form of an uploaded requirement, or InvalidInput naming `field` and the problem."""
    if not data:
        raise _refused(field, "Berkas kosong.")
    if len(data) > MAX_BYTES:
        raise _refused(field, "Berkas terlalu besar (paling besar 5 MB).")
    if data.startswith(b"%PDF-"):
        return CleanFile(_checked_pdf(data, field), "application/pdf")
    return CleanFile(_reencoded_image(data, field), "image/jpeg")


def _reencoded_image(data: bytes, field: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _refused(field, "Ukuran gambar terlalu besar.")
                # JPEG: let the decoder scale down by 1/2, 1/4 or 1/8 while decoding (much cheaper).
                image.draft("RGB", (LONGEST_SIDE, LONGEST_SIDE))
                image.load()
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refused(field, "Ukuran gambar terlalu besar.") from None
        except InvalidInput:
            raise
        except Exception:  # Pillow raises many kinds for files that are not what they claim
            raise _refused(field, _UNSUPPORTED) from None
    picture = upright.convert("RGB")
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)  # a new file: no EXIF, no extras
    return out.getvalue()


def _checked_pdf(data: bytes, field: str) -> bytes:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise _refused(field, f"PDF paling banyak {MAX_PDF_PAGES} halaman.")
            if _has_active_content(pdf):
                raise _refused(
                    field, "PDF ini memuat skrip atau berkas sisipan dan tidak dapat diterima."
                )
    except pikepdf.PasswordError:
        raise _refused(field, "PDF yang dikunci kata sandi tidak dapat diterima.") from None
    except pikepdf.PdfError:
        raise _refused(field, "Berkas PDF rusak atau tidak dapat dibaca.") from None
    return data


def _has_active_content(pdf: pikepdf.Pdf) -> bool:
    """True when any object of the PDF can act (run, launch, carry files) when it is opened."""
    for obj in pdf.objects:
        dictionary = obj if isinstance(obj, pikepdf.Dictionary) else None
        if isinstance(obj, pikepdf.Stream):
            dictionary = obj.stream_dict
        if dictionary is None:
            continue
        keys = set(dictionary.keys())
        if keys & _ACTIVE_KEYS:
            return True
        action = dictionary.get("/S")
        if isinstance(action, pikepdf.Name) and str(action) in _ACTIVE_ACTIONS:
            return True
    return False


_UNSUPPORTED = "Jenis berkas tidak didukung: kirim foto (JPG, PNG, WEBP) atau PDF."


def _refused(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})
