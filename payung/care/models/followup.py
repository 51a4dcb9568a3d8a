"""Accompaniment, reintegration, home visits, tasks and the closure checklist's notes."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.care.choices import (
    AccompanimentDestination,
    HomeVisitStatus,
    ReturnDestination,
    TaskStatus,
)
from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.partners.models import Service
from payung.regions.models import Region


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
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    # The closing of the case (its status change) that cancelled this task: reopening the
    # case may put back exactly the tasks that closing cancelled.
    cancelled_by_closure = models.ForeignKey(
        "cases.CaseStatusChange",
        verbose_name=_("dibatalkan oleh penutupan kasus"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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
            models.CheckConstraint(
                condition=~Q(status="batal") | Q(cancelled_at__isnull=False),
                name="care_task_cancelled_has_time",
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
