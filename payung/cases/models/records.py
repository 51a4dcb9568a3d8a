"""The report and the case: triage deadline rules, case numbers, the case, the report with its history and attachments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    AgeGroup,
    CaseStatus,
    CaseUnit,
    Channel,
    ClosureReason,
    ContactChannel,
    LawfulBasis,
    NotCaseReason,
    PlaceCategory,
    PublicStatus,
    Relationship,
    ReporterRelation,
    ReportEventKind,
    ReportStatus,
    RiskLevel,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.sealed import SealedBlob
from payung.core.fields import EncryptedIntegerField, EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.identity import blind_index
from payung.regions.models import Region


class TriageDeadlineRule(models.Model):
    """How soon a report of a given risk level needs a first response (docs/domain.md#deadlines).

    Seeded by a data migration; the system admin edits it. ``hours`` counts calendar hours,
    or, with ``working_days``, only hours that fall on working days (Monday–Friday except
    the holidays of ``payung.calendar``), so 72 hours with ``working_days`` is three working
    days. At least one hour: "immediately" is a short explicit window, not 0 (a report would
    be late the moment it arrives).
    """

    risk_level = models.CharField(
        _("tingkat risiko"), max_length=10, choices=RiskLevel.choices, unique=True
    )
    hours = models.PositiveIntegerField(_("batas waktu (jam)"))
    working_days = models.BooleanField(
        _("hanya hari kerja"),
        default=False,
        help_text=_(
            "Dicentang: jam dihitung hanya pada hari kerja (Senin–Jumat, di luar hari libur "
            "nasional dan cuti bersama); 72 jam = 3 hari kerja."
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
    # A restricted case (a staff member's relative, a local conflict of interest) is seen
    # only by the staff named here (policies.visible_cases), whatever their role or scope.
    restricted = models.BooleanField(_("kasus terbatas"), default=False, db_default=False)
    # Why this case's data is processed (UU PDP Pasal 20); with CONSENT, the work past the
    # assessment needs each victim's processing consent (services.transitions).
    lawful_basis = models.CharField(
        _("dasar pemrosesan"),
        max_length=20,
        choices=LawfulBasis.choices,
        default=LawfulBasis.LEGAL_OBLIGATION,
        db_default=LawfulBasis.LEGAL_OBLIGATION,
    )
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staf yang boleh membuka"),
        blank=True,
        related_name="restricted_cases",
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
    # UU 27/2022 PDP Pasal 11 / 41: the data subject asked to restrict processing. The case
    # is hidden from everyone but supervisors (and the DPO's register) until lifted. Distinct
    # from a "restricted case" limited to named staff (need to know).
    processing_restricted = models.BooleanField(
        _("pemrosesan dibatasi"), default=False, db_default=False
    )
    # Set when the retention schedule anonymised the case (payung/privacy/retention.py):
    # identifying values are blank, the statistical facts stay.
    anonymised_at = models.DateTimeField(_("dianonimkan"), null=True, blank=True)

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
            # Every scope level (province, kota, kecamatan, kelurahan) is one prefix range of
            # region_code; with the creation order and the id beside it, "the ids of page n
            # of this scope" is read from the index alone, without visiting the cases
            # skipped (deep pages: selectors.CaseListQuerySet, docs/performance.md). With
            # what visibility and the everyday list test beside them (INCLUDE), "which cases
            # of this scope may this person see" is read from the index alone too: the
            # list's capped count and the report list's check of each report's case
            # (cases.0022; at the national million they read the table: 58 and 121 ms).
            models.Index(
                fields=["region_code", "created_at", "id"],
                opclasses=["varchar_pattern_ops", "timestamptz_ops", "int8_ops"],
                include=["restricted", "processing_restricted", "status", "closed_at"],
                name="case_region_visible_idx",
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
    # Encrypted: with the kelurahan and the date an exact age narrows down who it is. The
    # age group beside it stays in clear for counting.
    victim_age = EncryptedIntegerField(_("usia korban"), null=True, blank=True)
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

    # --- the perpetrator and KDRT, as far as the officer taking the report knows (staff
    # intake); carried into the case when triage opens one. Database defaults, so rows
    # written without them (the synthetic generator's COPY) stay valid.
    perpetrator_name = EncryptedTextField(
        _("nama atau panggilan pelaku"), blank=True, default="", db_default=""
    )
    perpetrator_sex = models.CharField(
        _("jenis kelamin pelaku"),
        max_length=10,
        choices=Sex.choices,
        blank=True,
        default="",
        db_default="",
    )
    perpetrator_relationship = models.CharField(
        _("hubungan pelaku dengan korban"),
        max_length=20,
        choices=Relationship.choices,
        blank=True,
        default="",
        db_default="",
    )
    kdrt = models.BooleanField(
        _("kekerasan dalam rumah tangga (KDRT)"), default=False, db_default=False
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

    # The reporter's own agreement on the web form: not the victim's consent (the reporter
    # may be a neighbour). The basis for processing is ``lawful_basis``.
    consent = models.BooleanField(_("persetujuan pelapor"), default=False)
    lawful_basis = models.CharField(
        _("dasar pemrosesan"),
        max_length=20,
        choices=LawfulBasis.choices,
        default=LawfulBasis.LEGAL_OBLIGATION,
        db_default=LawfulBasis.LEGAL_OBLIGATION,
    )
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
    # Set when the retention schedule anonymised it (payung/privacy/retention.py).
    anonymised_at = models.DateTimeField(_("dianonimkan"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditriase oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The blind-index columns (``manage.py rebuild_blind_indexes``).
    BLIND_INDEX_FIELDS = ("reporter_phone_index",)

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
        "perpetrator_name",
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

    def refresh_blind_indexes(self) -> None:
        """Recompute the blind index of the reporter's phone (already normalised)."""
        self.reporter_phone_index = blind_index.phone_index(self.reporter_phone)

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
