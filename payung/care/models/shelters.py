"""Shelters (the safe house behind a partner organisation of kind ``rumah_aman``) and stays.

The service catalogue and the organisations themselves are the partner registry's
(``payung.partners.models``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.care.choices import DischargeReason
from payung.cases.choices import PartyRole
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.partners.choices import OrganisationKind
from payung.partners.models import Organisation


class Shelter(TimeStampedModel):
    """The safe house behind an organisation of kind ``rumah_aman``.

    A separate table so that the confidential address and the capacity live apart from the
    partner directory (which many roles read) and so stays can point at a shelter directly.
    """

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("lembaga"),
        on_delete=models.PROTECT,
        related_name="shelter",
        limit_choices_to={"kind": OrganisationKind.SHELTER},
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas (tempat tidur)"), validators=[MinValueValidator(1)]
    )
    address = EncryptedTextField(
        _("alamat rahasia"),
        blank=True,
        help_text=_("Hanya terlihat oleh staf rumah aman ini dan supervisor."),
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("rumah aman")
        verbose_name_plural = _("rumah aman")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="care_shelter_capacity_min_1")
        ]

    def __str__(self) -> str:
        return self.organisation.name

    def clean(self) -> None:
        super().clean()
        if self.organisation_id is not None and not self.organisation.is_shelter:
            raise ValidationError(
                {"organisation": _("Rumah aman harus lembaga berjenis rumah aman.")}
            )


class Stay(TimeStampedModel):
    """A person's stay in a shelter: admitted for a case, discharged with a reason."""

    shelter = models.ForeignKey(
        Shelter, verbose_name=_("rumah aman"), on_delete=models.PROTECT, related_name="stays"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("kasus"),
        on_delete=models.PROTECT,
        related_name="shelter_stays",
    )
    # The victim party of the case who stays. Null only for stays admitted before the link
    # existed whose alias matched no single victim (migration 0004); ``stay_admit`` always
    # sets it.
    party = models.ForeignKey(
        "cases.CaseParty",
        verbose_name=_("korban"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shelter_stays",
    )
    # What shelter staff call the resident: they tell residents apart without the victim's
    # name (which they never see).
    alias = EncryptedTextField(_("nama samaran"))
    admitted_at = models.DateTimeField(_("masuk"))
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterima oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_end = models.DateField(_("rencana keluar"), null=True, blank=True)
    admission_note = EncryptedTextField(_("catatan penerimaan"), blank=True)
    discharged_at = models.DateTimeField(_("keluar"), null=True, blank=True)
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikeluarkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    discharge_reason = models.CharField(
        _("alasan keluar"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    discharge_note = EncryptedTextField(_("catatan keluar"), blank=True)
    # The "rumah aman" service the admission recorded (what SIMFONI-PPA counts).
    service_record = models.OneToOneField(
        "care.ServiceRecord",
        verbose_name=_("layanan tercatat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stay",
    )

    class Meta:
        ordering = ["-admitted_at", "-pk"]
        verbose_name = _("penghuni rumah aman")
        verbose_name_plural = _("penghuni rumah aman")
        indexes = [models.Index(fields=["shelter", "discharged_at"])]
        constraints = [
            # Discharged exactly when a reason is recorded.
            models.CheckConstraint(
                condition=(
                    Q(discharged_at__isnull=True, discharge_reason="")
                    | (Q(discharged_at__isnull=False) & ~Q(discharge_reason=""))
                ),
                name="care_stay_discharge_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(discharged_at__isnull=True)
                | Q(discharged_at__gte=models.F("admitted_at")),
                name="care_stay_discharged_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"stay:{self.pk}"

    @property
    def is_current(self) -> bool:
        return self.discharged_at is None

    def clean(self) -> None:
        super().clean()
        party = self.party if self.party_id is not None else None
        if party is not None and (party.case_id != self.case_id or party.role != PartyRole.VICTIM):
            raise ValidationError({"party": _("Pilih korban dari kasus ini.")})
        if (
            self.planned_end
            and self.admitted_at
            and self.planned_end < timezone.localtime(self.admitted_at).date()
        ):
            raise ValidationError(
                {"planned_end": _("Rencana keluar tidak boleh sebelum tanggal masuk.")}
            )
