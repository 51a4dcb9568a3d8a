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
            # Every scope (province, kota, kelurahan) is one prefix range of region_code: on
            # PostgreSQL with a non-C collation a LIKE 'prefix%' uses only a pattern_ops index.
            models.Index(
                fields=["region_code", "opened_on"],
                opclasses=["varchar_pattern_ops", "date_ops"],
                name="insights_fact_cover_idx",
                # Covering: the dashboard's counts read the index alone (PostgreSQL).
                include=[
                    "case_id",
                    "violence_tags",
                    "victim_age_group",
                    "victim_sex",
                    "place_category",
                    "relationship",
                ],
            ),
            # The months chart reads 36 months of a scope. For a province or the country the
            # scope is a wide prefix range, in which region_code-first rows are ordered by
            # region, not date: the index above would read every year of the province. This
            # one reads the 36 months (of the country) and tests the prefix in the index
            # (docs/performance.md, "Insights": a province's months 153 → 67 ms).
            models.Index(
                fields=["opened_on", "region_code"],
                opclasses=["date_ops", "varchar_pattern_ops"],
                name="insights_fact_opened_cover_idx",
                include=["case_id"],
            ),
        ]

    def __str__(self) -> str:
        return f"fakta:{self.party_id}"

    @property
    def violence_forms(self) -> list[str]:
        return [t for t in self.violence_tags.split(",") if t]


class CaseFact(models.Model):
    """One row per case: the days it was opened and closed (cases opened / closed / still
    open). A case without a victim has no ``VictimCaseFact`` but counts here."""

    case_id = models.BigIntegerField(_("kasus (id)"), unique=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13)
    opened_on = models.DateField(_("dibuka"))
    closed_on = models.DateField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("fakta kasus")
        verbose_name_plural = _("fakta kasus")
        indexes = [
            models.Index(
                fields=["region_code", "opened_on", "closed_on"],
                opclasses=["varchar_pattern_ops", "date_ops", "date_ops"],
                name="insights_casefact_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"kasus:{self.case_id}"


class ReportFact(models.Model):
    """One row per report: when it was received and, once triaged, how long that took and
    whether it was within the response deadline."""

    report_id = models.BigIntegerField(_("laporan (id)"), unique=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13)
    received_at = models.DateTimeField(_("diterima"))
    triaged = models.BooleanField(_("sudah ditriase"), default=False)
    triage_hours = models.FloatField(_("jam sampai triase"), null=True, blank=True)
    triage_met = models.BooleanField(_("triase tepat waktu"), default=False)

    class Meta:
        verbose_name = _("fakta laporan")
        verbose_name_plural = _("fakta laporan")
        indexes = [
            models.Index(
                fields=["region_code", "received_at"],
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
                name="insights_reportfact_cover_idx",
                # Covering: the dashboard's counts read the index alone (PostgreSQL).
                include=["triaged", "triage_hours", "triage_met"],
            ),
        ]

    def __str__(self) -> str:
        return f"laporan:{self.report_id}"


class DeadlineFact(models.Model):
    """One row per TPKS 3×24 h police-report or protection deadline of a case."""

    deadline_id = models.BigIntegerField(_("tenggat (id)"), unique=True)
    case_id = models.BigIntegerField(_("kasus (id)"), db_index=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13)
    state = models.CharField(_("status"), max_length=15)
    due_at = models.DateTimeField(_("jatuh tempo"), null=True, blank=True)
    met_at = models.DateTimeField(_("dipenuhi"), null=True, blank=True)

    class Meta:
        verbose_name = _("fakta tenggat TPKS")
        verbose_name_plural = _("fakta tenggat TPKS")
        indexes = [
            models.Index(
                fields=["region_code", "due_at"],
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
                name="insights_deadline_cover_idx",
                # Covering: the dashboard's counts read the index alone (PostgreSQL).
                include=["state", "met_at"],
            ),
        ]

    def __str__(self) -> str:
        return f"tenggat:{self.deadline_id}"


class ReferralFact(models.Model):
    """One row per completed referral: when, and the days from sending to completion."""

    referral_id = models.BigIntegerField(_("rujukan (id)"), unique=True)
    case_id = models.BigIntegerField(_("kasus (id)"), db_index=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13)
    completed_at = models.DateTimeField(_("selesai"))
    days = models.FloatField(_("lama (hari)"))

    class Meta:
        verbose_name = _("fakta rujukan")
        verbose_name_plural = _("fakta rujukan")
        indexes = [
            models.Index(
                fields=["region_code", "completed_at"],
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
                name="insights_referral_cover_idx",
                # Covering: the dashboard's counts read the index alone (PostgreSQL).
                include=["days"],
            ),
        ]

    def __str__(self) -> str:
        return f"rujukan:{self.referral_id}"


class ServiceFact(models.Model):
    """One row per service counted as given: the day and its SIMFONI-PPA category."""

    service_record_id = models.BigIntegerField(_("layanan (id)"), unique=True)
    case_id = models.BigIntegerField(_("kasus (id)"), db_index=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13)
    delivered_on = models.DateField(_("tanggal layanan"))
    simfoni_category = models.CharField(_("kategori SIMFONI-PPA"), max_length=30)

    class Meta:
        verbose_name = _("fakta layanan")
        verbose_name_plural = _("fakta layanan")
        indexes = [
            models.Index(
                fields=["region_code", "delivered_on"],
                opclasses=["varchar_pattern_ops", "date_ops"],
                name="insights_servicefact_cover_idx",
                # Covering: the dashboard's counts read the index alone (PostgreSQL).
                include=["simfoni_category", "case_id"],
            ),
        ]

    def __str__(self) -> str:
        return f"layanan:{self.service_record_id}"


#: The length of a kota/kabupaten's code ("35.75"): the area ``MonthFact`` counts by.
MONTH_AREA = 5


class MonthFact(models.Model):
    """Cases per month in each kota/kabupaten (the first five characters of the region
    code, or the whole code when shorter): the months chart and the case KPIs of a kota, a
    province or the country read a few rows per kota and month here instead of every victim
    or case row of the periods (issue #13; a province's 36 months were ~75,000 victim rows
    at the national million).

    - ``cases``: cases opened in the month that have a victim, each once (the months chart,
      as counted from ``VictimCaseFact``);
    - ``opened``: every case opened in the month (``CaseFact``);
    - ``closed``: cases closed in the month;
    - ``settled``: closed cases by the later of the months they were opened and closed, so
      that the cases still open at the end of a period are the ``opened`` minus the
      ``settled`` of every month before it, whatever the order of the two dates.

    Recounted from ``VictimCaseFact`` and ``CaseFact`` for the (kota, month) pairs a refresh
    touches, in the same transaction; rebuilt whole after a full refresh.
    ``tests/insights/test_summary.py`` compares the chart and the KPIs with the records."""

    area_code = models.CharField(_("kode kota/kabupaten"), max_length=5)
    month = models.DateField(_("bulan"))
    cases = models.PositiveIntegerField(_("kasus dibuka"))
    opened = models.PositiveIntegerField(_("semua kasus dibuka"), default=0)
    closed = models.PositiveIntegerField(_("kasus ditutup"), default=0)
    settled = models.PositiveIntegerField(_("kasus selesai (bulan terakhir)"), default=0)

    class Meta:
        verbose_name = _("fakta kasus per bulan")
        verbose_name_plural = _("fakta kasus per bulan")
        constraints = [
            models.UniqueConstraint(fields=["area_code", "month"], name="insights_month_unique"),
        ]
        indexes = [
            models.Index(
                fields=["area_code", "month"],
                opclasses=["varchar_pattern_ops", "date_ops"],
                name="insights_month_area_idx",
                include=["cases"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.month:%Y-%m}: {self.cases}"


class RefreshState(models.Model):
    """When the fact table was last brought up to date (one row): the next incremental
    refresh rebuilds the cases changed since ``started_at`` of the last run."""

    key = models.CharField(max_length=20, unique=True, default="facts")
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"))
    rows = models.PositiveIntegerField(_("baris"), default=0)
    # Raised by every refresh that rebuilt something: cached tables are keyed by it.
    version = models.PositiveBigIntegerField(_("versi data"), default=0)

    class Meta:
        verbose_name = _("pembaruan ringkasan")
        verbose_name_plural = _("pembaruan ringkasan")

    def __str__(self) -> str:
        return f"{self.key}: {self.finished_at:%Y-%m-%d %H:%M}"
