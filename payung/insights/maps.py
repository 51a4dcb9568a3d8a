"""The map: each kelurahan (at province scale each kota/kabupaten) coloured by the cases per
10,000 residents, drawn on the schematic tile map (no tile server, printable)."""

from __future__ import annotations

from dataclasses import dataclass

from payung.core.charts import format_number
from payung.insights import selectors
from payung.insights.selectors import Filters
from payung.regions.schematic import LegendEntry, MapPlace, SchematicMap, build_tile_map, choropleth

PER = 10_000


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    group: str
    cases: int
    population: int | None
    rate: float | None


@dataclass(frozen=True)
class RateMap:
    map: SchematicMap
    legend: tuple[LegendEntry, ...]
    rows: list[MapRow]
    title: str
    missing_population: int


def rate(cases: int, population: int | None) -> float | None:
    if not population:
        return None
    return round(cases * PER / population, 2)


def rate_map(user_scope: str, filters: Filters) -> RateMap:
    scope = filters.scope(user_scope)
    counts = selectors.region_counts(user_scope, filters)
    areas = list(
        selectors.child_regions(scope)
        .select_related("parent")
        .only(
            "code", "name", "population", "label_lat", "label_lng", "parent__code", "parent__name"
        )
    )
    rows = []
    for area in areas:
        n = counts.get(area.code, 0)
        rows.append(
            MapRow(
                area.code,
                area.name,
                area.parent.name if area.parent else "",
                n,
                area.population,
                rate(n, area.population),
            )
        )
    by_rate = any(r.rate is not None for r in rows)
    if by_rate:
        colours, legend = choropleth({r.code: r.rate for r in rows}, unit="per 10.000")
    else:
        # No population figures yet (kelurahan figures are not shipped with the reference
        # data): colour by the number of cases and say so, rather than an all-grey map.
        colours, legend = choropleth({r.code: float(r.cases) for r in rows}, unit="kasus")
    places = []
    for area, row in zip(areas, rows, strict=True):
        if area.label_lat is None or area.label_lng is None:
            continue
        fill, stroke = colours[row.code]
        value = (
            f"{format_number(row.rate)} per 10.000 penduduk"
            if row.rate is not None
            else "data penduduk belum ada"
        )
        places.append(
            MapPlace(
                code=row.code,
                name=row.name,
                group_code=area.parent.code if area.parent else "",
                group_name=row.group,
                lat=float(area.label_lat),
                lng=float(area.label_lng),
                fill=fill,
                stroke=stroke,
                title=f"{row.name}: {row.cases} kasus, {value}",
            )
        )
    level = "kota/kabupaten" if len(scope) == 2 else "kelurahan"
    measure = "Kasus per 10.000 penduduk" if by_rate else "Jumlah kasus"
    return RateMap(
        map=build_tile_map(tuple(places)),
        legend=legend,
        rows=sorted(rows, key=lambda r: (-(r.rate or -1), -r.cases, r.name)),
        title=f"{measure} menurut {level}, {filters.period.label}",
        missing_population=sum(1 for r in rows if r.population is None),
    )
