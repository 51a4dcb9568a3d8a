"""Referrals, their history and the provider's reports."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.care.choices import (
    OPEN_REFERRAL_STATUSES,
    ReferralStatus,
    ServiceOutcome,
    Urgency,
)
from payung.cases.sealed import SealedBlob
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.partners.models import Organisation, Service

# =========================================================================================
# Phase B: referrals, delivered services, the visum letter, accompaniment, home visits,
# return and reintegration, tasks, and the closure checklist (docs/care.md).
# =========================================================================================


class Referral(TimeStampedModel):
    """A victim sent to a partner organisation for one service (rujukan).

    What the provider may read is the ``snapshot``: the minimal data set and the fields the
    case worker chose to share, copied and encrypted when the referral was sent. The provider
    never reads the live case, so a later edit of the case shares nothing new, and a declined
    or cancelled referral stops showing even the snapshot.
    """

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("kasus"), on_delete=models.PROTECT, related_name="referrals"
    )
    victim = models.ForeignKey(
        "cases.CaseParty",
        verbose_name=_("korban"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="referrals"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lembaga tujuan"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    urgency = models.CharField(_("urgensi"), max_length=10, choices=Urgency.choices)
    status = models.CharField(
        _("status"), max_length=15, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    shared_fields = models.JSONField(_("data tambahan yang dibagikan"), default=list, blank=True)
    # JSON of what the provider sees (see ``referrals.build_snapshot``), encrypted.
    snapshot = EncryptedTextField(_("data yang dibagikan"))
    consent_override = models.ForeignKey(
        "cases.ConsentOverride",
        verbose_name=_("pengecualian persetujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("dikirim"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("jawaban ditunggu paling lambat"))
    status_changed_at = models.DateTimeField(_("status berubah"))
    responded_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = EncryptedTextField(_("alasan penolakan"), blank=True)
    scheduled_for = models.DateTimeField(_("jadwal layanan"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        _("hasil"), max_length=20, choices=ServiceOutcome.choices, blank=True
    )
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = EncryptedTextField(_("alasan pembatalan"), blank=True)
    # The consent the referral rested on was withdrawn (UU 27/2022 PDP Pasal 40): the provider
    # can no longer open the snapshot and is told so in its inbox.
    consent_withdrawn_at = models.DateTimeField(_("persetujuan dicabut"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")
        indexes = [
            # The provider's inbox: their organisation's referrals by status, newest first.
            models.Index(fields=["organisation", "status", "sent_at"], name="referral_inbox_idx"),
            models.Index(fields=["status", "due_at"], name="referral_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="care_referral_status_known"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="care_referral_urgency_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="selesai") | (Q(completed_at__isnull=False) & ~Q(outcome="")),
                name="care_referral_completed_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(status="dibatalkan") | Q(cancelled_at__isnull=False),
                name="care_referral_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="ditolak") | Q(responded_at__isnull=False),
                name="care_referral_declined_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"rujukan:{self.pk}"

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Still waiting for the provider's answer after the expected response time."""
        return self.status == ReferralStatus.SENT and self.due_at <= (now or timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    @property
    def shows_shared_data(self) -> bool:
        """A declined or cancelled referral no longer needs the victim's data, and one whose
        consent was withdrawn may no longer use it."""
        return self.consent_withdrawn_at is None and self.status not in (
            ReferralStatus.DECLINED,
            ReferralStatus.CANCELLED,
        )

    def shared(self) -> dict[str, Any]:
        return dict(json.loads(self.snapshot)) if self.snapshot else {}


class ReferralEvent(models.Model):
    """One step of a referral: a status move or a report uploaded. Rows are only added."""

    REPORT = "laporan"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("peristiwa"), max_length=15)
    from_status = models.CharField(
        _("dari"), max_length=15, choices=ReferralStatus.choices, blank=True
    )
    to_status = models.CharField(_("ke"), max_length=15, choices=ReferralStatus.choices)
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat rujukan")
        verbose_name_plural = _("riwayat rujukan")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.kind}"


class ReferralReport(SealedBlob):
    """The provider's report on a referral (e.g. the visum result), sealed like documents."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="reports")
    description = EncryptedTextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("laporan rujukan")
        verbose_name_plural = _("laporan rujukan")

    def __str__(self) -> str:
        return f"laporan-rujukan:{self.pk} ({self.content_type})"
