"""Documents and notes of a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    DocumentKind,
)
from payung.cases.models.people import CaseParty
from payung.cases.models.records import Case
from payung.cases.sealed import SealedBlob
from payung.core.fields import EncryptedTextField

# =========================================================================================
# Documents and notes
# =========================================================================================


class CaseDocument(SealedBlob):
    """A document of a case or of one person in it (visum, police report, KTP, photo)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    party = models.ForeignKey(
        CaseParty,
        verbose_name=_("tentang"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=DocumentKind.choices)
    description = EncryptedTextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("dokumen kasus")
        verbose_name_plural = _("dokumen kasus")

    def __str__(self) -> str:
        return f"dokumen:{self.pk} ({self.kind})"


class CaseNote(models.Model):
    """A case note. A confidential note is read only by its author and supervisors."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"))
    body = EncryptedTextField(_("catatan"))
    confidential = models.BooleanField(_("rahasia"), default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("catatan kasus")
        verbose_name_plural = _("catatan kasus")

    def __str__(self) -> str:
        return f"catatan:{self.pk}"
