"""The public statistics (``/statistik/``, the open-data CSV and the public API): yearly
counts of victims for the city by form of violence, age group, sex and kecamatan (the group
of kelurahan), each table protected by ``disclosure.publish``.

Counts are of victim–case rows of the fact table (a person helped in two cases counts twice);
a victim whose case names two forms of violence counts under each form, so the forms table's
totals are mentions, not people — the page says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, Substr
from django.utils import timezone

from payung.cases.choices import AgeGroup, Sex, ViolenceForm
from payung.cases.services import city_code
from payung.insights.disclosure import Published, publish
from payung.insights.models import VictimCaseFact
from payung.regions.models import Region, RegionLevel

YEARS_SHOWN = 4
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PublicStatistics:
    years: tuple[int, ...]
    tables: tuple[Published, ...]
    region_name: str


def _years() -> tuple[int, ...]:
    this_year = timezone.localdate().year
    return tuple(range(this_year - YEARS_SHOWN + 1, this_year + 1))


def _grid(
    counts: dict[tuple[str, int], int], keys: list[str], years: tuple[int, ...]
) -> list[list[int]]:
    return [[counts.get((key, year), 0) for year in years] for key in keys]


def build(scope: str | None = None) -> PublicStatistics:
    scope = scope or city_code()
    years = _years()
    base = VictimCaseFact.objects.filter(
        region_code__startswith=scope, opened_on__year__gte=years[0], opened_on__year__lte=years[-1]
    ).annotate(year=ExtractYear("opened_on"))
    columns = [str(y) for y in years]
    tables = []

    forms = list(ViolenceForm)
    counts: dict[tuple[str, int], int] = {}
    for row in (
        base.values("year")
        .annotate(
            **{
                f"f_{f.value}": Count("pk", filter=Q(violence_tags__contains=f",{f.value},"))
                for f in forms
            }
        )
        .order_by()
    ):
        for f in forms:
            counts[(f.value, row["year"])] = row[f"f_{f.value}"]
    tables.append(
        publish(
            "Korban menurut bentuk kekerasan",
            "Bentuk kekerasan",
            [str(f.label) for f in forms],
            columns,
            _grid(counts, [f.value for f in forms], years),
        )
    )

    def grouped(column: str) -> dict[tuple[str, int], int]:
        out: dict[tuple[str, int], int] = defaultdict(int)
        for row in base.values("year", column).annotate(n=Count("pk")).order_by():
            out[(row[column] or "", row["year"])] += row["n"]
        return out

    ages = grouped("victim_age_group")
    age_keys = [*AgeGroup.values, ""]
    tables.append(
        publish(
            "Korban menurut kelompok umur",
            "Kelompok umur",
            [*(str(a.label) for a in AgeGroup), "Tidak diketahui"],
            columns,
            _grid(ages, age_keys, years),
        )
    )
    sexes = grouped("victim_sex")
    sexes[("", 0)] = 0
    merged: dict[tuple[str, int], int] = defaultdict(int)
    for (key, year), n in sexes.items():
        merged[(key if key in (Sex.FEMALE, Sex.MALE) else "", year)] += n
    tables.append(
        publish(
            "Korban menurut jenis kelamin",
            "Jenis kelamin",
            [str(Sex.FEMALE.label), str(Sex.MALE.label), "Tidak diketahui"],
            columns,
            _grid(merged, [Sex.FEMALE, Sex.MALE, ""], years),
        )
    )

    districts = list(
        Region.objects.filter(code__startswith=f"{scope}.", level=RegionLevel.DISTRICT)
        .order_by("name")
        .values_list("code", "name")
    )
    by_district: dict[tuple[str, int], int] = defaultdict(int)
    known = {code for code, _name in districts}
    for row in (
        base.annotate(district=Substr("region_code", 1, 8))
        .values("year", "district")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = row["district"] if row["district"] in known else ""
        by_district[(key, row["year"])] += row["n"]
    tables.append(
        publish(
            "Korban menurut kecamatan (kelompok kelurahan)",
            "Kecamatan",
            [*(name for _code, name in districts), "Tidak diketahui / tingkat kota"],
            columns,
            _grid(by_district, [*(code for code, _name in districts), ""], years),
        )
    )
    name = Region.objects.filter(code=scope).values_list("name", flat=True).first() or scope
    return PublicStatistics(years=years, tables=tuple(tables), region_name=name)


def cached() -> PublicStatistics:
    """The public tables, cached until the summary changes: the key holds the data version
    that every refresh which rebuilt rows raises (``RefreshState.version``), so a refresh
    invalidates them in every process sharing the cache; the time limit only bounds a
    cache that is never refreshed."""
    from payung.insights.selectors import data_version

    version = data_version()
    if version is None:
        return build()
    key = f"insights:public:{city_code()}:{timezone.localdate().year}:{version}"
    stats = cache.get(key)
    if stats is None:
        stats = build()
        cache.set(key, stats, CACHE_SECONDS)
    return stats


def csv_rows(stats: PublicStatistics) -> list[list[object]]:
    """Long format for open data: table, category, year, count (empty when hidden), note."""
    rows: list[list[object]] = []
    for table in stats.tables:
        for r, label in enumerate(table.rows):
            for c, column in enumerate(table.columns):
                value = table.values[r][c]
                note = ""
                if (r, c) in table.primary:
                    note = "< 5"
                elif (r, c) in table.complementary:
                    note = "disembunyikan (pelindung sel kecil)"
                rows.append([table.title, label, column, value, note])
    return rows
