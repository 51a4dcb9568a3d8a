"""The monthly / annual report for the head of DP3AKB as a PDF (fpdf2): the KPIs with the
previous period, and every chart of the dashboard as SVG with its table, in Bahasa
Indonesia, with the period and the generation date. Aggregates only.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

from payung.core.charts import ChartItem, bar_chart, column_chart, format_number
from payung.insights import selectors
from payung.insights.selectors import Filters, Period, Table
from payung.regions.models import Region

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# fpdf2 reports every <title>/<desc> of an SVG it skips; they are for screen readers.
logging.getLogger("fpdf.svg").setLevel(logging.ERROR)

# Characters the PDF core fonts lack, when no Unicode font is installed.
_LATIN1 = str.maketrans({"–": "-", "—": "-", "×": "x", "·": "-", "≤": "<=", "…": "...", "’": "'"})


class ReportPdf(FPDF):
    def __init__(self, title: str, generated: datetime) -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.generated = generated
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.add_font("dejavu", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("dejavu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.family = "dejavu" if self.unicode else "helvetica"
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_creator("Payung")

    def text_of(self, value: str) -> str:
        return (
            value
            if self.unicode
            else value.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")
        )

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        stamp = timezone.localtime(self.generated).strftime("%d-%m-%Y %H:%M")
        self.cell(
            0, 5, self.text_of(f"Payung · dibuat {stamp} · halaman {self.page_no()}"), align="C"
        )


def _svg_for_pdf(svg: str) -> bytes:
    """The chart's SVG with its accessible <title>/<desc> and links removed (fpdf2 draws
    shapes and text only) and a fixed width instead of 100 %."""
    svg = re.sub(r"<title[^>]*>.*?</title>|<desc[^>]*>.*?</desc>", "", svg, flags=re.S)
    svg = re.sub(r"</?a\b[^>]*>", "", svg)
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if view:
        svg = svg.replace('width="100%"', f'width="{view.group(1)}" height="{view.group(2)}"', 1)
    return svg.translate(_LATIN1).encode()


def _chart_svg(table: Table) -> str:
    items = [ChartItem(r.label, r.value) for r in table.rows]
    if table.kind == "column":
        return str(column_chart(items, title=table.title, unit=table.unit))
    shown = [i for i in items if i.value] or items[:1]
    return str(bar_chart(shown, title=table.title, unit=table.unit))


def _kpi_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{format_number(value)}{' ' + unit if unit else ''}"


def build_pdf(scope: str, period: Period, generated: datetime | None = None) -> bytes:
    generated = generated or timezone.now()
    name = Region.objects.filter(code=scope).values_list("name", flat=True).first() or scope
    kind = "bulanan" if period.month else "tahunan"
    title = f"Laporan {kind} perlindungan perempuan dan anak — {name}"
    filters = Filters(period)
    pdf = ReportPdf(title, generated)
    t = pdf.text_of
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 15)
    pdf.multi_cell(0, 8, t(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "", 10)
    stamp = timezone.localtime(generated).strftime("%d-%m-%Y %H:%M")
    pdf.multi_cell(
        0,
        6,
        t(
            f"Periode: {period.label} (dibandingkan dengan {period.previous.label}). "
            f"Dibuat: {stamp}. Angka agregat tanpa nama; sumber: catatan layanan UPTD PPA."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font(pdf.family, "B", 12)
    pdf.cell(0, 8, t("Indikator utama"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "", 9)
    with pdf.table(col_widths=(110, 40, 40), text_align=("LEFT", "RIGHT", "RIGHT")) as grid:
        grid.row([t("Indikator"), t(period.label), t(period.previous.label)])
        for kpi in selectors.kpis(scope, filters):
            grid.row(
                [
                    t(kpi.label),
                    t(_kpi_text(kpi.value, kpi.unit)),
                    t(_kpi_text(kpi.previous, kpi.unit)),
                ]
            )
    for table in selectors.all_tables(scope, filters):
        pdf.add_page()
        pdf.set_font(pdf.family, "B", 12)
        pdf.multi_cell(0, 7, t(table.title), new_x="LMARGIN", new_y="NEXT")
        pdf.image(io.BytesIO(_svg_for_pdf(_chart_svg(table))), x=pdf.l_margin, w=120)
        pdf.ln(2)
        pdf.set_font(pdf.family, "", 8)
        rows = [r for r in table.rows if r.value] or list(table.rows)
        with pdf.table(col_widths=(120, 40), text_align=("LEFT", "RIGHT")) as grid:
            grid.row([t(table.column), t(f"Jumlah {table.unit}")])
            for row in rows:
                grid.row([t(row.label), t(format_number(row.value))])
            grid.row([t("Jumlah"), t(format_number(table.total))])
    return bytes(pdf.output())
