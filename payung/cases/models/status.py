"""The case's status history, closure requests and revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    CaseStatus,
    ClosureReason,
    ClosureRequestState,
)
from payung.cases.models.records import Case
from payung.core.fields import EncryptedTextField

# =========================================================================================
# The workflow: status changes, closure approval, revisions of the record
# =========================================================================================


class CaseStatusChange(models.Model):
    """One move of the state machine: who, when, from, to, why (django-oscar style)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("dari"), max_length=20, choices=CaseStatus.choices)
    to_status = models.CharField(_("ke"), max_length=20, choices=CaseStatus.choices)
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=30, blank=True)
    note = EncryptedTextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("perubahan status kasus")
        verbose_name_plural = _("perubahan status kasus")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class ClosureRequest(models.Model):
    """A case manager asks to close a case; a supervisor approves or rejects."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closure_requests")
    state = models.CharField(
        _("status"),
        max_length=12,
        choices=ClosureRequestState.choices,
        default=ClosureRequestState.PENDING,
    )
    reason = models.CharField(_("alasan"), max_length=30, choices=ClosureReason.choices)
    note = EncryptedTextField(_("keterangan"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("diminta"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = EncryptedTextField(_("catatan keputusan"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("permintaan penutupan")
        verbose_name_plural = _("permintaan penutupan")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(state="menunggu"),
                name="one_pending_closure_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"penutupan:{self.pk} {self.state}"


class CaseRevision(models.Model):
    """What one edit changed (field → [before, after]), encrypted: values may be names.

    The conflict message of a stale save is built from these rows: the other person's
    edits since the version the form was loaded at.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    changes = EncryptedTextField()

    class Meta:
        verbose_name = _("revisi kasus")
        verbose_name_plural = _("revisi kasus")
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="case_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}@{self.version}"
