"""Checking an uploaded photo or document before it is sealed.

The type is decided from the bytes (``filetype`` reads the magic numbers), never from the
file name or the browser's Content-Type: a ``.jpg`` that is really a PDF is stored as a PDF,
and HTML or a script renamed ``foto.jpg`` is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
    return AttachmentInput(content_type=mime, data=data, original_name=original_name[:200])


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
