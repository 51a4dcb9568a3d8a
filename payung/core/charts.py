"""Server-rendered SVG charts: no script, no third-party request, printable, and placeable
in an fpdf2 PDF (``FPDF.image`` takes SVG).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that states every
value, so a screen reader hears the numbers; pages still show the same numbers in a table
beside the chart (copyable, and the source of truth when colours or sizes mislead). Bars may
link (``ChartItem.href``) for roles allowed to drill down to the records behind them.

Sizes are in SVG user units; the SVG scales to its container's width (``width="100%"``), so
one drawing serves a 360 px phone, a laptop and A4 paper.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#5b2a86"  # Payung purple: 9.9:1 against white
TEXT_COLOUR = "#1b1b1b"
MUTED_COLOUR = "#595959"  # 7:1 against white
GRID_COLOUR = "#d0d0d0"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

_ids = itertools.count(1)


@dataclass(frozen=True)
class ChartItem:
    label: str
    value: float
    href: str = ""


def format_number(value: float) -> str:
    """Indonesian grouping: 12.345 and 3,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.1f}".partition(".")
    return whole.replace(",", ".") + "," + frac


def _describe(items: Sequence[ChartItem], unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    return "; ".join(f"{item.label}: {format_number(item.value)}{suffix}" for item in items)


def _open(
    width: int, height: int, title: str, desc: str, *, links: bool = False
) -> tuple[str, str]:
    n = next(_ids)
    # An image's children are presentational: a chart whose bars are links is a group, or
    # its links would be interactive controls nested in an image (axe: nested-interactive).
    role = "group" if links else "img"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="{role}" '
        f'aria-labelledby="chart{n}-t chart{n}-d" font-family="{FONT}">'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def _wrap_link(item: ChartItem, inner: str) -> str:
    if not item.href:
        return inner
    label = f"{item.label}: {format_number(item.value)}"
    return f'<a href="{escape(item.href)}" aria-label="{escape(label)}">{inner}</a>'


def bar_chart(
    items: Sequence[ChartItem], *, title: str, unit: str = "", width: int = 360
) -> SafeString:
    """Horizontal bars, one row per item: the label above its bar, the value after it.

    Labels sit above the bars (not beside them) so long Indonesian category names stay
    readable at 360 px without shrinking the bars.
    """
    row = 40
    top = 4
    height = top + row * max(1, len(items)) + 4
    head, tail = _open(
        width, height, title, _describe(items, unit), links=any(i.href for i in items)
    )
    top_value = max((item.value for item in items), default=0) or 1
    value_room = 64
    bar_max = width - value_room - 4
    parts = [head]
    if not items:
        parts.append(
            f'<text x="0" y="20" font-size="13" fill="{MUTED_COLOUR}">{escape("Tidak ada data")}</text>'
        )
    for i, item in enumerate(items):
        y = top + i * row
        bar = max(0.0, item.value) / top_value * bar_max
        bar_width = max(bar, 2.0 if item.value > 0 else 0.0)
        inner = (
            f'<text x="0" y="{y + 13}" font-size="13" fill="{TEXT_COLOUR}">{escape(item.label)}</text>'
            f'<rect x="0" y="{y + 18}" width="{bar_width:.1f}" height="14" rx="2" fill="{BAR_COLOUR}"/>'
            f'<text x="{bar_width + 6:.1f}" y="{y + 30}" font-size="13" font-weight="600" '
            f'fill="{TEXT_COLOUR}">{escape(format_number(item.value))}</text>'
        )
        parts.append(_wrap_link(item, f"<g>{inner}</g>"))
    parts.append(tail)
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def column_chart(
    items: Sequence[ChartItem], *, title: str, unit: str = "", height: int = 200
) -> SafeString:
    """Vertical columns in order (months, years), with a light grid and every n-th label."""
    count = max(1, len(items))
    left, bottom, top = 34, 34, 12
    slot = max(12, min(40, 640 // count))
    width = left + slot * count + 8
    plot = height - bottom - top
    top_value = max((item.value for item in items), default=0)
    ceiling = _nice_ceiling(top_value)
    head, tail = _open(
        width, height, title, _describe(items, unit), links=any(i.href for i in items)
    )
    parts = [head]
    for step in range(5):
        value = ceiling * step / 4
        y = top + plot - plot * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOUR}" '
            f'stroke-width="1"/><text x="{left - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{MUTED_COLOUR}">{escape(format_number(value))}</text>'
        )
    every = max(1, -(-count * 44 // (width - left)))  # labels ~44 units apart at most
    for i, item in enumerate(items):
        x = left + i * slot
        bar = max(0.0, item.value) / ceiling * plot if ceiling else 0.0
        inner = (
            f'<rect x="{x + 2}" y="{top + plot - bar:.1f}" width="{slot - 4}" height="{bar:.1f}" '
            f'fill="{BAR_COLOUR}"><title>{escape(item.label)}: {escape(format_number(item.value))}'
            f"</title></rect>"
        )
        parts.append(_wrap_link(item, inner))
        if i % every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
                f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(item.label)}</text>'
            )
    parts.append(tail)
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (a readable axis top)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= value:
            return float(factor * magnitude)
    return float(10 * magnitude)
