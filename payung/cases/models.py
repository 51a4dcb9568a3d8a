"""Reports (pengaduan), the minimal Case they become, and the triage rules.

Identifying values (names, contacts, the chronology, address details, attachments) are
``EncryptedTextField``s: the database holds AES-GCM ciphertext only. The reporter's phone
also has a keyed blind index so duplicates can be matched without the plaintext.

Everything here is data and invariants; every write goes through ``services.py``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.care.choices import ServiceCode
from payung.cases.choices import (
    AgeGroup,
    AssessmentDomain,
    CaseStatus,
    CaseUnit,
    Channel,
    ClosureReason,
    ClosureRequestState,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    DeadlineState,
    DeadlineTrigger,
    DocumentKind,
    Education,
    GbvCoreType,
    MaritalStatus,
    NeedLevel,
    NotCaseReason,
    Occupation,
    PartyRole,
    PerpetratorKind,
    PlaceCategory,
    PlanItemStatus,
    PublicStatus,
    Relationship,
    Religion,
    ReporterRelation,
    ReportEventKind,
    ReportStatus,
    RiskLevel,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.sealed import SealedBlob
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.regions.models import Region


class TriageDeadlineRule(models.Model):
    """How soon a report of a given risk level needs a first response (docs/domain.md#deadlines).

    Seeded by a data migration; the system admin edits it. ``hours`` counts calendar hours,
    or, with ``working_days``, only hours that fall on working days (Monday–Friday), so
    72 hours with ``working_days`` is three working days.
    """

    risk_level = models.CharField(
        _("tingkat risiko"), max_length=10, choices=RiskLevel.choices, unique=True
    )
    hours = models.PositiveIntegerField(_("batas waktu (jam)"))
    working_days = models.BooleanField(
        _("hanya hari kerja"),
        default=False,
        help_text=_(
            "Dicentang: jam dihitung hanya pada hari kerja (Senin–Jumat); 72 jam = 3 hari kerja."
        ),
    )
    basis = models.TextField(_("dasar / rujukan"), blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["hours"]
        verbose_name = _("aturan batas waktu triase")
        verbose_name_plural = _("aturan batas waktu triase")

    def __str__(self) -> str:
        return f"{self.get_risk_level_display()}: {self.hours} h"


class CaseNumberCounter(models.Model):
    """One row per year; locked with SELECT … FOR UPDATE while a case number is issued."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor kasus")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(TimeStampedModel):
    """The handled matter: one or more victims, their incidents, and the work done.

    ``region_code`` is the scope (who may see it): the kelurahan's code, so that its PPT sees
    it whoever handles it, or the city's code for a case without a kelurahan. ``unit`` says
    who handles it (the PPT or the centre). ``version`` grows with every edit of the record;
    edit forms carry it back so a stale save is refused (see ``services.EditConflict``).
    """

    number = models.CharField(_("nomor kasus"), max_length=40, unique=True)
    year = models.PositiveIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("urutan"))
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    unit = models.CharField(
        _("ditangani oleh"), max_length=10, choices=CaseUnit.choices, default=CaseUnit.CENTRE
    )
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    risk_level = models.CharField(_("tingkat risiko"), max_length=10, choices=RiskLevel.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manajer kasus"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tim"),
        blank=True,
        related_name="team_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_from = models.ForeignKey(
        "Report",
        verbose_name=_("dibuka dari laporan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # When the victim's report reached us: the clock of the legal deadlines.
    reported_at = models.DateTimeField(_("dilaporkan"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    status_changed_at = models.DateTimeField(_("status berubah"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closure_reason = models.CharField(
        _("alasan penutupan"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    # Derived from the incidents by the services, for filters and deadline rules.
    flag_kdrt = models.BooleanField(_("KDRT"), default=False)
    flag_tpks = models.BooleanField(_("TPKS"), default=False)
    flag_child = models.BooleanField(_("korban anak"), default=False)
    violence_tags = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="case_number_year_sequence_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="ditutup") | Q(closed_at__isnull=False),
                name="case_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "region_code"], name="case_status_region_idx"),
            models.Index(fields=["owner", "status"], name="case_owner_status_idx"),
            # Every case list is newest first: read in index order, stop after a page
            # (docs/performance.md), instead of sorting every case in scope.
            models.Index(fields=["-created_at", "-id"], name="case_created_idx"),
            # Searching by the running number alone ("0042"), across years.
            models.Index(fields=["sequence"], name="case_sequence_idx"),
            # A case manager's own cases, newest first, read in index order; with the id and
            # the region in the index "which of my cases are in scope" is answered without
            # reading the cases (selectors.CaseListQuerySet, docs/performance.md). SQLite
            # ignores INCLUDE (settings silences its warning).
            models.Index(
                fields=["owner", "-created_at", "-id"],
                include=["region_code"],
                name="case_owner_created_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def label(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    def violence_forms(self) -> list[str]:
        return [t for t in self.violence_tags.split(",") if t]

    def get_violence_forms_display(self) -> list[str]:
        labels = dict(ViolenceForm.choices)
        return [str(labels.get(v, v)) for v in self.violence_forms()]


class Report(TimeStampedModel):
    """An incoming report of violence (pengaduan), before and while it is triaged."""

    # --- tracking for the reporter: the code is public-facing, the PIN only a slow hash
    code = models.CharField(_("kode pelacakan"), max_length=8, unique=True)
    pin_hash = models.CharField(max_length=200)
    pin_failures = models.PositiveSmallIntegerField(default=0)
    pin_locked_at = models.DateTimeField(null=True, blank=True)
    # Hash of "<namespace>:<key>" (a web form token or an API Idempotency-Key), so a repeated
    # submission finds the first report; unique, so a concurrent double submit cannot make two.
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)

    # --- how it came in
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("diterima"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recorded_reports",
    )
    source_reference = models.CharField(_("nomor rujukan pengirim"), max_length=100, blank=True)

    # --- where: scope is by region code prefix, denormalised for one indexed LIKE
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outside_city = models.BooleanField(_("di luar Kota Pasuruan"), default=False)
    outside_city_place = EncryptedTextField(_("tempat di luar kota"), blank=True)
    address_detail = EncryptedTextField(_("detail alamat / lokasi"), blank=True)
    place_category = models.CharField(
        _("jenis tempat"), max_length=30, choices=PlaceCategory.choices
    )

    # --- the reporter
    reporter_anonymous = models.BooleanField(_("tanpa nama"), default=True)
    reporter_name = EncryptedTextField(_("nama pelapor"), blank=True)
    reporter_relation = models.CharField(
        _("hubungan pelapor"), max_length=20, choices=ReporterRelation.choices
    )
    reporter_phone = EncryptedTextField(_("telepon pelapor"), blank=True)
    reporter_phone_index = models.CharField(max_length=32, blank=True, db_index=True)
    reporter_email = EncryptedTextField(_("e-mail pelapor"), blank=True)
    contact_channel = models.CharField(
        _("cara menghubungi"), max_length=10, choices=ContactChannel.choices
    )
    contact_safe_times = EncryptedTextField(_("waktu aman dihubungi"), blank=True)

    # --- what happened
    violence_forms = models.JSONField(_("bentuk kekerasan"), default=list)
    description = EncryptedTextField(_("kronologi"))
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    incident_date_approximate = models.BooleanField(_("tanggal perkiraan"), default=False)

    # --- the victim, as far as known
    victim_name = EncryptedTextField(_("nama korban"), blank=True)
    victim_age = models.PositiveSmallIntegerField(_("usia korban"), null=True, blank=True)
    victim_age_group = models.CharField(
        _("kelompok usia"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    victim_sex = models.CharField(_("jenis kelamin korban"), max_length=10, choices=Sex.choices)
    victim_is_child = models.CharField(
        _("korban anak"), max_length=10, choices=YesNoUnknown.choices
    )
    victim_disability = models.CharField(
        _("korban penyandang disabilitas"), max_length=10, choices=YesNoUnknown.choices
    )

    # --- risk and deadline
    danger_now = models.BooleanField(_("ada yang dalam bahaya sekarang"), default=False)
    risk_level = models.CharField(_("tingkat risiko"), max_length=10, choices=RiskLevel.choices)
    # True until a triager has looked at it: the level was derived from the report itself.
    risk_provisional = models.BooleanField(_("risiko sementara"), default=True)
    due_at = models.DateTimeField(_("batas respons"))
    # Flags for the queue, derived once from the report's fields.
    flag_child = models.BooleanField(_("anak"), default=False)
    flag_sexual = models.BooleanField(_("kekerasan seksual"), default=False)
    flag_disability = models.BooleanField(_("disabilitas"), default=False)

    consent = models.BooleanField(_("persetujuan"), default=False)
    consent_text = models.TextField(_("teks persetujuan yang disetujui"), blank=True)

    # --- identification outcome
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    public_status = models.CharField(
        _("status untuk pelapor"),
        max_length=20,
        choices=PublicStatus.choices,
        default=PublicStatus.RECEIVED,
    )
    public_message = EncryptedTextField(_("pesan untuk pelapor"), blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("kasus"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    referred_to = models.CharField(_("dirujuk ke"), max_length=200, blank=True)
    not_case_reason = models.CharField(
        _("alasan bukan kasus"), max_length=30, choices=NotCaseReason.choices, blank=True
    )
    triaged_at = models.DateTimeField(_("ditriase"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditriase oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Fields a list page never needs: deferred there so rows are not decrypted for nothing.
    ENCRYPTED_FIELDS = (
        "outside_city_place",
        "address_detail",
        "reporter_name",
        "reporter_phone",
        "reporter_email",
        "contact_safe_times",
        "description",
        "victim_name",
        "public_message",
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        indexes = [
            models.Index(fields=["status", "due_at"], name="report_queue_idx"),
            models.Index(fields=["region_code", "received_at"], name="report_region_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="kasus") | Q(case__isnull=False), name="report_in_case_has_case"
            ),
            models.CheckConstraint(
                condition=Q(consent=True) | ~Q(channel="web"), name="report_web_needs_consent"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A neutral reference for logs and the audit trail: no code, no name."""
        return f"laporan:{self.pk}"

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def is_locked(self) -> bool:
        return self.pin_locked_at is not None

    def get_violence_forms_display(self) -> list[str]:
        from payung.cases.choices import ViolenceForm

        labels = dict(ViolenceForm.choices)
        return [str(labels.get(v, v)) for v in self.violence_forms]


class ReportEvent(models.Model):
    """One recorded action on a report: its history. Rows are only ever added."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("tindakan"), max_length=20, choices=ReportEventKind.choices)
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Structured, non-identifying facts (risk before/after, case number, reason code).
    data = models.JSONField(default=dict, blank=True)
    # Free text a triager wrote (may mention people): encrypted.
    note = EncryptedTextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"


def _attachment_ref() -> str:
    # Kept for migration 0001, which names it as the field's default.
    return uuid.uuid4().hex


class ReportAttachment(SealedBlob):
    """A photo or document sent with a report, sealed in the database (see ``sealed.py``)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("lampiran laporan")
        verbose_name_plural = _("lampiran laporan")

    def __str__(self) -> str:
        return f"lampiran:{self.pk} ({self.content_type})"


# =========================================================================================
# Casework: people and their part in a case
# =========================================================================================


class Person(TimeStampedModel):
    """Someone in a case: a victim, perpetrator, reporter, witness or guardian.

    Identifying values are encrypted. Exact lookups use keyed blind indexes: ``nik_index``,
    ``kk_index``, ``phone_index`` and ``name_index`` (the name folded for case, accents and
    spacing); ``PersonNameToken`` holds one blind token per name word so "siti" finds
    "Siti Aminah" without the database ever holding a name (docs/casework.md explains why
    not trigrams). The birth date is kept in clear: ages and age groups are counted in SQL.
    """

    name = EncryptedTextField(_("nama"), blank=True)
    alias = EncryptedTextField(
        _("nama samaran"),
        blank=True,
        help_text=_("Dipakai di daftar dan dokumen agar nama asli tidak terlihat."),
    )
    name_index = models.CharField(max_length=32, blank=True, db_index=True)
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = models.CharField(max_length=32, blank=True, db_index=True)
    kk = EncryptedTextField(_("nomor KK"), blank=True)
    kk_index = models.CharField(max_length=32, blank=True, db_index=True)
    sex = models.CharField(
        _("jenis kelamin"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN
    )
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    age_estimate = models.PositiveSmallIntegerField(
        _("perkiraan usia (tahun)"), null=True, blank=True
    )
    age_estimated_on = models.DateField(_("usia diperkirakan pada"), null=True, blank=True)
    disability = models.CharField(
        _("penyandang disabilitas"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    disability_kinds = models.JSONField(_("jenis disabilitas"), default=list, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=20, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=20, choices=Occupation.choices, blank=True
    )
    marital_status = models.CharField(
        _("status perkawinan"), max_length=20, choices=MaritalStatus.choices, blank=True
    )
    religion = models.CharField(_("agama"), max_length=20, choices=Religion.choices, blank=True)
    phone = EncryptedTextField(_("telepon"), blank=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True)
    address = EncryptedTextField(_("alamat lengkap"), blank=True)
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan domisili"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    ENCRYPTED_FIELDS = ("name", "alias", "nik", "kk", "phone", "address")

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")

    def __str__(self) -> str:
        return f"orang:{self.pk}"

    def age(self, on: date | None = None) -> int | None:
        """Whole years on ``on`` (today): from the birth date, else from the estimate."""
        today = on or timezone.localdate()
        if self.birth_date:
            born = self.birth_date
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if self.age_estimate is not None:
            since = self.age_estimated_on or (
                timezone.localdate(self.created_at) if self.created_at else today
            )
            return self.age_estimate + max(0, (today - since).days // 365)
        return None

    @property
    def is_child(self) -> bool:
        age = self.age()
        return age is not None and age < 18

    @property
    def display_name(self) -> str:
        """The alias when there is one: lists and printed documents never need more."""
        return self.alias or self.name or "—"


class PersonNameToken(models.Model):
    """One keyed token per word of a person's name (and alias), for word-level lookup."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="person_name_token_unique")
        ]
        # Lookup by token that never touches the table (index-only): people having every
        # word of a name query are a merge join of two index ranges (docs/performance.md).
        indexes = [models.Index(fields=["token", "person"], name="person_token_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.token[:6]}"


class CaseParty(models.Model):
    """A person's part in a case. A perpetrator may be a group (with its size) or a
    corporation (with its name) instead of one person."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("peran"), max_length=10, choices=PartyRole.choices)
    perpetrator_kind = models.CharField(
        _("jenis pelaku"), max_length=12, choices=PerpetratorKind.choices, blank=True
    )
    group_size = models.PositiveIntegerField(_("jumlah anggota kelompok"), null=True, blank=True)
    organisation_name = EncryptedTextField(_("nama korporasi"), blank=True)
    relationship = models.CharField(
        _("hubungan dengan korban"), max_length=20, choices=Relationship.choices, blank=True
    )
    guardian_for = models.ForeignKey(
        "self",
        verbose_name=_("wali dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guardians",
    )
    guardian_relation = models.CharField(_("hubungan wali"), max_length=100, blank=True)
    anonymous = models.BooleanField(_("tanpa nama"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("pihak dalam kasus")
        verbose_name_plural = _("pihak dalam kasus")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                condition=Q(person__isnull=False),
                name="case_party_person_role_unique",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(role="pelaku", perpetrator_kind__in=["kelompok", "korporasi"])
                | Q(role="pelapor", anonymous=True),
                name="case_party_has_person",
            ),
            models.CheckConstraint(
                condition=Q(role="pelaku") | Q(perpetrator_kind=""),
                name="case_party_kind_only_perpetrator",
            ),
            models.CheckConstraint(
                condition=Q(role="wali") | Q(guardian_for__isnull=True),
                name="case_party_guardian_for_only_guardian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}:{self.pk}"

    @property
    def display_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.display_name
        if self.perpetrator_kind == PerpetratorKind.CORPORATION:
            return self.organisation_name or str(_("Korporasi"))
        if self.perpetrator_kind == PerpetratorKind.GROUP:
            return str(_("Kelompok (%(n)s orang)") % {"n": self.group_size or "?"})
        if self.anonymous:
            return str(_("Anonim"))
        return "—"


class Incident(TimeStampedModel):
    """One incident of violence in a case, with SIMFONI-PPA's categories."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    date_approximate = models.BooleanField(_("tanggal perkiraan"), default=False)
    place_category = models.CharField(
        _("jenis tempat"), max_length=30, choices=PlaceCategory.choices
    )
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = EncryptedTextField(_("alamat kejadian"), blank=True)
    violence_forms = models.JSONField(_("bentuk kekerasan"), default=list)
    trafficking_subtypes = models.JSONField(_("jenis TPPO"), default=list, blank=True)
    gbv_core_type = models.CharField(
        _("jenis inti GBVIMS"), max_length=30, choices=GbvCoreType.choices, blank=True
    )
    chronology = EncryptedTextField(_("kronologi"), blank=True)
    relationship = models.CharField(
        _("hubungan pelaku dengan korban"),
        max_length=20,
        choices=Relationship.choices,
        default=Relationship.UNKNOWN,
    )
    kdrt = models.BooleanField(_("KDRT (UU 23/2004)"), default=False)
    tpks = models.BooleanField(_("TPKS (UU 12/2022)"), default=False)
    victims = models.ManyToManyField(CaseParty, related_name="incidents_as_victim", blank=True)
    perpetrators = models.ManyToManyField(
        CaseParty, related_name="incidents_as_perpetrator", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("kejadian")
        verbose_name_plural = _("kejadian")

    def __str__(self) -> str:
        return f"kejadian:{self.pk}"

    def get_violence_forms_display(self) -> list[str]:
        labels = dict(ViolenceForm.choices)
        return [str(labels.get(v, v)) for v in self.violence_forms]


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
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="case_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}@{self.version}"


# =========================================================================================
# Assessment and plan
# =========================================================================================


class Assessment(models.Model):
    """A biopsychosocial assessment of one victim. Each assessment is a new row; the
    latest is the current one and the earlier ones are its history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    victim = models.ForeignKey(
        CaseParty, verbose_name=_("korban"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("tanggal asesmen"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {domain: need level} for the five domains of AssessmentDomain.
    levels = models.JSONField(_("tingkat kebutuhan"), default=dict)
    physical_note = EncryptedTextField(_("catatan fisik / kesehatan"), blank=True)
    psychological_note = EncryptedTextField(_("catatan psikologis"), blank=True)
    social_note = EncryptedTextField(_("catatan sosial / keluarga"), blank=True)
    economic_note = EncryptedTextField(_("catatan ekonomi"), blank=True)
    education_note = EncryptedTextField(_("catatan pendidikan"), blank=True)
    summary = EncryptedTextField(_("kesimpulan"), blank=True)
    # Perpres 55/2024: the bridge to the women-head-of-household (Perkasa) programme.
    economic_empowerment_need = models.BooleanField(
        _("butuh pemberdayaan ekonomi (Perpres 55/2024)"), default=False
    )
    disability_accommodation = models.BooleanField(_("butuh akomodasi disabilitas"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    NOTE_FIELDS: dict[str, str] = {
        AssessmentDomain.PHYSICAL: "physical_note",
        AssessmentDomain.PSYCHOLOGICAL: "psychological_note",
        AssessmentDomain.SOCIAL: "social_note",
        AssessmentDomain.ECONOMIC: "economic_note",
        AssessmentDomain.EDUCATION: "education_note",
    }

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("asesmen")
        verbose_name_plural = _("asesmen")

    def __str__(self) -> str:
        return f"asesmen:{self.pk}"

    def domains(self) -> list[dict[str, str]]:
        """One row per domain: label, need level label, note — for templates."""
        labels = dict(NeedLevel.choices)
        return [
            {
                "code": str(code),
                "label": str(label),
                "level": str(self.levels.get(code, "")),
                "level_label": str(labels.get(self.levels.get(code, ""), "—")),
                "note": getattr(self, self.NOTE_FIELDS[code]),
            }
            for code, label in AssessmentDomain.choices
        ]


class CasePlan(models.Model):
    """The case plan (rencana intervensi), agreed with the victim or a child's guardian."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    goals = EncryptedTextField(_("tujuan"), blank=True)
    agreed = models.BooleanField(_("disepakati korban / wali"), default=False)
    agreed_on = models.DateField(_("tanggal disepakati"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        CaseParty,
        verbose_name=_("disepakati oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rencana intervensi")
        verbose_name_plural = _("rencana intervensi")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed=False) | Q(agreed_on__isnull=False),
                name="case_plan_agreed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"rencana:{self.case_id}"


class PlanItem(models.Model):
    """One planned service (of the city's ten) with its goal."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="items")
    service = models.CharField(_("layanan"), max_length=20, choices=ServiceCode.choices)
    goal = EncryptedTextField(_("tujuan layanan"), blank=True)
    provider_name = models.CharField(_("penyedia / lembaga"), max_length=200, blank=True)
    target_date = models.DateField(_("target tanggal"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    done_on = models.DateField(_("selesai pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("layanan dalam rencana")
        verbose_name_plural = _("layanan dalam rencana")

    def __str__(self) -> str:
        return f"{self.service}:{self.pk}"


# =========================================================================================
# Deadlines
# =========================================================================================


class DeadlineRule(models.Model):
    """A due item every matching case carries (docs/domain.md#deadlines), with its legal basis.

    Seeded by a data migration; the system admin edits hours, counting and basis. With
    ``working_days`` only hours on Monday–Friday count (72 h = 3 working days). With
    ``tracks_protection`` the item records when protection was requested and granted, and
    ``protection_days`` how long it lasts (7 days under PKDRT, 14 under TPKS).
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    trigger = models.CharField(_("berlaku untuk"), max_length=20, choices=DeadlineTrigger.choices)
    hours = models.PositiveIntegerField(_("batas waktu (jam)"))
    working_days = models.BooleanField(_("hanya hari kerja"), default=False)
    tracks_protection = models.BooleanField(_("mencatat diminta / diberikan"), default=False)
    protection_days = models.PositiveSmallIntegerField(
        _("lama perlindungan (hari)"), null=True, blank=True
    )
    basis = models.TextField(_("dasar hukum / rujukan"), blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("aturan tenggat kasus")
        verbose_name_plural = _("aturan tenggat kasus")

    def __str__(self) -> str:
        return self.code


class CaseDeadline(models.Model):
    """A due item of a case: derived from a rule, or a follow-up a case worker set."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField(_("tenggat"), max_length=150)
    due_at = models.DateTimeField(_("jatuh tempo"))
    state = models.CharField(
        _("status"), max_length=15, choices=DeadlineState.choices, default=DeadlineState.OPEN
    )
    met_at = models.DateTimeField(_("dipenuhi"), null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("diminta pada"), null=True, blank=True)
    granted_on = models.DateField(_("diberikan pada"), null=True, blank=True)
    protection_until = models.DateField(_("perlindungan sampai"), null=True, blank=True)
    note = EncryptedTextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("tenggat kasus")
        verbose_name_plural = _("tenggat kasus")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule"],
                condition=Q(rule__isnull=False),
                name="case_deadline_one_per_rule",
            ),
            models.CheckConstraint(
                condition=~Q(state="terpenuhi") | Q(met_at__isnull=False),
                name="case_deadline_met_has_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="case_deadline_due_idx")]

    def __str__(self) -> str:
        return f"{self.title} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due_at

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.state == DeadlineState.OPEN and self.due_at <= (now or timezone.now())


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
