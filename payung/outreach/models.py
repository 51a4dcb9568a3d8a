"""Prevention: outreach activities, the annual plan, the QR knowledge check, the
community-leader network and Forum Anak (issue #11, docs/outreach.md).

Attendance is held as counts only — never the names of who came. A disclosure at a session is
a report in ``cases`` (channel ``penjangkauan``); the activity keeps only the link, and shows
only how many. Forum Anak members are children: the minimum is kept (a nickname, birth year,
sex, kelurahan, school level, guardian consent), never a NIK or an address.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.cases.sealed import SealedBlob
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.outreach.choices import (
    ActivityStatus,
    LeaderKind,
    PhotoKind,
    QuizPhase,
    SchoolLevel,
    Sex,
    VoiceStatus,
)
from payung.regions.models import Region

# --- catalogues the outreach officer / system admin edit --------------------------------


class ActivityType(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    # Counts towards the plan's "at least one with a religious leader" target.
    religious = models.BooleanField(_("bersama tokoh / lembaga agama"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("jenis kegiatan")
        verbose_name_plural = _("jenis kegiatan")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topik")
        verbose_name_plural = _("topik")

    def __str__(self) -> str:
        return self.name


class QuizQuestion(models.Model):
    """One multiple-choice question of the bank, per topic."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions")
    text = models.CharField(_("pertanyaan"), max_length=300)
    options = models.JSONField(_("pilihan jawaban"), default=list)
    correct = models.PositiveSmallIntegerField(_("nomor jawaban benar (mulai 0)"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("soal kuis")
        verbose_name_plural = _("soal kuis")

    def __str__(self) -> str:
        return self.text


# --- the community-leader network ---------------------------------------------------------


class Leader(TimeStampedModel):
    """A community leader (tokoh) of a kelurahan. Listed only while consent stands."""

    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("peran"), max_length=20, choices=LeaderKind.choices)
    kelurahan = models.ForeignKey(
        Region, verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    phone = EncryptedTextField(_("telepon / WhatsApp"), blank=True)
    consent_listed = models.BooleanField(_("setuju dicantumkan dan dihubungi"), default=False)
    consent_on = models.DateField(_("tanggal persetujuan"), null=True, blank=True)
    withdrawn_on = models.DateField(_("tanggal menarik persetujuan"), null=True, blank=True)
    training = models.TextField(_("pelatihan yang diikuti"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tokoh masyarakat")
        verbose_name_plural = _("tokoh masyarakat")

    def __str__(self) -> str:
        return self.name

    @property
    def listed(self) -> bool:
        return self.consent_listed and self.withdrawn_on is None


class LeaderReferral(models.Model):
    """A report a leader brought in (the intake's "referred by a community leader")."""

    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="referrals")
    report = models.OneToOneField(
        "cases.Report", on_delete=models.PROTECT, related_name="leader_referral"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rujukan tokoh")
        verbose_name_plural = _("rujukan tokoh")

    def __str__(self) -> str:
        return f"rujukan:{self.pk}"


# --- Forum Anak ------------------------------------------------------------------------------


class Forum(models.Model):
    """The city Forum Anak (no kelurahan) or a kelurahan forum."""

    name = models.CharField(_("nama forum"), max_length=150)
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosongkan untuk Forum Anak tingkat kota."),
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Forum Anak")
        verbose_name_plural = _("Forum Anak")

    def __str__(self) -> str:
        return self.name


class ForumMember(TimeStampedModel):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="members")
    nickname = EncryptedTextField(_("nama depan atau panggilan"))
    birth_year = models.PositiveSmallIntegerField(
        _("tahun lahir"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    kelurahan = models.ForeignKey(
        Region, verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    school_level = models.CharField(
        _("jenjang sekolah"), max_length=20, choices=SchoolLevel.choices
    )
    guardian_consent_on = models.DateField(_("tanggal persetujuan orang tua / wali"))

    class Meta:
        ordering = ["birth_year", "pk"]
        verbose_name = _("anggota Forum Anak")
        verbose_name_plural = _("anggota Forum Anak")

    def __str__(self) -> str:
        return f"anggota:{self.pk}"

    def is_alumni(self, today: date | None = None) -> bool:
        """Alumni from the year they turn 18 (only the birth year is held)."""
        year = (today or timezone.localdate()).year
        return year - self.birth_year >= 18


class Facilitator(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="facilitators")
    name = models.CharField(_("nama fasilitator"), max_length=150)
    phone = EncryptedTextField(_("telepon"), blank=True)

    class Meta:
        verbose_name = _("fasilitator")
        verbose_name_plural = _("fasilitator")

    def __str__(self) -> str:
        return self.name


class ForumVoice(TimeStampedModel):
    """A voice or proposal of the forum, with what the agency answered."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="voices")
    title = models.CharField(_("usulan"), max_length=200)
    body = models.TextField(_("uraian"), blank=True)
    submitted_on = models.DateField(_("tanggal diajukan"))
    agency = models.CharField(_("instansi yang dituju"), max_length=150, blank=True)
    response = models.TextField(_("tanggapan instansi"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VoiceStatus.choices, default=VoiceStatus.SUBMITTED
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("suara anak")
        verbose_name_plural = _("suara anak")


# --- activities ----------------------------------------------------------------------------


class Activity(TimeStampedModel):
    """One outreach activity: planned → held → reported, or cancelled with a reason."""

    type = models.ForeignKey(
        ActivityType, verbose_name=_("jenis kegiatan"), on_delete=models.PROTECT
    )
    title = models.CharField(_("judul"), max_length=200)
    # A kelurahan, or the city for a city-wide activity (radio, social media, Forum Anak kota).
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    venue = models.CharField(_("tempat"), max_length=200)
    starts_at = models.DateTimeField(_("tanggal dan jam"), db_index=True)
    partners = models.ManyToManyField(
        "partners.Organisation", verbose_name=_("mitra"), blank=True, related_name="+"
    )
    public_figures = models.CharField(
        _("tokoh publik (mis. anggota DPRD)"), max_length=300, blank=True
    )
    speakers = models.ManyToManyField(
        Leader, verbose_name=_("narasumber (tokoh)"), blank=True, related_name="activities"
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topik"), related_name="activities")
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("Forum Anak"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    cancel_reason = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # --- the report: counts only, never names
    women = models.PositiveIntegerField(_("perempuan dewasa"), null=True, blank=True)
    men = models.PositiveIntegerField(_("laki-laki dewasa"), null=True, blank=True)
    girls = models.PositiveIntegerField(_("anak perempuan"), null=True, blank=True)
    boys = models.PositiveIntegerField(_("anak laki-laki"), null=True, blank=True)
    total = models.PositiveIntegerField(_("jumlah peserta"), null=True, blank=True)
    materials = models.TextField(_("materi yang dibagikan"), blank=True)
    questions_raised = models.TextField(_("pertanyaan peserta"), blank=True)
    follow_ups = models.TextField(_("tindak lanjut"), blank=True)
    reported_at = models.DateTimeField(_("dilaporkan"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("kegiatan sosialisasi")
        verbose_name_plural = _("kegiatan sosialisasi")
        indexes = [models.Index(fields=["region_code", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        return f"kegiatan:{self.pk}"

    @property
    def reached(self) -> bool:
        return self.status in (ActivityStatus.HELD, ActivityStatus.REPORTED)


class ActivityPhoto(SealedBlob):
    """A photo of the sign-in sheet or of the event, sealed in the database."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="photos")
    kind = models.CharField(_("jenis foto"), max_length=20, choices=PhotoKind.choices)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("foto kegiatan")
        verbose_name_plural = _("foto kegiatan")

    def __str__(self) -> str:
        return f"foto:{self.pk} ({self.content_type})"


class ActivityDisclosure(models.Model):
    """A report made at a session. The activity shows how many, never what."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="disclosures")
    report = models.OneToOneField(
        "cases.Report", on_delete=models.PROTECT, related_name="outreach_disclosure"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengungkapan di sesi")
        verbose_name_plural = _("pengungkapan di sesi")

    def __str__(self) -> str:
        return f"pengungkapan:{self.pk}"


# --- the annual plan ---------------------------------------------------------------------


class AnnualTarget(models.Model):
    """The year's target for one kelurahan."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    kelurahan = models.ForeignKey(
        Region, verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    min_sessions = models.PositiveSmallIntegerField(_("paling sedikit sesi"), default=2)
    min_religious = models.PositiveSmallIntegerField(
        _("paling sedikit sesi bersama tokoh agama"), default=1
    )

    class Meta:
        ordering = ["year", "region_code"]
        verbose_name = _("target tahunan")
        verbose_name_plural = _("target tahunan")
        constraints = [
            models.UniqueConstraint(fields=["year", "kelurahan"], name="outreach_target_once")
        ]

    def __str__(self) -> str:
        return f"target:{self.year}:{self.region_code}"


# --- the QR knowledge check ------------------------------------------------------------------


def _quiz_token() -> str:
    return secrets.token_urlsafe(12)


class Quiz(models.Model):
    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="quiz")
    token = models.CharField(max_length=32, unique=True, default=_quiz_token, editable=False)
    questions = models.ManyToManyField(QuizQuestion, related_name="+")
    # Answers are taken until the end of this day (Asia/Jakarta): the session's day.
    open_on = models.DateField(_("tanggal kuis"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kuis")
        verbose_name_plural = _("kuis")

    def __str__(self) -> str:
        return f"kuis:{self.pk}"

    def is_open(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) <= self.open_on


class QuizResponse(models.Model):
    """One anonymous answer sheet. ``browser`` is a hash of a random cookie value, so a
    second sheet from the same browser for the same phase is discarded."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="responses")
    phase = models.CharField(max_length=10, choices=QuizPhase.choices)
    browser = models.CharField(max_length=64)
    correct = models.PositiveSmallIntegerField()
    asked = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jawaban kuis")
        verbose_name_plural = _("jawaban kuis")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "phase", "browser"], name="outreach_quiz_once_per_browser"
            )
        ]

    def __str__(self) -> str:
        return f"jawaban:{self.pk}"
