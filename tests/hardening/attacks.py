"""Files and requests an attacker would send, built for the hardening tests."""

from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def with_extra_signature_fields(pdf: bytes, count: int) -> bytes:
    """The signed PDF plus `count` new /Sig fields whose value is the first real signature.

    Each copy makes pyHanko validate the same signature again, with a longer difference analysis
    every time: the cost grows much faster than the file.
    """
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    first = next(f for f in (ref.get_object() for ref in fields) if f.get("/FT") == "/Sig")
    value = first.raw_get("/V")
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    for index in range(count):
        field = generic.DictionaryObject(
            {
                pdf_name("/FT"): pdf_name("/Sig"),
                pdf_name("/T"): pdf_string(f"copy{index}"),
                pdf_name("/V"): value,
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(0)] * 4),
                pdf_name("/P"): page_ref,
            }
        )
        fields.append(writer.add_object(field))
    writer.update_container(form)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
