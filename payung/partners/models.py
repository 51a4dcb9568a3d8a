"""The partner registry: the service catalogue and the partner organisations that deliver
services (their staff belong to one: ``accounts.User.organisation``).

The tables keep the names they had under ``care`` (``care_service``, ``care_organisation``,
``care_organisation_services``): the move to this app changed Django's state only, no row
was copied (partners/migrations/0001_initial.py). What ``care`` keeps beside an
organisation — the safe house behind one of kind ``rumah_aman`` — plugs in through
``partners.extensions``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.core.models import TimeStampedModel
from payung.partners.choices import OrganisationKind, ServiceCode, SimfoniCategory
from payung.regions.models import Region, RegionLevel


class Service(models.Model):
    """One of the ten services: one row per ``ServiceCode``, from a data migration, never
    deleted. The code is the key other tables and the API use.

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

    # The audit trail recorded edits under this label before the model moved from care.
    AUDIT_FORMER_LABELS = ("care.service",)

    class Meta:
        # The table keeps the name it had when the catalogue lived in ``care``.
        db_table = "care_service"
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
        Service,
        verbose_name=_("layanan yang diberikan"),
        blank=True,
        related_name="organisations",
        db_table="care_organisation_services",
    )
    is_active = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_(
            "Lembaga nonaktif tidak menerima rujukan; stafnya tidak dapat melihat apa pun."
        ),
    )
    # The data-sharing agreement (perjanjian berbagi data) that lets the centre refer victims
    # here (UU 27/2022 PDP Pasal 37: a processor acts under the controller's written terms).
    # Recorded by the DPO (``services.organisation_agreement_record``); a referral to an
    # organisation without a current one is refused unless a supervisor overrides.
    sharing_agreement_reference = models.CharField(
        _("nomor perjanjian berbagi data"), max_length=100, blank=True, default=""
    )
    sharing_agreement_valid_until = models.DateField(
        _("perjanjian berlaku sampai"), null=True, blank=True
    )

    # The audit trail recorded changes under this label before the model moved from care.
    AUDIT_FORMER_LABELS = ("care.organisation",)

    class Meta:
        db_table = "care_organisation"
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

    def has_current_agreement(self, on: date | None = None) -> bool:
        """A data-sharing agreement with a reference, valid on ``on`` (today)."""
        today = on or timezone.localdate()
        return bool(
            self.sharing_agreement_reference
            and self.sharing_agreement_valid_until is not None
            and self.sharing_agreement_valid_until >= today
        )

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
