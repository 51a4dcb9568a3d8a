"""Checking an uploaded photo or document before it is sealed.

The type is decided from the bytes (``filetype`` reads the magic numbers), never from the
file name or the browser's Content-Type: a ``.jpg`` that is really a PDF is stored as a PDF,
and HTML or a script renamed ``foto.jpg`` is refused.

Photos lose their metadata before they are sealed (``strip_photo_metadata``): a phone's
JPEG carries EXIF with the GPS position where it was taken (often the victim's home or the
shelter), the device and the time; a PNG may carry text chunks. The picture is decoded and
written again without them, its EXIF orientation applied first so it still stands upright.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ALLOWED_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}


@dataclass(frozen=True)
class AttachmentInput:
    content_type: str
    data: bytes
    original_name: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "REPORT_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))


def check_bytes(data: bytes, original_name: str = "") -> AttachmentInput:
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batasnya %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("Berkas kosong."), code="empty")
    kind = filetype.guess(data[:8192])
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("Jenis berkas tidak diterima. Kirim foto JPEG atau PNG, atau dokumen PDF."),
            code="bad_type",
        )
    if mime in ("image/jpeg", "image/png"):
        data = strip_photo_metadata(data, mime)
    return AttachmentInput(content_type=mime, data=data, original_name=original_name[:200])


# JPEG segments that carry no personal metadata: the JFIF header and Adobe's colour note.
_HARMLESS_JPEG_SEGMENTS = ((b"APP0", b"JFIF"), (b"APP14", b"Adobe"))


def _jpeg_is_clean(image: Image.Image, data: bytes) -> bool:
    """No APPn/COM segment beyond JFIF and Adobe, and nothing appended after the end."""
    applist = getattr(image, "applist", [])
    for marker, payload in applist:
        name = marker.encode() if isinstance(marker, str) else marker
        if not any(name == m and payload.startswith(p) for m, p in _HARMLESS_JPEG_SEGMENTS):
            return False
    return data.endswith(b"\xff\xd9")


def strip_photo_metadata(data: bytes, mime: str) -> bytes:
    """The photo without EXIF (GPS, device, time), XMP, ICC, comments or text chunks.

    A JPEG that carries none is kept byte for byte (no second lossy compression); any other
    is decoded and written again from its pixels alone, upright. A PNG is always written
    again (lossless), since Pillow skips chunks it does not know without listing them. A
    picture Pillow cannot decode (corrupt, or a decompression bomb) is refused rather than
    stored with its metadata.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if mime == "image/jpeg" and _jpeg_is_clean(image, data):
                    # Kept as it is, once it is known to decode. Decoding at an eighth of its
                    # size proves that as well (libjpeg reads the whole entropy-coded stream
                    # and only scales the inverse DCT) in a fraction of the time.
                    image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
                    return data
                image.load()
                upright = ImageOps.exif_transpose(image)
                # A fresh image holds pixels only: nothing of the original's info travels.
                clean = Image.new(upright.mode, upright.size)
                clean.putdata(upright.getdata())
                if upright.mode == "P":
                    clean.putpalette(upright.getpalette() or [])
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("Foto tidak dapat dibaca. Kirim foto JPEG atau PNG yang lain."), code="bad_image"
        ) from exc
    out = io.BytesIO()
    if mime == "image/jpeg":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=92, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def check_upload(upload: UploadedFile) -> AttachmentInput:
    """Read and check an upload; the size is checked before the bytes are read."""
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batasnya %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    return check_bytes(data, upload.name or "")
