"""The services catalogue, partner organisations and the safe house (rumah aman).

- ``Service``: the ten services (docs/domain.md#the-service), one row each, seeded by a migration
  and keyed by a stable ``code``; each maps to a SIMFONI-PPA service category so the national
  register is one export. The admin edits the description (and, because the mapping of some
  services is a judgement call, the category).
- ``Organisation``: a partner that delivers services (puskesmas, RSUD, police PPA unit, LBH,
  …). Scoped like everything else by its region's Kemendagri code (``region_code``, a prefix
  filter). Provider and shelter staff accounts belong to exactly one organisation.
- ``Shelter``: the safe-house side of an organisation of kind ``rumah_aman``: capacity and the
  confidential address (encrypted; only the shelter's own staff and supervisors read it).
- ``Stay``: one person's admission to a shelter, linked to a case; the person is named only by
  an encrypted alias ("nama samaran") until the casework people model lands.

Everything here is data and invariants; every write goes through ``services.py``.
"""

from __future__ import annotations

import json
from datetime import datetime
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
    DELIVERED_OUTCOMES,
    OPEN_REFERRAL_STATUSES,
    AccompanimentDestination,
    DischargeReason,
    HomeVisitStatus,
    InternalUnit,
    OrganisationKind,
    ReferralStatus,
    ReturnDestination,
    ServiceCode,
    ServiceOutcome,
    SimfoniCategory,
    TaskStatus,
    Urgency,
)
from payung.cases.sealed import SealedBlob
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
    # The casework people model adds a link to the person; until then an alias only, so
    # shelter staff can tell residents apart without the victim's name being stored here.
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
        if (
            self.planned_end
            and self.admitted_at
            and self.planned_end < timezone.localtime(self.admitted_at).date()
        ):
            raise ValidationError(
                {"planned_end": _("Rencana keluar tidak boleh sebelum tanggal masuk.")}
            )


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
        """A declined or cancelled referral no longer needs the victim's data."""
        return self.status not in (ReferralStatus.DECLINED, ReferralStatus.CANCELLED)

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


class Accompaniment(TimeStampedModel):
    """Staff accompanying a victim (pendampingan) to the police, court, hospital, …"""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("kasus"),
        on_delete=models.PROTECT,
        related_name="accompaniments",
    )
    victim = models.ForeignKey(
        "cases.CaseParty", verbose_name=_("korban"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.CharField(
        _("tujuan"), max_length=15, choices=AccompanimentDestination.choices
    )
    place = models.CharField(_("nama tempat / instansi"), max_length=200, blank=True)
    scheduled_on = models.DateField(_("tanggal"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas pendamping"),
        on_delete=models.PROTECT,
        related_name="accompaniments",
    )
    purpose = EncryptedTextField(_("keperluan"), blank=True)
    completed_on = models.DateField(_("selesai pada"), null=True, blank=True)
    outcome = EncryptedTextField(_("hasil pendampingan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-scheduled_on", "-pk"]
        verbose_name = _("pendampingan")
        verbose_name_plural = _("pendampingan")

    def __str__(self) -> str:
        return f"pendampingan:{self.pk}"


class Reintegration(TimeStampedModel):
    """The victim's return home (pemulangan) and reintegration: where to, when, to whom."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("kasus"),
        on_delete=models.PROTECT,
        related_name="reintegrations",
    )
    victim = models.ForeignKey(
        "cases.CaseParty", verbose_name=_("korban"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.CharField(
        _("tujuan kepulangan"), max_length=10, choices=ReturnDestination.choices
    )
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan tujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outside_place = EncryptedTextField(_("tempat tujuan di luar kota"), blank=True)
    receiving_unit = models.CharField(
        _("UPTD PPA / lembaga penerima di daerah tujuan"), max_length=200, blank=True
    )
    planned_on = models.DateField(_("rencana serah terima"))
    receiving_party = EncryptedTextField(_("pihak penerima"), blank=True)
    handed_over_on = models.DateField(_("diserahterimakan pada"), null=True, blank=True)
    note = EncryptedTextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = _("pemulangan dan reintegrasi")
        verbose_name_plural = _("pemulangan dan reintegrasi")
        constraints = [
            # In the city: a kelurahan; outside it: no kelurahan of ours.
            models.CheckConstraint(
                condition=Q(destination="dalam_kota", kelurahan__isnull=False)
                | Q(destination="luar_kota", kelurahan__isnull=True),
                name="care_reintegration_destination_kelurahan",
            ),
        ]

    def __str__(self) -> str:
        return f"reintegrasi:{self.pk}"


class HomeVisit(TimeStampedModel):
    """A home visit (kunjungan rumah): scheduled with an officer, then what was found."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("kasus"),
        on_delete=models.PROTECT,
        related_name="home_visits",
    )
    victim = models.ForeignKey(
        "cases.CaseParty", verbose_name=_("korban"), on_delete=models.PROTECT, related_name="+"
    )
    reintegration = models.ForeignKey(
        Reintegration,
        verbose_name=_("tindak lanjut kepulangan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followup_visits",
    )
    scheduled_at = models.DateTimeField(_("jadwal"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        related_name="home_visits",
    )
    purpose = EncryptedTextField(_("tujuan kunjungan"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=HomeVisitStatus.choices, default=HomeVisitStatus.PLANNED
    )
    visited_at = models.DateTimeField(_("dikunjungi"), null=True, blank=True)
    findings = EncryptedTextField(_("temuan"), blank=True)
    safety_concern = models.BooleanField(_("ada kekhawatiran keamanan"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["scheduled_at", "pk"]
        verbose_name = _("kunjungan rumah")
        verbose_name_plural = _("kunjungan rumah")
        indexes = [models.Index(fields=["officer", "scheduled_at"], name="home_visit_officer_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="selesai") | Q(visited_at__isnull=False),
                name="care_home_visit_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"kunjungan:{self.pk}"


class Task(TimeStampedModel):
    """A follow-up task on a case: from a planned service when the plan is agreed, or added
    by hand. The title is encrypted: officers may write a name into it."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("kasus"), on_delete=models.PROTECT, related_name="tasks"
    )
    title = EncryptedTextField(_("tugas"))
    plan_item = models.ForeignKey(
        "cases.PlanItem",
        verbose_name=_("layanan dalam rencana"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("layanan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditugaskan kepada"),
        on_delete=models.PROTECT,
        related_name="care_tasks",
    )
    due_at = models.DateTimeField(_("jatuh tempo"))
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when the reminder was queued, so the reminder command never sends it twice.
    reminded_at = models.DateTimeField(_("pengingat dikirim"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("tugas")
        verbose_name_plural = _("tugas")
        indexes = [
            models.Index(fields=["assignee", "status", "due_at"], name="task_assignee_idx"),
            models.Index(fields=["status", "due_at"], name="task_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_item"],
                condition=Q(plan_item__isnull=False),
                name="care_task_one_per_plan_item",
            ),
            models.CheckConstraint(
                condition=~Q(status="selesai") | Q(done_at__isnull=False),
                name="care_task_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"tugas:{self.pk}"

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.status == TaskStatus.OPEN and self.due_at <= (now or timezone.now())


class ClosureServiceNote(models.Model):
    """The closure checklist: for each planned service, whether it was delivered when closure
    was requested and, if not, the case manager's reason (encrypted)."""

    closure_request = models.ForeignKey(
        "cases.ClosureRequest", on_delete=models.PROTECT, related_name="service_notes"
    )
    plan_item = models.ForeignKey("cases.PlanItem", on_delete=models.PROTECT, related_name="+")
    delivered = models.BooleanField(_("terlaksana"))
    reason = EncryptedTextField(_("alasan belum terlaksana"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("daftar periksa penutupan")
        verbose_name_plural = _("daftar periksa penutupan")
        constraints = [
            models.UniqueConstraint(
                fields=["closure_request", "plan_item"], name="care_closure_note_unique"
            )
        ]

    def __str__(self) -> str:
        return f"periksa:{self.closure_request_id}:{self.plan_item_id}"
