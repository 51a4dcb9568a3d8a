"""Legal deadline rules and the deadlines of a case."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    DeadlineAnchor,
    DeadlineState,
    DeadlineTrigger,
)
from payung.cases.models.records import Case
from payung.core.fields import EncryptedTextField

# =========================================================================================
# Deadlines
# =========================================================================================


class DeadlineRule(models.Model):
    """A due item every matching case carries (docs/domain.md#deadlines), with its legal basis.

    Seeded by a data migration; the system admin edits hours, counting and basis. With
    ``working_days`` only hours on working days count (Monday–Friday except the holidays of
    ``payung.calendar``; 72 h = 3 working days). With ``tracks_protection`` the item records
    when protection was requested and granted, and ``protection_days`` how long it lasts (7
    days under PKDRT, 14 under TPKS).

    ``trigger`` says whether the rule applies to a case. Its clock starts from the trigger's
    moment (the report, the case opening…) unless ``anchor_rule`` names an earlier step:
    then it starts on that step's recorded ``anchor_field`` date (the PKDRT court-order
    request counts from the grant of temporary protection), and until that date is recorded
    the item waits (``DeadlineState.WAITING``) instead of counting from the report.
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
    anchor_rule = models.ForeignKey(
        "self",
        verbose_name=_("dihitung sejak langkah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    anchor_field = models.CharField(
        _("tanggal langkah"), max_length=15, choices=DeadlineAnchor.choices, blank=True
    )
    basis = models.TextField(_("dasar hukum / rujukan"), blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("aturan tenggat kasus")
        verbose_name_plural = _("aturan tenggat kasus")
        constraints = [
            models.CheckConstraint(
                condition=Q(anchor_rule__isnull=True, anchor_field="")
                | Q(anchor_rule__isnull=False, anchor_field__in=DeadlineAnchor.values),
                name="deadline_rule_anchor_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CaseDeadline(models.Model):
    """A due item of a case: derived from a rule, or a follow-up a case worker set."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField(_("tenggat"), max_length=150)
    # Empty while the item waits for the step its clock starts from.
    due_at = models.DateTimeField(_("jatuh tempo"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=~Q(state="terbuka") | Q(due_at__isnull=False),
                name="case_deadline_open_has_due",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="case_deadline_due_idx"),
            # Open items only (a small part of all): "which cases are overdue" is an
            # index-only range over due_at, for the overdue filter and every list row's badge
            # (docs/performance.md).
            models.Index(
                fields=["due_at", "case"],
                condition=Q(state="terbuka"),
                name="case_deadline_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} @ {self.due_at:%Y-%m-%d %H:%M}" if self.due_at else self.title

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.due_at is not None and self.met_at > self.due_at

    def is_overdue(self, now: datetime | None = None) -> bool:
        return (
            self.state == DeadlineState.OPEN
            and self.due_at is not None
            and self.due_at <= (now or timezone.now())
        )
