"""Statistical disclosure control for published tables (docs/statistics-disclosure.md).

A table has interior cells (rows × columns), a total for each row and each column, and a
grand total. Two rules, applied to counts of people:

1. **Primary suppression**: any cell — interior or total — with 1 to 4 people is not shown;
   it reads "< 5". Zero is shown (it identifies nobody).
2. **Complementary suppression**: every line (a row with its row total, a column with its
   column total, the row of column totals with the grand total, the column of row totals with
   the grand total) that holds exactly one hidden cell gets a second one — the smallest
   non-zero shown cell of that line (an interior cell before a total) — so that no hidden
   value equals a shown total minus shown cells. Repeated until no line has exactly one
   hidden cell. Complementary cells read "×".

Pure functions over plain numbers: the public page, the open-data CSV and the API publish
the same ``Published`` table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL = "< 5"
HIDDEN = "×"

Cell = tuple[int, int]  # (row, column); row == R is the totals row, column == C the totals column


@dataclass(frozen=True)
class Published:
    title: str
    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    # (R + 1) × (C + 1) display strings: the last row and column are the totals.
    cells: tuple[tuple[str, ...], ...]
    # The same, as numbers (None where hidden): what the CSV and API carry.
    values: tuple[tuple[int | None, ...], ...]
    primary: frozenset[Cell]
    complementary: frozenset[Cell]

    @property
    def rows_with_cells(self) -> list[tuple[str, tuple[str, ...]]]:
        return list(zip(self.rows, self.cells, strict=True))


def with_totals(grid: Sequence[Sequence[int]]) -> list[list[int]]:
    """``grid`` (R × C) with a totals column and a totals row appended."""
    rows = [list(r) + [sum(r)] for r in grid]
    columns = len(rows[0]) if rows else 1
    totals = [sum(r[c] for r in rows) for c in range(columns)]
    return [*rows, totals]


def _lines(n_rows: int, n_cols: int) -> list[list[Cell]]:
    """Every additive line of a table with totals: R + 1 rows and C + 1 columns."""
    lines = [[(r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)]
    lines += [[(r, c) for r in range(n_rows + 1)] for c in range(n_cols + 1)]
    return lines


def suppress(full: Sequence[Sequence[int]]) -> tuple[set[Cell], set[Cell]]:
    """(primary, complementary) hidden cells of a table with totals (``with_totals``)."""
    n_rows, n_cols = len(full) - 1, len(full[0]) - 1
    primary = {
        (r, c) for r in range(n_rows + 1) for c in range(n_cols + 1) if 0 < full[r][c] < THRESHOLD
    }
    hidden = set(primary)
    lines = _lines(n_rows, n_cols)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for cell in line if cell in hidden) != 1:
                continue
            shown = [cell for cell in line if cell not in hidden]
            if not shown:
                continue

            def cost(cell: Cell) -> tuple[int, int, int]:
                is_total = cell[0] == n_rows or cell[1] == n_cols
                value = full[cell[0]][cell[1]]
                # Prefer non-zero interior cells, the smallest first; zeros last (a known zero
                # protects nothing).
                return (value == 0, is_total, value)

            hidden.add(min(shown, key=cost))
            changed = True
    return primary, hidden - primary


def publish(
    title: str,
    row_header: str,
    rows: Sequence[str],
    columns: Sequence[str],
    grid: Sequence[Sequence[int]],
) -> Published:
    full = with_totals(grid)
    primary, complementary = suppress(full)
    cells = []
    values = []
    for r, line in enumerate(full):
        shown: list[str] = []
        numbers: list[int | None] = []
        for c, value in enumerate(line):
            if (r, c) in primary:
                shown.append(SMALL)
                numbers.append(None)
            elif (r, c) in complementary:
                shown.append(HIDDEN)
                numbers.append(None)
            else:
                shown.append(f"{value:,}".replace(",", "."))
                numbers.append(value)
        cells.append(tuple(shown))
        values.append(tuple(numbers))
    return Published(
        title=title,
        row_header=row_header,
        rows=(*rows, "Jumlah"),
        columns=(*columns, "Jumlah"),
        cells=tuple(cells),
        values=tuple(values),
        primary=frozenset(primary),
        complementary=frozenset(complementary),
    )
