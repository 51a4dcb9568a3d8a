"""Consent to share, and recorded overrides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    ConsentMethod,
    ConsentPurpose,
)
from payung.cases.models.people import CaseParty
from payung.cases.models.records import Case
from payung.core.fields import EncryptedTextField

# =========================================================================================
# Consent
# =========================================================================================


class Consent(models.Model):
    """Consent to process a victim's data, or to share it with a named provider.

    ``subject`` is the victim; ``given_by`` the victim themself or, for a child, a guardian
    party of the case (UU PDP Pasal 25). The provider is stored by id and name until the
    care app provides its model. A withdrawal is recorded, never a deletion.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    subject = models.ForeignKey(
        CaseParty, verbose_name=_("korban"), on_delete=models.PROTECT, related_name="consents"
    )
    given_by = models.ForeignKey(
        CaseParty, verbose_name=_("diberikan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("untuk"), max_length=15, choices=ConsentPurpose.choices)
    organisation_id = models.PositiveBigIntegerField(_("id lembaga"), null=True, blank=True)
    organisation_name = models.CharField(_("lembaga"), max_length=200, blank=True)
    method = models.CharField(_("cara"), max_length=10, choices=ConsentMethod.choices)
    given_on = models.DateField(_("tanggal"))
    note = EncryptedTextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_note = EncryptedTextField(_("catatan pencabutan"), blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="berbagi") | ~Q(organisation_name=""),
                name="consent_sharing_names_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"persetujuan:{self.pk}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class ConsentOverride(models.Model):
    """A supervisor's decision to share without consent (e.g. a child in danger)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consent_overrides")
    subject = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=15, choices=ConsentPurpose.choices)
    organisation_id = models.PositiveBigIntegerField(null=True, blank=True)
    organisation_name = models.CharField(_("lembaga"), max_length=200, blank=True)
    reason = EncryptedTextField(_("alasan"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("pengecualian persetujuan")
        verbose_name_plural = _("pengecualian persetujuan")

    def __str__(self) -> str:
        return f"override:{self.pk}"
