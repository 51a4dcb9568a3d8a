"""Assessments, the case plan and its items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    AssessmentDomain,
    NeedLevel,
    PlanItemStatus,
)
from payung.cases.models.people import CaseParty
from payung.cases.models.records import Case
from payung.core.fields import EncryptedTextField
from payung.partners.choices import ServiceCode

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
    # For a child victim (UU 35/2014, UU PDP Pasal 25): what the child said they want, in
    # their words, and why the plan is in the child's best interests. Required to agree a
    # plan for a case with a child victim (services.plan_save).
    child_views = EncryptedTextField(_("pendapat anak"), blank=True, default="", db_default="")
    best_interests = EncryptedTextField(
        _("catatan kepentingan terbaik anak"), blank=True, default="", db_default=""
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
