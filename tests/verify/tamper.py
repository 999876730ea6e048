"""Ways to spoil a signed letter, as a forger or a careless editor would."""

from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer


def flip_byte(pdf: bytes, at: int) -> bytes:
    damaged = bytearray(pdf)
    damaged[at] ^= 0x01
    return bytes(damaged)


def append_page_text(pdf: bytes, text: bytes = b"LUNAS") -> bytes:
    """An incremental update that adds a content stream printing `text` on the first page."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0]
    stream = writer.add_object(
        generic.StreamObject(stream_data=b"BT /Helvetica 28 Tf 200 420 Td (" + text + b") Tj ET")
    )
    contents = page.raw_get("/Contents")
    streams = list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
    page["/Contents"] = generic.ArrayObject([*streams, stream])
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def append_text_annotation(pdf: bytes, text: str) -> bytes:
    """An incremental update that puts a free-text note with `text` on the first page."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    note = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/FreeText"),
            pdf_name("/Rect"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (300, 450, 540, 480)]
            ),
            pdf_name("/Contents"): pdf_string(text),
            pdf_name("/DA"): pdf_string("/Helv 12 Tf 0 g"),
        }
    )
    writer.register_annotation(page_ref, writer.add_object(note))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def resave(pdf: bytes) -> bytes:
    """The whole file read and written out again, as an editor's "Save as" does."""
    out = BytesIO()
    copy_into_new_writer(PdfFileReader(BytesIO(pdf))).write(out)
    return out.getvalue()
