"""Hostile and ordinary uploads: recognised by content, images re-encoded, PDFs checked."""

import io

import pytest
from PIL import Image

from app.domain.errors import InvalidInput
from app.services.residents.uploads import MAX_BYTES, clean_upload
from tests.residents import files


def test_a_phone_photo_is_re_encoded_without_exif():
    original = files.ktp_photo()
    assert b"PhoneMaker" in original
    clean = clean_upload(original, "files.ktp")
    assert clean.media_type == "image/jpeg"
    assert b"PhoneMaker" not in clean.content and b"Exif" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.format == "JPEG" and image.size == (640, 400)
        assert not image.getexif()


def test_an_executable_renamed_jpg_is_refused():
    with pytest.raises(InvalidInput) as refused:
        clean_upload(files.executable(), "files.ktp")
    assert "Jenis berkas tidak didukung" in refused.value.fields["files.ktp"][0]


def test_an_html_page_named_jpg_is_refused():
    with pytest.raises(InvalidInput):
        clean_upload(files.html_named_jpg(), "files.ktp")


def test_an_html_js_polyglot_loses_its_script_when_re_encoded():
    clean = clean_upload(files.png_with_script(), "files.kk")
    assert clean.media_type == "image/jpeg"
    assert b"<script" not in clean.content and b"<html" not in clean.content


def test_an_oversize_file_is_refused():
    with pytest.raises(InvalidInput) as refused:
        clean_upload(b"%PDF-1.7\n" + b"0" * MAX_BYTES, "files.ktp")
    assert "5 MB" in refused.value.message


def test_a_decompression_bomb_image_is_refused_before_decoding():
    bomb = files.bomb_png()
    assert len(bomb) < 200_000  # small on the wire, 400 megapixels once decoded
    with pytest.raises(InvalidInput) as refused:
        clean_upload(bomb, "files.ktp")
    assert "terlalu besar" in refused.value.message


def test_a_pdf_with_javascript_is_refused():
    with pytest.raises(InvalidInput) as refused:
        clean_upload(files.pdf_with_javascript(), "files.kk")
    assert "skrip" in refused.value.message


def test_a_plain_pdf_is_kept_as_sent():
    pdf = files.plain_pdf()
    clean = clean_upload(pdf, "files.kk")
    assert clean.media_type == "application/pdf" and clean.content == pdf


def test_a_broken_pdf_is_refused():
    with pytest.raises(InvalidInput) as refused:
        clean_upload(b"%PDF-1.7\nnot really a pdf", "files.kk")
    assert "rusak" in refused.value.message
