"""The service catalogue, partner organisations, shelters and stays."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.care.choices import (
    DischargeReason,
    OrganisationKind,
    ServiceCode,
    SimfoniCategory,
)
from payung.cases.choices import PartyRole
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.regions.models import Region, RegionLevel


class Service(models.Model):
    """One of the ten services. Rows come from a data migration and are never deleted.

    ``simfoni_category`` is the category a delivery of this service is exported under by
    default; ``simfoni_alternatives`` lists categories a single delivery may be recorded under
    instead (a return home, *pemulangan*, is a form of reintegration; a first home visit to
    take a report is *pengaduan*). See docs/care.md for the mapping and why.
    """

    code = models.CharField(_("kode"), max_length=30, choices=ServiceCode.choices, unique=True)
    simfoni_category = models.CharField(
        _("kategori SIMFONI-PPA"), max_length=30, choices=SimfoniCategory.choices
    )
    simfoni_alternatives = models.JSONField(
        _("kategori SIMFONI-PPA lain yang boleh dipakai"), default=list, blank=True
    )
    description = models.TextField(
        _("keterangan"),
        blank=True,
        help_text=_("Penjelasan singkat layanan untuk staf dan mitra, dalam Bahasa Indonesia."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=ServiceCode.values), name="care_service_code_known"
            ),
            models.CheckConstraint(
                condition=Q(simfoni_category__in=SimfoniCategory.values),
                name="care_service_simfoni_category_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.get_code_display())

    @property
    def simfoni_categories(self) -> list[str]:
        """Every category a delivery may be recorded under, the default first."""
        return [self.simfoni_category, *self.simfoni_alternatives]

    def simfoni_alternative_labels(self) -> list[str]:
        labels = dict(SimfoniCategory.choices)
        return [str(labels.get(value, value)) for value in self.simfoni_alternatives]

    def clean(self) -> None:
        super().clean()
        alternatives = self.simfoni_alternatives
        if not isinstance(alternatives, list) or any(
            value not in SimfoniCategory.values for value in alternatives
        ):
            raise ValidationError(
                {"simfoni_alternatives": _("Pilih kategori dari daftar SIMFONI-PPA.")}
            )
        if self.simfoni_category in alternatives:
            raise ValidationError(
                {
                    "simfoni_alternatives": _(
                        "Kategori utama tidak perlu dipilih lagi sebagai kategori lain."
                    )
                }
            )
        if len(set(alternatives)) != len(alternatives):
            raise ValidationError({"simfoni_alternatives": _("Kategori tidak boleh berulang.")})


class Organisation(TimeStampedModel):
    """A partner organisation that delivers services to victims (penyedia layanan / mitra)."""

    kind = models.CharField(_("jenis"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("nama"), max_length=150)
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Kelurahan tempat lembaga berada, atau kota bila melayani seluruh kota."),
    )
    # Denormalised from ``region`` (kept in step by ``clean``) so scopes are one indexed LIKE.
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    address = models.CharField(
        _("alamat"),
        max_length=300,
        blank=True,
        help_text=_("Alamat kantor. Untuk rumah aman dikosongkan: alamatnya dirahasiakan."),
    )
    contact_name = models.CharField(_("nama narahubung"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("layanan yang diberikan"), blank=True, related_name="organisations"
    )
    is_active = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_(
            "Lembaga nonaktif tidak menerima rujukan; stafnya tidak dapat melihat apa pun."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("lembaga mitra")
        verbose_name_plural = _("lembaga mitra")
        indexes = [models.Index(fields=["kind", "is_active"])]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="care_organisation_name_unique"),
            # A safe house's location is confidential: it never sits in this public column.
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.SHELTER) | Q(address=""),
                name="care_shelter_has_no_public_address",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shelter(self) -> bool:
        return self.kind == OrganisationKind.SHELTER

    def clean(self) -> None:
        super().clean()
        if self.region_id is not None:
            self.region_code = self.region.code
            if self.is_shelter and self.region.level in (
                RegionLevel.DISTRICT,
                RegionLevel.URBAN_VILLAGE,
                RegionLevel.VILLAGE,
            ):
                raise ValidationError(
                    {
                        "region": _(
                            "Rumah aman didaftarkan di tingkat kota atau kabupaten: kecamatan "
                            "dan kelurahannya pun dirahasiakan."
                        )
                    }
                )
        if self.is_shelter and self.address:
            raise ValidationError(
                {
                    "address": _(
                        "Alamat rumah aman dirahasiakan: jangan diisi di sini. Staf rumah aman "
                        "atau supervisor mencatatnya di halaman rumah aman."
                    )
                }
            )

    def validate_unique(self, exclude: Any = None) -> None:
        super().validate_unique(exclude)
        others = Organisation.objects.filter(name__iexact=self.name.strip())
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.name and others.exists():
            raise ValidationError({"name": _("Sudah ada lembaga dengan nama ini.")})


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
