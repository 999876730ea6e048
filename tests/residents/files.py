"""Files a resident (or an attacker) might upload, made by the tests themselves."""

import io

import pikepdf
from PIL import Image


def ktp_photo(width: int = 640, height: int = 400, with_exif: bool = True) -> bytes:
    """A JPEG like a phone photo of a KTP, with EXIF (GPS position, camera) unless asked not to."""
    image = Image.new("RGB", (width, height), (40, 90, 160))
    for x in range(40, 240):
        for y in range(60, 300, 7):
            image.putpixel((x, y), (250, 250, 250))
    exif = Image.Exif()
    if with_exif:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0131] = "Camera 1.0"  # Software
        exif[0x8825] = {1: "S", 2: (6.0, 58.0, 0.0), 3: "E", 4: (111.0, 25.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_with_script() -> bytes:
    """An HTML/JS polyglot: a valid PNG whose bytes also carry an HTML page with a script."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def html_named_jpg() -> bytes:
    """An HTML page with a script, saved under a .jpg name."""
    return b"<!doctype html><html><script>fetch('/api/v1/letters')</script></html>"


def executable() -> bytes:
    """The start of a Windows executable (MZ header, PE signature)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00" * 64


def bomb_png(side: int = 20_000) -> bytes:
    """A tiny PNG that decodes to side x side pixels (400 megapixels by default): a bomb."""
    out = io.BytesIO()
    Image.new("1", (side, side), 0).save(out, format="PNG", optimize=True)
    return out.getvalue()


def plain_pdf() -> bytes:
    """A one-page PDF with nothing active in it."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    """A PDF that runs JavaScript when opened (OpenAction)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    action = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    )
    pdf.Root.OpenAction = action
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
