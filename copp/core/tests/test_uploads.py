"""Uploads must parse as what they claim (issue 14): Pillow opens and verifies images, pypdf reads PDFs;
polyglots, broken files and decompression bombs are refused; photos are stored re-encoded without EXIF."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from copp.core.uploads import UploadRefused, check_parses, reencoded
from tests.factories import exif_with_location, sample_image, sample_pdf


def upload(data: bytes, name="file.bin"):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("data, content_type", [
    (sample_image("PNG"), "image/png"),
    (sample_image("JPEG"), "image/jpeg"),
    (sample_image("WEBP"), "image/webp"),
    (sample_pdf(), "application/pdf"),
])
def test_real_files_pass(data, content_type):
    check_parses(upload(data), content_type)


def _bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, format="PNG")  # 100 megapixels in about 12 KB
    return out.getvalue()


@pytest.mark.parametrize("data, content_type", [
    (b"\xff\xd8\xff\xe0" + b"<?php system($_GET['c']); ?>", "image/jpeg"),              # a JPEG header, PHP body
    (sample_image("JPEG") + b"<?php system($_GET['c']); ?>", "image/jpeg"),              # PHP after a real JPEG
    (sample_image("PNG") + b"<script>alert(1)</script>", "image/png"),                   # script after the IEND
    (sample_image("PNG")[:-30], "image/png"),                                             # cut short
    (sample_image("PNG"), "image/jpeg"),                                                  # not what it claims
    (_bomb_png(), "image/png"),                                                           # decompression bomb
    (b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF", "application/pdf"),
    (sample_pdf()[:200] + b"\n%%EOF\n", "application/pdf"),                               # broken structure
    (sample_pdf()[:-40], "application/pdf"),                                              # no end
    (sample_pdf().replace(b"%%EOF", b"<html><script>alert(1)</script>%%EOF"), "application/pdf"),  # polyglot
])
def test_polyglots_broken_files_and_bombs_are_refused(data, content_type):
    with pytest.raises(UploadRefused) as refused:
        check_parses(upload(data), content_type)
    assert str(refused.value.message)


@pytest.mark.parametrize("fmt, content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_photos_lose_their_exif_location(fmt, content_type):
    original = sample_image(fmt, size=(40, 30), exif=exif_with_location())
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825) is not None
    stored = reencoded(upload(original, f"photo.{fmt.lower()}"), content_type)
    data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == fmt and image.size == (40, 30)
    assert not image.getexif() and b"PhoneMaker" not in data
    check_parses(upload(data), content_type)


def test_a_pdf_is_stored_as_it_came():
    pdf = upload(sample_pdf())
    assert reencoded(pdf, "application/pdf") is pdf


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0b4f8a"/></svg>'


@pytest.mark.parametrize("data, expected", [(SVG, "image/svg+xml"), (sample_image("PNG"), "image/png")])
def test_a_plain_logo_passes(data, expected):
    from copp.core.uploads import check_logo

    assert check_logo(upload(data)) == expected


@pytest.mark.parametrize("data", [
    SVG.replace(b"<rect", b"<script>alert(1)</script><rect"),
    SVG.replace(b"<rect", b'<rect onload="alert(1)"'),
    SVG.replace(b"<rect", b'<a xmlns:x="http://www.w3.org/1999/xlink" x:href="javascript:alert(1)"><rect').replace(
        b"</svg>", b"</a></svg>"),
    SVG.replace(b"<rect", b"<foreignObject><div>x</div></foreignObject><rect"),
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    b"<html><script>alert(1)</script></html>",
    sample_image("PNG") + b"<script>alert(1)</script>",
])
def test_a_logo_that_runs_or_loads_anything_is_refused(data):
    from copp.core.uploads import check_logo

    with pytest.raises(UploadRefused):
        check_logo(upload(data))
