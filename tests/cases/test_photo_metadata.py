"""Photos lose their EXIF metadata (GPS, device, time) before they are sealed (issue #14)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, PngImagePlugin

from payung.cases.uploads import check_bytes
from tests.cases.helpers import JPEG_BYTES, PNG_BYTES

GPS_IFD = 0x8825


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (4, 3), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "ContohPhone"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[GPS_IFD] = {1: "S", 2: (7.0, 38.0, 30.0), 3: "E", 4: (112.0, 53.0, 40.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"rumah korban")
    return out.getvalue()


def test_gps_and_device_are_removed_from_a_jpeg_and_it_stays_upright() -> None:
    original = _jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    stored = check_bytes(original, "foto.jpg").data
    assert b"ContohPhone" not in stored and b"rumah korban" not in stored
    with Image.open(io.BytesIO(stored)) as after:
        assert not after.getexif()
        assert "exif" not in after.info and "comment" not in after.info
        assert after.size == (3, 4)  # the orientation was applied before it was dropped


def test_text_chunks_are_removed_from_a_png() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "-7.64, 112.89")
    out = io.BytesIO()
    Image.new("RGBA", (2, 2)).save(out, format="PNG", pnginfo=info)
    stored = check_bytes(out.getvalue(), "a.png").data
    assert b"112.89" not in stored
    with Image.open(io.BytesIO(stored)) as after:
        assert after.size == (2, 2) and not getattr(after, "text", {})


def test_a_jpeg_without_metadata_is_kept_byte_for_byte() -> None:
    assert check_bytes(JPEG_BYTES, "foto.jpg").data == JPEG_BYTES
    assert check_bytes(PNG_BYTES, "a.png").content_type == "image/png"


def test_a_photo_that_cannot_be_decoded_is_refused() -> None:
    broken = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
    with pytest.raises(ValidationError) as exc:
        check_bytes(broken, "foto.jpg")
    assert exc.value.code == "bad_image"
