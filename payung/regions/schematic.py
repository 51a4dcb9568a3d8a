"""The schematic PPT map: one labelled tile per kelurahan, drawn server-side as inline SVG.

Label points (``Region.label_lat/label_lng``) are projected onto a plane, then each kelurahan
is given its own cell of a small grid so that every name is readable on a 360 px phone. The
cells are chosen by an optimal assignment (least total squared displacement), which keeps
neighbours next to each other while pulling the crowded town centre apart. The result is
schematic (like a metro map): the arrangement follows geography, distances do not.

Pure functions over plain data: the view passes ``MapPlace`` values, the template draws
``SchematicMap``. Results are cached, since the input changes only when reference data does.

Used by the public PPT finder (coloured by kecamatan) and by the staff maps that colour each
kelurahan by a value (``choropleth``: outreach coverage, cases per 10,000 residents). The
partial template ``regions/partials/schematic_map.html`` draws any ``SchematicMap``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Light fills with a strong edge in the same hue; text is near-black on every fill
# (contrast above 12:1). Colour is never the only cue: the legend and the grouped list below
# the map carry the same information as text.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#eadcf6", "#5b2a86"),  # purple (Payung)
    ("#d5eaf7", "#0b5f8a"),  # blue
    ("#dcf0d8", "#2d6a2a"),  # green
    ("#fde5c6", "#8a4b00"),  # orange
    ("#f7d9dc", "#8a1f2b"),  # red
    ("#e4e4e4", "#41464b"),  # grey
)
INACTIVE = ("#f3f3f3", "#8a8a8a")
TEXT_COLOUR = "#1b1b1b"

TILE_WIDTH = 124
TILE_HEIGHT = 44
GAP = 6
MARGIN = 8
FONT_SIZE = 15
# Three tiles (3 × 124 + gaps + margins = 400 units) scale to a 360 px phone's 328 px of
# content at 0.82, so the 15-unit labels stay about 12 px: the whole map is visible without
# sideways scrolling (issue #15). Four would shrink them to 9 px.
PHONE_COLUMNS = 3
# Tiles are wider than tall, so for a map about as wide as the city the grid has more rows
# than columns. Cells per place: enough slack to keep the shape, few enough to stay compact.
CELL_SLACK = 1.6


@dataclass(frozen=True)
class MapPlace:
    code: str
    name: str
    group_code: str
    group_name: str
    lat: float
    lng: float
    href: str = ""  # empty: drawn, but not a link (no active post)
    # A choropleth colours each place itself; empty: the colour of its group (kecamatan).
    fill: str = ""
    stroke: str = ""
    title: str = ""  # tooltip and accessible name, e.g. "Gentong: 3 kegiatan"


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    group_name: str
    href: str
    x: int
    y: int
    width: int
    height: int
    fill: str
    stroke: str
    column: int
    row: int
    title: str = ""

    @property
    def text_x(self) -> int:
        return self.x + self.width // 2

    @property
    def text_y(self) -> int:
        return self.y + self.height // 2


@dataclass(frozen=True)
class LegendEntry:
    name: str
    fill: str
    stroke: str


@dataclass(frozen=True)
class SchematicMap:
    width: int
    height: int
    tiles: tuple[Tile, ...]
    legend: tuple[LegendEntry, ...]
    font_size: int = FONT_SIZE
    text_colour: str = TEXT_COLOUR

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def project(lat: float, lng: float, mean_lat: float) -> tuple[float, float]:
    """Equirectangular projection, north up: (x east, y south) in degrees of latitude.

    Over a city a few kilometres across this is indistinguishable from anything fancier.
    """
    return lng * math.cos(math.radians(mean_lat)), -lat


# With a column limit the grid gets less slack: the map is already tall.
NARROW_SLACK = 1.25


def _grid_shape(count: int, aspect: float, max_columns: int | None = None) -> tuple[int, int]:
    """Columns and rows whose drawn shape (with wide tiles) matches ``aspect`` = width/height,
    with at most ``max_columns`` columns (then taller than the geography)."""
    cells = max(count * CELL_SLACK, 1.0)
    tile_aspect = TILE_WIDTH / TILE_HEIGHT
    # columns * TILE_WIDTH / (rows * TILE_HEIGHT) = aspect and columns * rows = cells
    columns = max(1, round(math.sqrt(cells * aspect / tile_aspect)))
    if max_columns is not None and columns > max_columns:
        columns = max_columns
        cells = count * NARROW_SLACK
    rows = max(1, math.ceil(count / columns), round(cells / columns))
    while columns * rows < count:
        rows += 1
    return columns, rows


def assign(cost: Sequence[Sequence[float]]) -> list[int]:
    """Optimal assignment of rows to distinct columns (Hungarian method, O(n²m)).

    ``cost`` is n × m with n <= m; returns, for each row, the index of its column.
    """
    n = len(cost)
    if n == 0:
        return []
    m = len(cost[0])
    if m < n:
        raise ValueError("more places than cells")
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row (1-based) holding column j; 0 = free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = row[j - 1] - u[i0] - v[j]
                if reduced < minv[j]:
                    minv[j] = reduced
                    way[j] = j0
                if minv[j] < delta:
                    delta = minv[j]
                    j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result


def _colours(places: Iterable[MapPlace]) -> dict[str, tuple[str, str]]:
    codes = sorted({place.group_code for place in places})
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(codes)}


@lru_cache(maxsize=8)
def build_tile_map(places: tuple[MapPlace, ...], max_columns: int | None = None) -> SchematicMap:
    """Lay out ``places`` (sorted for a stable result) as a tile map, at most
    ``max_columns`` tiles wide (the public finder: ``PHONE_COLUMNS``)."""
    places = tuple(sorted(places, key=lambda p: p.code))
    if not places:
        return SchematicMap(width=2 * MARGIN, height=2 * MARGIN, tiles=(), legend=())
    mean_lat = sum(p.lat for p in places) / len(places)
    points = [project(p.lat, p.lng, mean_lat) for p in places]
    xs, ys = [pt[0] for pt in points], [pt[1] for pt in points]
    span_x = (max(xs) - min(xs)) or 1e-9
    span_y = (max(ys) - min(ys)) or 1e-9
    columns, rows = _grid_shape(len(places), span_x / span_y, max_columns)

    # Each place's ideal position in drawing units, then the cost of putting it in each cell.
    step_x, step_y = TILE_WIDTH + GAP, TILE_HEIGHT + GAP
    ideal = [
        (
            (x - min(xs)) / span_x * (columns - 1) * step_x,
            (y - min(ys)) / span_y * (rows - 1) * step_y,
        )
        for x, y in points
    ]
    cells = [(c, r) for r in range(rows) for c in range(columns)]
    cost = [[(ix - c * step_x) ** 2 + (iy - r * step_y) ** 2 for c, r in cells] for ix, iy in ideal]
    chosen = [cells[j] for j in assign(cost)]

    # Drop empty outer rows and columns.
    min_c = min(c for c, _ in chosen)
    min_r = min(r for _, r in chosen)
    used_columns = max(c for c, _ in chosen) - min_c + 1
    used_rows = max(r for _, r in chosen) - min_r + 1

    colours = _colours(places)
    tiles = []
    for place, (c, r) in zip(places, chosen, strict=True):
        if place.fill:
            fill, stroke = place.fill, place.stroke or place.fill
        else:
            fill, stroke = colours[place.group_code] if place.href else INACTIVE
        tiles.append(
            Tile(
                code=place.code,
                label=place.name,
                group_name=place.group_name,
                href=place.href,
                x=MARGIN + (c - min_c) * step_x,
                y=MARGIN + (r - min_r) * step_y,
                width=TILE_WIDTH,
                height=TILE_HEIGHT,
                fill=fill,
                stroke=stroke,
                column=c - min_c,
                row=r - min_r,
                title=place.title,
            )
        )
    if all(p.fill for p in places):
        legend: tuple[LegendEntry, ...] = ()  # a choropleth brings its own legend
    else:
        groups = sorted({(p.group_code, p.group_name) for p in places})
        legend = tuple(LegendEntry(name, *colours[code]) for code, name in groups)
    return SchematicMap(
        width=2 * MARGIN + used_columns * step_x - GAP,
        height=2 * MARGIN + used_rows * step_y - GAP,
        tiles=tuple(tiles),
        legend=legend,
    )


# Sequential purple scale (light to dark), the text on every class stays near-black or white
# with contrast above 4.5:1; "no data" is a hatched-looking light grey. Colour is never the
# only cue: pages show the same values in a table beside the map.
SEQUENTIAL: tuple[tuple[str, str], ...] = (
    ("#f2ebf8", "#8d6bb0"),
    ("#dcc8ee", "#7a52a3"),
    ("#c0a0e0", "#5b2a86"),
    ("#9c70c9", "#4a1f70"),
    ("#7a47ae", "#35124f"),
)
NO_DATA = ("#f7f7f7", "#9a9a9a")


def _format(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.1f}".replace(".", ",")


def choropleth(
    values: dict[str, float | None], *, classes: int = 5, unit: str = ""
) -> tuple[dict[str, tuple[str, str]], tuple[LegendEntry, ...]]:
    """Colour each code by its value in equal-interval classes from 0 to the maximum.

    Returns ``(colours by code, legend)``; codes whose value is ``None`` get ``NO_DATA``.
    Equal intervals (not quantiles) so that the same colour means the same range on every
    map of a series, and zero always has the lightest class.
    """
    classes = max(1, min(classes, len(SEQUENTIAL)))
    palette = SEQUENTIAL[len(SEQUENTIAL) - classes :] if classes < len(SEQUENTIAL) else SEQUENTIAL
    present = [v for v in values.values() if v is not None]
    top = max(present, default=0.0)
    suffix = f" {unit}" if unit else ""
    legend: tuple[LegendEntry, ...]
    if top <= 0:
        colours = {code: (palette[0] if v is not None else NO_DATA) for code, v in values.items()}
        legend = (LegendEntry(f"0{suffix}", *palette[0]),)
    else:
        step = top / classes

        def bucket(value: float) -> int:
            return min(classes - 1, int(value / step)) if value > 0 else 0

        colours = {
            code: (palette[bucket(v)] if v is not None else NO_DATA) for code, v in values.items()
        }
        legend = tuple(
            LegendEntry(f"{_format(i * step)}–{_format((i + 1) * step)}{suffix}", *palette[i])
            for i in range(classes)
        )
    if any(v is None for v in values.values()):
        legend += (LegendEntry("—", *NO_DATA),)
    return colours, legend
