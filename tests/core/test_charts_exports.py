"""SVG charts state their numbers; spreadsheets keep types and neutralise formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

from openpyxl import load_workbook

from payung.core.charts import ChartItem, bar_chart, column_chart, format_number
from payung.core.exports import Sheet, csv_bytes, safe_cell, xlsx_bytes

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_valid_svg_with_escaped_labels_values_and_links() -> None:
    items = [
        ChartItem("Fisik <b>", 12),
        ChartItem("Seksual", 30, href="/kasus/?bentuk=seksual&x=1"),
    ]
    svg = str(bar_chart(items, title="Kasus menurut bentuk"))
    root = ET.fromstring(svg)  # well-formed: every label was escaped
    # With links the chart is a group (links nested in role="img" fail axe's
    # nested-interactive); without links it is an image.
    assert root.get("role") == "group"
    assert ET.fromstring(str(bar_chart(items[:1], title="t"))).get("role") == "img"
    assert root.find(f"{SVG}title").text == "Kasus menurut bentuk"
    assert "Fisik <b>: 12; Seksual: 30" in root.find(f"{SVG}desc").text
    links = root.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == ["/kasus/?bentuk=seksual&x=1"]
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[1] > widths[0] * 2 - 1  # 30 vs 12: longer bar for the larger value


def test_column_chart_draws_one_column_per_item_and_thins_labels() -> None:
    items = [ChartItem(f"{m:02d}/26", m) for m in range(1, 37)]
    root = ET.fromstring(str(column_chart(items, title="Per bulan")))
    columns = list(root.iter(f"{SVG}rect"))
    assert len(columns) == 36
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and "/26" in t.text]
    assert 0 < len(labels) < 36


def test_empty_chart_says_so() -> None:
    assert "Tidak ada data" in str(bar_chart([], title="Kosong"))


def test_indonesian_number_format() -> None:
    assert format_number(12345) == "12.345"
    assert format_number(3.5) == "3,5"


def test_safe_cell_neutralises_formulas_only_in_text() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    for text in ("+1", "-1", "@x", "\tx", "\rx"):
        assert safe_cell(text).startswith("'")
    assert safe_cell("Gentong") == "Gentong"
    assert safe_cell(-5) == -5


def test_xlsx_keeps_types_and_neutralises_text() -> None:
    data = xlsx_bytes(
        [
            Sheet(
                "Kasus: 2026/1",
                ["Nomor", "Tanggal", "Jumlah", "Catatan"],
                [["K-1", dt.date(2026, 3, 1), 4, "=1+1"], ["K-2", None, 0, "biasa"]],
            )
        ]
    )
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    assert ws.title == "Kasus- 2026-1"
    assert [c.value for c in ws[1]] == ["Nomor", "Tanggal", "Jumlah", "Catatan"]
    assert ws["B2"].value == dt.datetime(2026, 3, 1)
    assert ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["C2"].value == 4
    assert ws["D2"].value == "'=1+1"
    assert ws.freeze_panes == "A2"


def test_csv_has_bom_iso_dates_and_neutralised_cells() -> None:
    data = csv_bytes(["Kelurahan", "Tanggal"], [["@Gentong", dt.date(2026, 1, 2)]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["Kelurahan", "Tanggal"], ["'@Gentong", "2026-01-02"]]
