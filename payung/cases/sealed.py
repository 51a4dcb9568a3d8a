"""Files stored encrypted in the database: the one shape for report attachments and case
documents.

Why in the database and not as files under MEDIA_ROOT: the ciphertext commits or rolls back
with the record (no orphan files, no half-written records), backups and key rotation cover it
with the rest of the data, and no web server can ever be misconfigured into serving it.
Uploads are capped (``uploads.max_upload_bytes``), so the cost is bounded.

The associated data binds a ciphertext to its table and its row's random ``ref``: a blob
copied onto another row, or into another table, does not decrypt. ``manage.py rotate_keys``
re-seals every model that subclasses ``SealedBlob`` (it finds them by the ``SEALED`` marker).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.core import crypto
from payung.core.fields import EncryptedTextField

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def new_ref() -> str:
    return uuid.uuid4().hex


class SealedBlob(models.Model):
    """Abstract: an uploaded file's bytes sealed with AES-GCM, plus what is safe to list."""

    # rotate_keys looks for this marker: the column holding sealed bytes.
    SEALED = "sealed"

    ref = models.CharField(max_length=32, unique=True, default=new_ref, editable=False)
    content_type = models.CharField(_("jenis berkas"), max_length=50)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    original_name = EncryptedTextField(_("nama berkas asli"), blank=True)
    sealed = models.TextField(editable=False)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @classmethod
    def sealed_label(cls, ref: str) -> str:
        return f"{cls._meta.label_lower}.sealed:{ref}"

    @property
    def crypto_label(self) -> str:
        return self.sealed_label(self.ref)

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")

    def seal(self, data: bytes) -> None:
        """Encrypt ``data`` into this row (not saved yet)."""
        self.size = len(data)
        self.sealed = crypto.encrypt_bytes(data, self.crypto_label)

    def unseal(self) -> bytes:
        """The plaintext bytes; ``crypto.DecryptionError`` if the ciphertext was altered."""
        return crypto.decrypt_bytes(self.sealed, self.crypto_label)
