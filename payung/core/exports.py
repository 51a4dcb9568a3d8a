"""Spreadsheets an officer can open in Excel: typed .xlsx (openpyxl) and UTF-8 CSV.

Every text cell goes through ``safe_cell``: a value beginning with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return would be read by a spreadsheet as a formula (CSV/formula
injection — a reporter could type ``=HYPERLINK(...)`` into a free-text field), so it is
prefixed with an apostrophe and stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate; other types pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    """Values openpyxl accepts: local naive datetimes, floats for Decimals, text otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(str(value))


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    # Optional column widths in characters; default from the header length.
    widths: Sequence[int] = field(default_factory=tuple)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One workbook: a bold, frozen header row per sheet, typed cells, dates as dates."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=_sheet_title(sheet.title))
        for index, header in enumerate(sheet.headers, start=1):
            width = (
                sheet.widths[index - 1] if index <= len(sheet.widths) else max(10, len(header) + 2)
            )
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        header_cells = []
        for header in sheet.headers:
            cell = WriteOnlyCell(ws, value=safe_cell(str(header)))
            cell.font = bold
            header_cells.append(cell)
        ws.append(header_cells)
        for row in sheet.rows:
            cells = []
            for value in row:
                plain = _plain(value)
                if isinstance(plain, dt.datetime):
                    cell = WriteOnlyCell(ws, value=plain)
                    cell.number_format = DATETIME_FORMAT
                    cells.append(cell)
                elif isinstance(plain, dt.date):
                    cell = WriteOnlyCell(ws, value=plain)
                    cell.number_format = DATE_FORMAT
                    cells.append(cell)
                else:
                    cells.append(plain)
            ws.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in title).strip() or "Data"
    return cleaned[:31]


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads Indonesian text right), ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(h)) for h in headers])
    for row in rows:
        out = []
        for value in row:
            plain = _plain(value)
            if isinstance(plain, dt.datetime):
                out.append(plain.isoformat(sep=" ", timespec="minutes"))
            elif isinstance(plain, dt.date):
                out.append(plain.isoformat())
            else:
                out.append("" if plain is None else plain)
        writer.writerow(out)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
