"""The Perkasa registry: women heads of household, their households, and their scores.

A registrant is an ``identity.EncryptedPerson`` (name, NIK, No. KK and phone encrypted, each
with its blind index) in her own table: a NIK typed into Perkasa never meets casework's
people table. Birth date, address and the free-text detail of why she heads the household
are encrypted too; only the birth year is kept in clear (counting by age group).

Scores are never rewritten: each run of a scoring model version adds a ``Score`` row with its
breakdown, and the registrant points at her current one (docs/perkasa.md#scoring).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from payung.cases.sealed import SealedBlob
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.identity.models import EncryptedPerson
from payung.perkasa import choices


class Registrant(EncryptedPerson):
    """A woman who heads her household, as registered with Perkasa."""

    birth_date = EncryptedTextField(_("tanggal lahir"), blank=True)  # ISO date, encrypted
    birth_year = models.PositiveSmallIntegerField(_("tahun lahir"), null=True, blank=True)
    address = EncryptedTextField(_("alamat"), blank=True)
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    # Denormalised for scoped queries by code prefix (the region scope of every list).
    region_code = models.CharField(max_length=13, db_index=True, editable=False)
    head_reason = models.CharField(
        _("alasan menjadi kepala keluarga"), max_length=24, choices=choices.HeadReason.choices
    )
    head_reason_detail = EncryptedTextField(_("keterangan"), blank=True)
    livelihood = models.CharField(
        _("mata pencaharian"), max_length=20, choices=choices.Livelihood.choices, blank=True
    )
    income_band = models.CharField(
        _("penghasilan per bulan"), max_length=12, choices=choices.IncomeBand.choices, blank=True
    )
    has_business = models.BooleanField(_("punya usaha"), default=False)
    housing = models.JSONField(_("kondisi rumah dan aset (kriteria BPS)"), default=dict, blank=True)
    assistance = models.JSONField(_("bantuan sosial yang sudah diterima"), default=list, blank=True)
    dtsen_decile = models.PositiveSmallIntegerField(_("desil DTSEN"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.Status.choices,
        default=choices.Status.PRE_REGISTERED,
    )
    status_reason = models.CharField(_("alasan status"), max_length=300, blank=True)
    source = models.CharField(_("jalur pendaftaran"), max_length=10, choices=choices.Source.choices)
    prioritised = models.BooleanField(_("rujukan prioritas"), default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Self pre-registration: the tracking code (clear, unique) and the PIN's keyed hash.
    tracking_code = models.CharField(max_length=8, unique=True, null=True, blank=True)
    pin_hash = models.CharField(max_length=200, blank=True)
    submission_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pin_failures = models.PositiveSmallIntegerField(default=0)
    pin_locked_at = models.DateTimeField(null=True, blank=True)
    home_visit = models.JSONField(_("hasil kunjungan rumah"), default=dict, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_score = models.ForeignKey(
        "Score", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["region_code", "-created_at"], name="perkasa_reg_scope_idx"),
            models.Index(fields=["status", "region_code"], name="perkasa_reg_status_idx"),
            # The registry list of a city or province officer: newest first, walked in index
            # order and stopped after a page (docs/performance.md#perkasa-at-province-scale).
            models.Index(fields=["-created_at", "-id"], name="perkasa_reg_recent_idx"),
        ]
        constraints = [
            # One active registration per NIK, even under concurrent submissions.
            models.UniqueConstraint(
                fields=["nik_index"],
                condition=models.Q(status__in=choices.ACTIVE_STATUSES) & ~models.Q(nik_index=""),
                name="perkasa_one_active_per_nik",
            )
        ]
        verbose_name = _("pendaftar Perkasa")
        verbose_name_plural = _("pendaftar Perkasa")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.region_code = self.kelurahan.code if self.kelurahan_id else self.region_code
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("perkasa:registrant", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in choices.ACTIVE_STATUSES


class HouseholdMember(models.Model):
    """Someone in her household (no names: what the scoring and programmes need)."""

    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="members")
    relationship = models.CharField(
        _("hubungan"), max_length=12, choices=choices.Relationship.choices
    )
    age = models.PositiveSmallIntegerField(_("umur"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=choices.Sex.choices)
    schooling = models.CharField(
        _("sekolah"), max_length=10, choices=choices.Schooling.choices, blank=True
    )
    disability = models.BooleanField(_("disabilitas"), default=False)

    class Meta:
        ordering = ("-age", "id")
        verbose_name = _("anggota rumah tangga")
        verbose_name_plural = _("anggota rumah tangga")

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} ({self.age})"


class RegistrantDocument(SealedBlob):
    """A supporting document (the KK scan), sealed like a case attachment."""

    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=40, default="kk")

    class Meta:
        verbose_name = _("dokumen pendaftar Perkasa")
        verbose_name_plural = _("dokumen pendaftar Perkasa")
        ordering = ("-uploaded_at",)

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class ScoringModel(TimeStampedModel):
    """A version of the welfare scoring: indicators, points and thresholds, as data.

    ``indicators``: a list of ``{"code", "label", "fact", "points": {fact value: points}}``;
    the facts are computed by ``perkasa.scoring.facts`` (the only code involved), the points
    and their meaning are data an admin edits and publishes. ``thresholds``: the minimum
    score of each category from the poorest (``{"sangat_miskin": 60, "miskin": 40,
    "rentan": 20}``; below the last is "tidak miskin"). A published version is frozen.
    """

    class State(models.TextChoices):
        DRAFT = "draf", _("Draf")
        PUBLISHED = "terbit", _("Diterbitkan")
        RETIRED = "lama", _("Versi lama")

    version = models.PositiveIntegerField(_("versi"), unique=True)
    name = models.CharField(_("nama"), max_length=120)
    notes = models.TextField(_("catatan perubahan"), blank=True)
    indicators = models.JSONField(_("indikator"), default=list)
    thresholds = models.JSONField(_("ambang kategori"), default=dict)
    state = models.CharField(max_length=8, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-version",)
        verbose_name = _("model skor")
        verbose_name_plural = _("model skor")

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class Score(models.Model):
    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="scores")
    model = models.ForeignKey(ScoringModel, on_delete=models.PROTECT, related_name="scores")
    total = models.IntegerField(_("skor"))
    category = models.CharField(_("kategori"), max_length=16, choices=choices.Category.choices)
    # [{"code", "label", "value", "points"}] in the model's order: the "why this score".
    breakdown = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skor kesejahteraan")
        verbose_name_plural = _("skor kesejahteraan")
        ordering = ("-computed_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["registrant", "model"], name="perkasa_one_score_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.total} ({self.category})"


class DuplicateFlag(models.Model):
    """Two registrations that share a NIK or a No. KK, waiting for an officer's decision."""

    first = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=choices.DuplicateReason.choices)
    region_code = models.CharField(max_length=13, db_index=True)
    status = models.CharField(
        max_length=14, choices=choices.DuplicateStatus.choices, default=choices.DuplicateStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dugaan duplikat Perkasa")
        verbose_name_plural = _("dugaan duplikat Perkasa")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(fields=["first", "second", "reason"], name="perkasa_dup_once")
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.reason})"


class Programme(TimeStampedModel):
    """An empowerment programme in the catalogue, owned by one agency (docs/perkasa.md).

    ``eligibility`` is data, evaluated and explained per woman by ``programmes.eligibility``:
    ``{"categories": [...], "min_age": int|None, "max_age": int|None, "needs_business": bool}``.
    """

    name = models.CharField(_("nama program"), max_length=160)
    agency = models.CharField(_("OPD / lembaga pemilik"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=16, choices=choices.ProgrammeKind.choices)
    eligibility = models.JSONField(_("syarat kelayakan"), default=dict, blank=True)
    # The partner organisation behind ``agency``: its staff (role ``perkasa_partner``, linked
    # by ``User.organisation``) see this programme's cycles and participants, nothing else.
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("lembaga pemilik (akun mitra)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("program Perkasa")
        verbose_name_plural = _("program Perkasa")

    def __str__(self) -> str:
        return self.name


class ProgrammeCycle(models.Model):
    """One cycle (e.g. a budget year) of a programme, with its quota and budget in rupiah.

    Approved disbursements of a cycle never add up to more than ``budget``: approvals lock
    this row (``select_for_update``) before summing (programmes.disbursement_approve)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cycles")
    label = models.CharField(_("siklus"), max_length=60)
    quota = models.PositiveIntegerField(_("kuota peserta"))
    budget = models.PositiveBigIntegerField(_("anggaran (Rp)"))
    starts_on = models.DateField(_("mulai"), null=True, blank=True)
    ends_on = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("siklus program Perkasa")
        verbose_name_plural = _("siklus program Perkasa")
        ordering = ("-id",)
        constraints = [
            models.UniqueConstraint(fields=["programme", "label"], name="perkasa_cycle_label_once"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="perkasa_cycle_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.label}"


class Enrolment(models.Model):
    cycle = models.ForeignKey(ProgrammeCycle, on_delete=models.PROTECT, related_name="enrolments")
    registrant = models.ForeignKey(Registrant, on_delete=models.PROTECT, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kepesertaan program Perkasa")
        verbose_name_plural = _("kepesertaan program Perkasa")
        ordering = ("-enrolled_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "registrant"], name="perkasa_one_enrolment_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registrant_id} @ {self.cycle_id}"


class Disbursement(models.Model):
    """A grant tranche: proposed by one officer, approved (or rejected) by another."""

    class State(models.TextChoices):
        PROPOSED = "diusulkan", _("Diusulkan")
        APPROVED = "disetujui", _("Disetujui")
        REJECTED = "ditolak", _("Ditolak")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="disbursements")
    cycle = models.ForeignKey(
        ProgrammeCycle, on_delete=models.PROTECT, related_name="disbursements"
    )
    tranche = models.PositiveSmallIntegerField(_("tahap"))
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    proof_note = models.CharField(_("bukti"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penyaluran bantuan Perkasa")
        verbose_name_plural = _("penyaluran bantuan Perkasa")
        ordering = ("tranche", "id")
        indexes = [models.Index(fields=["cycle", "state"], name="perkasa_disb_ledger_idx")]

    def __str__(self) -> str:
        return f"tahap {self.tranche}: Rp {self.amount}"


# --- programmes in the field: sessions, mentoring, the business, proof of use (issue #12) ---


class ProgrammeSession(models.Model):
    """A training or group session of a cycle; attendance is recorded per enrolment."""

    cycle = models.ForeignKey(ProgrammeCycle, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("tanggal"))
    topic = models.CharField(_("topik"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("held_on", "id")
        verbose_name = _("sesi program")
        verbose_name_plural = _("sesi program")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class Attendance(models.Model):
    session = models.ForeignKey(
        ProgrammeSession, on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    state = models.CharField(_("kehadiran"), max_length=12, choices=choices.AttendanceState.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kehadiran pelatihan Perkasa")
        verbose_name_plural = _("kehadiran pelatihan Perkasa")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="perkasa_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.session_id}: {self.state}"


class MentoringVisit(models.Model):
    """A mentor's visit to a participant; the notes and next step are encrypted free text."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="mentoring_visits"
    )
    visited_on = models.DateField(_("tanggal kunjungan"))
    mentor = models.CharField(_("pendamping"), max_length=120)
    notes = EncryptedTextField(_("catatan"), blank=True)
    next_step = EncryptedTextField(_("langkah berikutnya"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-visited_on", "-id")
        verbose_name = _("kunjungan pendampingan")
        verbose_name_plural = _("kunjungan pendampingan")

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.visited_on}"


class ParticipantBusiness(models.Model):
    """Her business, as the programme follows it (one per registrant, updated in place)."""

    registrant = models.OneToOneField(Registrant, on_delete=models.CASCADE, related_name="business")
    kind = models.CharField(_("jenis usaha"), max_length=120)
    revenue_band = models.CharField(_("omzet"), max_length=10, choices=choices.RevenueBand.choices)
    status = models.CharField(
        _("status usaha"), max_length=10, choices=choices.BusinessStatus.choices
    )
    started_on = models.DateField(_("mulai usaha"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("usaha peserta")
        verbose_name_plural = _("usaha peserta")

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"


class DisbursementProof(SealedBlob):
    """Proof of use of a tranche (a receipt, a photo of the goods), sealed like a KK scan."""

    disbursement = models.ForeignKey(Disbursement, on_delete=models.CASCADE, related_name="proofs")

    class Meta:
        verbose_name = _("bukti penggunaan bantuan Perkasa")
        verbose_name_plural = _("bukti penggunaan bantuan Perkasa")
        ordering = ("-uploaded_at",)

    def __str__(self) -> str:
        return f"bukti #{self.pk}"


# --- monitoring, overrides, appeals, graduation (issue #12 part 6; docs/perkasa.md#monitoring)


class CategoryOverride(models.Model):
    """An officer's proposal to set a registrant's category by hand, with a reason; it takes
    effect only once a second Perkasa officer approves it (maker-checker, never the same
    person). An upheld appeal is recorded the same way, already approved."""

    class State(models.TextChoices):
        PROPOSED = "diusulkan", _("Menunggu persetujuan")
        APPROVED = "disetujui", _("Disetujui")
        REJECTED = "ditolak", _("Ditolak")

    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="overrides")
    score = models.ForeignKey(
        Score, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_category = models.CharField(
        _("kategori menurut skor"), max_length=16, choices=choices.Category.choices, blank=True
    )
    category = models.CharField(
        _("kategori usulan"), max_length=16, choices=choices.Category.choices
    )
    reason = EncryptedTextField(_("alasan"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    appeal = models.ForeignKey(
        "Appeal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(_("catatan keputusan"), blank=True)

    class Meta:
        verbose_name = _("penyesuaian kategori Perkasa")
        verbose_name_plural = _("penyesuaian kategori Perkasa")
        ordering = ("-proposed_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["registrant"],
                condition=models.Q(state="diusulkan"),
                name="perkasa_one_pending_override",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registrant_id}: {self.from_category} → {self.category} ({self.state})"


class Appeal(models.Model):
    """A registrant's objection (keberatan) to her category or status, recorded by an officer
    on her behalf, with a decision deadline in working days (docs/domain.md#perkasa-appeals)."""

    class State(models.TextChoices):
        PENDING = "menunggu", _("Menunggu keputusan")
        UPHELD = "diterima", _("Diterima")
        REJECTED = "ditolak", _("Ditolak")

    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="appeals")
    region_code = models.CharField(max_length=13, db_index=True, editable=False)
    received_on = models.DateField(_("tanggal diterima"))
    grounds = EncryptedTextField(_("alasan keberatan"))
    due_on = models.DateField(_("batas keputusan"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    outcome_category = models.CharField(
        _("kategori baru"), max_length=16, choices=choices.Category.choices, blank=True
    )
    outcome_status = models.CharField(
        _("status baru"), max_length=16, choices=choices.Status.choices, blank=True
    )
    decision_reason = EncryptedTextField(_("alasan keputusan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("keberatan Perkasa")
        verbose_name_plural = _("keberatan Perkasa")
        ordering = ("due_on", "id")
        indexes = [models.Index(fields=["state", "due_on"], name="perkasa_appeal_due_idx")]

    def __str__(self) -> str:
        return f"keberatan #{self.pk} ({self.state})"


class MonitoringPolicy(models.Model):
    """How often to re-assess and when a participant may graduate, as a published row of data.

    ``criteria``: ``{"above_category": "rentan", "consecutive": 2, "business_months": 6}`` —
    the category of the last ``consecutive`` assessments must be better than
    ``above_category``, and her business must have run ``business_months`` months.
    ``followup_months``: the follow-ups after graduation (``[6, 12]``). A new version is a new
    row; the newest published one applies, and a graduation keeps the version it used."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    reassess_months = models.PositiveSmallIntegerField(_("penilaian ulang tiap (bulan)"), default=6)
    criteria = models.JSONField(_("kriteria kelulusan"), default=dict)
    followup_months = models.JSONField(_("tindak lanjut setelah lulus (bulan)"), default=list)
    notes = models.TextField(_("catatan"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kebijakan pemantauan Perkasa")
        verbose_name_plural = _("kebijakan pemantauan Perkasa")
        ordering = ("-version",)

    def __str__(self) -> str:
        return f"kebijakan pemantauan v{self.version}"


class Assessment(models.Model):
    """A periodic re-assessment: the indicators seen again, scored under the model current at
    the time (a score of its own: ``Score`` holds one row per model version)."""

    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("tanggal penilaian"))
    model = models.ForeignKey(ScoringModel, on_delete=models.PROTECT, related_name="+")
    facts = models.JSONField(default=dict)
    total = models.IntegerField(_("skor"))
    category = models.CharField(_("kategori"), max_length=16, choices=choices.Category.choices)
    breakdown = models.JSONField(default=list)
    note = EncryptedTextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penilaian ulang Perkasa")
        verbose_name_plural = _("penilaian ulang Perkasa")
        ordering = ("-assessed_on", "-id")
        indexes = [
            models.Index(fields=["registrant", "-assessed_on"], name="perkasa_assess_reg_idx")
        ]

    def __str__(self) -> str:
        return f"{self.registrant_id} {self.assessed_on}: {self.total} ({self.category})"


class Graduation(models.Model):
    """The decision that a participant has graduated: who, when, why, and how each criterion
    of the policy version stood (``criteria_results``: ``[{"code", "state", "text"}]``)."""

    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="graduations")
    policy = models.ForeignKey(MonitoringPolicy, on_delete=models.PROTECT, related_name="+")
    graduated_on = models.DateField(_("tanggal lulus"))
    reason = EncryptedTextField(_("alasan"))
    criteria_results = models.JSONField(default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kelulusan Perkasa")
        verbose_name_plural = _("kelulusan Perkasa")
        ordering = ("-graduated_on", "-id")

    def __str__(self) -> str:
        return f"lulus {self.registrant_id} {self.graduated_on}"


class FollowUp(models.Model):
    """A follow-up after graduation (6 and 12 months by default): due date, outcome, and
    relapse when her category is back to "rentan" or poorer."""

    graduation = models.ForeignKey(Graduation, on_delete=models.CASCADE, related_name="followups")
    registrant = models.ForeignKey(Registrant, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(max_length=13, db_index=True, editable=False)
    months = models.PositiveSmallIntegerField(_("bulan setelah lulus"))
    due_on = models.DateField(_("jatuh tempo"))
    done_on = models.DateField(_("tanggal dilakukan"), null=True, blank=True)
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    relapse = models.BooleanField(_("kembali rentan"), default=False)
    outcome = EncryptedTextField(_("hasil"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tindak lanjut pascalulus Perkasa")
        verbose_name_plural = _("tindak lanjut pascalulus Perkasa")
        ordering = ("due_on", "id")
        constraints = [
            models.UniqueConstraint(fields=["graduation", "months"], name="perkasa_followup_once")
        ]

    def __str__(self) -> str:
        return f"tindak lanjut {self.months} bln ({self.due_on})"


class ApiWrite(models.Model):
    """One idempotent API write: the caller's Idempotency-Key (hashed with the caller and the
    operation), a fingerprint of the body and the object it produced. A retry with the same
    key and body answers with that object; the same key with another body is a 409."""

    key_hash = models.CharField(max_length=64, unique=True)
    operation = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penulisan API Perkasa")
        verbose_name_plural = _("penulisan API Perkasa")
        indexes = [models.Index(fields=["created_at"], name="perkasa_apiwrite_age_idx")]

    def __str__(self) -> str:
        return f"{self.operation} → {self.object_id}"
