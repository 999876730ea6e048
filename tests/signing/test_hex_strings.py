"""The faster hex-string reader answers what pyHanko's own reader answers, and leaves the stream at
the same place (signing.hex_strings)."""

from io import BytesIO

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfStreamError

from signing import hex_strings

CASES = [
    b"<>",
    b"<3082>",
    b"<4e6f7620 736d69 74680a>",  # whitespace between the digits
    b"<\n30 82\r\n0A\tff\x00\x0c>",
    b"<abc>",  # odd: a trailing 0 is implied
    b"<" + b"3082" * 5000 + b"0" * 9000 + b">",  # longer than one chunk, like a signature
    b"<30 % a comment\n82>",  # pyHanko reads % as a comment, even here
]


def _read(reader, data: bytes):
    stream = BytesIO(data + b" /Next")
    value = reader(stream)
    return value, type(value), stream.tell()


@pytest.mark.parametrize("data", CASES)
def test_same_answer_and_position_as_pyhanko(data):
    assert _read(hex_strings.read_hex_string_from_stream, data) == _read(
        hex_strings._PYHANKO_READER, data
    )


@pytest.mark.parametrize("data", [b"<30zz82>", b"<3082"])
def test_bad_hex_strings_refused_as_pyhanko_refuses_them(data):
    with pytest.raises(PdfStreamError):
        hex_strings.read_hex_string_from_stream(BytesIO(data))


def test_installed_for_pyhankos_object_reader():
    assert generic.read_hex_string_from_stream is hex_strings.read_hex_string_from_stream
