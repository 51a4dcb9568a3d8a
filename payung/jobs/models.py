"""A background job as its owner sees it: what it is, how far it got, and its sealed result.

django-tasks (database backend) carries the work to the worker; this row carries what the
person waiting needs — a progress bar and, at the end, a file only they may download. The
result is sealed like an attachment (AES-GCM bound to the row's ``ref``), so an export of
case data is no less protected for being generated.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from payung.core import crypto


def _new_ref() -> str:
    return uuid.uuid4().hex


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    # rotate_keys re-seals this column (see payung.cases.sealed for the convention).
    SEALED = "result_sealed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=32, unique=True, default=_new_ref, editable=False)
    kind = models.CharField(_("jenis"), max_length=80)
    label = models.CharField(_("nama proses"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("pemilik"),
    )
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    result_size = models.PositiveIntegerField(null=True, blank=True)
    result_sealed = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_created_idx")]
        verbose_name = _("proses latar")
        verbose_name_plural = _("proses latar")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @classmethod
    def sealed_label(cls, ref: str) -> str:
        return f"{cls._meta.label_lower}.result:{ref}"

    @property
    def crypto_label(self) -> str:
        return self.sealed_label(self.ref)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def has_result(self) -> bool:
        return self.status == self.Status.DONE and bool(self.result_sealed)

    @property
    def percent(self) -> int | None:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return None
        return min(100, int(100 * self.progress_done / self.progress_total))

    def seal_result(self, data: bytes) -> None:
        self.result_size = len(data)
        self.result_sealed = crypto.encrypt_bytes(data, self.crypto_label)

    def result_bytes(self) -> bytes:
        """The decrypted result; ``crypto.DecryptionError`` if the ciphertext was altered."""
        return crypto.decrypt_bytes(self.result_sealed, self.crypto_label)
