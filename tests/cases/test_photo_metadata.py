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


def _full_decode_ok(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except OSError:
        return False
    return True


def test_a_clean_jpeg_is_accepted_exactly_when_it_decodes_at_full_size() -> None:
    """A JPEG without metadata is only decoded at an eighth of its size to prove it is whole
    (issue #16): that must accept and refuse the same files as decoding it in full."""
    pixels = bytes((x * 7 + y * 13) % 256 for y in range(96) for x in range(128 * 3))
    out = io.BytesIO()
    Image.frombytes("RGB", (128, 96), pixels).save(out, format="JPEG", quality=85)
    whole = out.getvalue()
    variants = {
        "whole": whole,
        "cut short": whole[: len(whole) // 2],
        "cut short, end marker kept": whole[: len(whole) // 2] + b"\xff\xd9",
    }
    outcomes = {}
    for name, data in variants.items():
        try:
            kept = check_bytes(data, "foto.jpg").data
        except ValidationError as exc:
            assert exc.code == "bad_image"
            outcomes[name] = False
        else:
            assert kept == data  # clean: stored byte for byte
            outcomes[name] = True
        assert outcomes[name] == _full_decode_ok(data), name
    assert outcomes["whole"] and not outcomes["cut short"]
