"""A faster reader for PDF hex strings, installed in place of pyHanko 0.38's.

pyHanko reads a hex string one byte at a time through Python generators. A signature's /Contents is
one: about 8,000 hex digits for our signatures (the CMS plus the reserved room), read whenever a
signed PDF is opened to validate it or to sign it again. That read took about half of validating a
one-signature letter. This reader takes the string up to its closing `>` in one slice and answers
exactly what pyHanko's would; anything unusual in the string (a `%`, which pyHanko treats as a
comment, or a byte that is not a hex digit or PDF whitespace), or no closing `>`, is handed to
pyHanko's own reader, so its errors and quirks stay as they are.
"""

from __future__ import annotations

import binascii
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

_PYHANKO_READER = generic.read_hex_string_from_stream
_NOT_HEX_DIGIT = re.compile(rb"[^0-9a-fA-F]")
_CHUNK = 16384


def read_hex_string_from_stream(stream):
    """pyHanko's read_hex_string_from_stream (the stream is at the `<`), without the per-byte
    loop."""
    start = stream.tell()
    stream.read(1)
    parts = []
    while True:
        chunk = stream.read(_CHUNK)
        end = chunk.find(b">")
        if end >= 0:
            parts.append(chunk[:end])
            stream.seek(end + 1 - len(chunk), 1)  # just past the `>`
            break
        if not chunk:
            stream.seek(start)
            return _PYHANKO_READER(stream)  # no `>`: pyHanko raises its error
        parts.append(chunk)
    digits = b"".join(parts).translate(None, PDF_WHITESPACE)
    if _NOT_HEX_DIGIT.search(digits):
        stream.seek(start)
        return _PYHANKO_READER(stream)
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


def install() -> None:
    """Make pyHanko's object reader use this reader (it looks the name up in its module)."""
    generic.read_hex_string_from_stream = read_hex_string_from_stream
