"""Delivered services and the free-visum letter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.care.choices import DELIVERED_OUTCOMES, InternalUnit, ServiceOutcome
from payung.care.models.referrals import Referral
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.partners.choices import SimfoniCategory
from payung.partners.models import Organisation, Service


class ServiceRecord(TimeStampedModel):
    """One delivered service: recorded by staff on the case, or by the provider when it
    completes a referral. One row per service is what SIMFONI-PPA's register counts."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("kasus"),
        on_delete=models.PROTECT,
        related_name="service_records",
    )
    victim = models.ForeignKey(
        "cases.CaseParty",
        verbose_name=_("korban"),
        on_delete=models.PROTECT,
        related_name="service_records",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="records"
    )
    simfoni_category = models.CharField(
        _("kategori SIMFONI-PPA"), max_length=30, choices=SimfoniCategory.choices
    )
    delivered_on = models.DateField(_("tanggal layanan"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lembaga penyedia"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_records",
    )
    internal_unit = models.CharField(
        _("unit internal"), max_length=10, choices=InternalUnit.choices, blank=True
    )
    description = EncryptedTextField(_("uraian layanan"), blank=True)
    outcome = models.CharField(_("hasil"), max_length=20, choices=ServiceOutcome.choices)
    referral = models.OneToOneField(
        Referral,
        verbose_name=_("dari rujukan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_record",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("layanan yang diberikan")
        verbose_name_plural = _("layanan yang diberikan")
        constraints = [
            # Delivered by a partner organisation, or by one of our own units: exactly one.
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(internal_unit=""))
                | (Q(organisation__isnull=True) & ~Q(internal_unit="")),
                name="care_service_record_one_provider",
            ),
            models.CheckConstraint(
                condition=Q(simfoni_category__in=SimfoniCategory.values),
                name="care_service_record_simfoni_known",
            ),
        ]

    def __str__(self) -> str:
        return f"layanan:{self.pk}"

    @property
    def provider_label(self) -> str:
        if self.organisation_id is not None and self.organisation is not None:
            return self.organisation.name
        return str(self.get_internal_unit_display())

    @property
    def delivered(self) -> bool:
        return self.outcome in DELIVERED_OUTCOMES


class VisumNumberCounter(models.Model):
    """One row per year; locked with SELECT … FOR UPDATE while a letter number is issued."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor surat visum")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class VisumLetter(TimeStampedModel):
    """A numbered request letter for a free visum et repertum, addressed to the provider."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("kasus"),
        on_delete=models.PROTECT,
        related_name="visum_letters",
    )
    victim = models.ForeignKey(
        "cases.CaseParty", verbose_name=_("korban"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ditujukan kepada"),
        on_delete=models.PROTECT,
        related_name="visum_letters",
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("rujukan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visum_letters",
    )
    number = models.CharField(_("nomor surat"), max_length=40, unique=True)
    year = models.PositiveIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("urutan"))
    police_report_number = models.CharField(
        _("nomor laporan polisi (bila ada)"), max_length=100, blank=True
    )
    purpose = EncryptedTextField(_("keperluan pemeriksaan"), blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("surat permintaan visum")
        verbose_name_plural = _("surat permintaan visum")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="care_visum_number_year_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number
