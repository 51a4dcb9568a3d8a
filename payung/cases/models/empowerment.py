"""The link from a case's victim to her registration in the economic-empowerment registry
(Perkasa). Kept on the cases side and read only by case views: the registry's staff never
reach it, and the registry never learns which case referred her."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.cases.models.consent import Consent
from payung.cases.models.people import CaseParty
from payung.cases.models.records import Case


class EmpowermentReferral(models.Model):
    """A victim referred to economic empowerment, with the consent it rested on."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="empowerment_referrals")
    subject = models.ForeignKey(
        CaseParty, verbose_name=_("korban"), on_delete=models.PROTECT, related_name="+"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    # The registry's registration id: an opaque number to ask its status with.
    reference = models.PositiveBigIntegerField()
    linked_existing = models.BooleanField(default=False)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(auto_now_add=True)
    # Set when the consent is withdrawn: the status is no longer read back.
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at", "-pk"]
        verbose_name = _("rujukan pemberdayaan ekonomi")
        verbose_name_plural = _("rujukan pemberdayaan ekonomi")
        constraints = [
            models.UniqueConstraint(
                fields=["subject"],
                condition=Q(stopped_at__isnull=True),
                name="case_one_live_empowerment_referral",
            )
        ]

    def __str__(self) -> str:
        return f"pemberdayaan:{self.pk}"
