"""The insights fact table: one row per victim of a case, the statistical facts only.

No name, alias, NIK, address or chronology is ever copied here (docs/insights.md): the rows
are built from ``payung.cases.selectors.statistics.victim_case_facts``, which reads only
categorical columns. Dashboards, the public statistics and the API count these rows; the
table is rebuilt for the cases that changed by ``manage.py refresh_insights`` (scheduled,
and after ``load_demo``) and ``tests/insights/test_facts.py`` compares it with the records.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VictimCaseFact(models.Model):
    party_id = models.BigIntegerField(_("korban (id pihak)"), unique=True)
    case_id = models.BigIntegerField(_("kasus (id)"), db_index=True)
    # The case's scope code (its kelurahan, or the city for a case opened at city level).
    region_code = models.CharField(_("kode wilayah"), max_length=13)
    kelurahan_code = models.CharField(_("kelurahan"), max_length=13, blank=True)
    status = models.CharField(_("status"), max_length=20)
    opened_on = models.DateField(_("dibuka"))
    reported_on = models.DateField(_("dilaporkan"))
    closed_on = models.DateField(_("ditutup"), null=True, blank=True)
    # ",fisik,seksual," so that one form is a LIKE '%,seksual,%'.
    violence_tags = models.CharField(_("bentuk kekerasan"), max_length=200, blank=True)
    place_category = models.CharField(_("tempat kejadian"), max_length=30, blank=True)
    relationship = models.CharField(_("hubungan pelaku"), max_length=20, blank=True)
    victim_sex = models.CharField(_("jenis kelamin korban"), max_length=10, blank=True)
    victim_age_group = models.CharField(_("kelompok umur korban"), max_length=10, blank=True)
    kdrt = models.BooleanField(_("KDRT"), default=False)
    tpks = models.BooleanField(_("TPKS"), default=False)
    gbv_core_type = models.CharField(_("jenis inti GBVIMS"), max_length=30, blank=True)
    refreshed_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("fakta korban–kasus")
        verbose_name_plural = _("fakta korban–kasus")
        indexes = [
            models.Index(fields=["region_code", "opened_on"], name="insights_fact_region_idx"),
            models.Index(fields=["opened_on"], name="insights_fact_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"fakta:{self.party_id}"

    @property
    def violence_forms(self) -> list[str]:
        return [t for t in self.violence_tags.split(",") if t]


class RefreshState(models.Model):
    """When the fact table was last brought up to date (one row): the next incremental
    refresh rebuilds the cases changed since ``started_at`` of the last run."""

    key = models.CharField(max_length=20, unique=True, default="facts")
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"))
    rows = models.PositiveIntegerField(_("baris"), default=0)

    class Meta:
        verbose_name = _("pembaruan ringkasan")
        verbose_name_plural = _("pembaruan ringkasan")

    def __str__(self) -> str:
        return f"{self.key}: {self.finished_at:%Y-%m-%d %H:%M}"
