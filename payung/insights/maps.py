"""The map: each kelurahan (at province scale each kota/kabupaten) coloured by the cases per
10,000 residents, drawn on the schematic tile map (no tile server, printable)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

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
    boundaries: Any = None  # a BoundaryMap when boundaries were imported


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
            "code",
            "name",
            "population",
            "label_lat",
            "label_lng",
            "parent__code",
            "parent__name",
            "boundary",
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
        boundaries=boundary_map(
            {a.code: a.boundary for a in areas if a.boundary},
            colours,
            {p.code: p.title for p in places},
        ),
    )


# --- the same colours on the imported boundaries ------------------------------------------

BOUNDARY_WIDTH = 640


@dataclass(frozen=True)
class BoundaryShape:
    code: str
    path: str
    fill: str
    stroke: str
    title: str


@dataclass(frozen=True)
class BoundaryMap:
    width: int
    height: int
    shapes: tuple[BoundaryShape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def boundary_map(
    boundaries: dict[str, dict[str, Any]],
    colours: dict[str, tuple[str, str]],
    titles: dict[str, str],
) -> BoundaryMap | None:
    """The areas drawn from their imported boundaries (``manage.py import_boundaries``), as
    SVG paths in an equirectangular projection scaled by cos(latitude) — true enough for a
    city or a province. None when no area has a boundary."""
    shapes = {code: _polygons(geometry) for code, geometry in boundaries.items() if geometry}
    shapes = {code: polys for code, polys in shapes.items() if polys}
    if not shapes:
        return None
    points = [pt for polys in shapes.values() for poly in polys for ring in poly for pt in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    ratio = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * ratio, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    scale = (BOUNDARY_WIDTH - 16) / span_x
    height = int(span_y * scale) + 16

    def xy(pt: list[float]) -> str:
        return f"{8 + (pt[0] - min_x) * ratio * scale:.1f},{8 + (max_y - pt[1]) * scale:.1f}"

    drawn = []
    for code in sorted(shapes):
        d = " ".join(
            "M" + " L".join(xy(pt) for pt in ring) + " Z" for poly in shapes[code] for ring in poly
        )
        fill, stroke = colours.get(code, ("#f7f7f7", "#9a9a9a"))
        drawn.append(BoundaryShape(code, d, fill, stroke, titles.get(code, code)))
    return BoundaryMap(BOUNDARY_WIDTH, height, tuple(drawn))
