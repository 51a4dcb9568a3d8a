"""Small-cell suppression with complementary suppression: a hidden cell can never be
recovered from the shown cells and totals of its row or column."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payung.core.actors import command_actor
from payung.insights import disclosure
from payung.insights.services import facts_refresh
from tests.insights.builders import case_on


def _recoverable(full, hidden) -> set:
    """Cells an attacker can compute by subtraction along a line, repeated until nothing
    new follows (a cell found by one line may open another)."""
    n_rows, n_cols = len(full) - 1, len(full[0]) - 1
    known = {(r, c) for r, c in product(range(n_rows + 1), range(n_cols + 1))} - hidden
    found = set()
    changed = True
    while changed:
        changed = False
        for line in disclosure._lines(n_rows, n_cols):
            unknown = [cell for cell in line if cell not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                found.add(unknown[0])
                changed = True
    return found


def test_one_small_cell_hides_a_partner_in_its_row_and_column() -> None:
    grid = [[3, 10, 12], [8, 9, 20], [15, 6, 7]]
    table = disclosure.publish("t", "r", ["a", "b", "c"], ["2024", "2025", "2026"], grid)
    assert table.cells[0][0] == "< 5"
    assert table.primary == {(0, 0)}
    hidden = table.primary | table.complementary
    assert (
        len(table.complementary) >= 3
    )  # one in its row, one in its column, one closing the square
    assert _recoverable(disclosure.with_totals(grid), set(hidden)) == set()
    # The totals are shown (none is small), so the table still adds up where it is shown.
    assert table.cells[3][3] == "90"


def test_a_small_total_is_itself_suppressed() -> None:
    table = disclosure.publish("t", "r", ["a", "b"], ["x", "y"], [[1, 1], [0, 0]])
    assert table.cells[2][2] == "< 5"  # grand total 2
    assert table.values[2][2] is None


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(min_value=0, max_value=30), min_size=cols, max_size=cols),
            min_size=1,
            max_size=8,
        )
    )
)
def test_no_hidden_cell_is_ever_recoverable_by_subtraction(grid) -> None:
    full = disclosure.with_totals(grid)
    primary, complementary = disclosure.suppress(full)
    assert all(0 < full[r][c] < 5 for r, c in primary)
    assert all(not (0 < full[r][c] < 5) for r, c in complementary)
    # Every small cell is hidden.
    for r, row in enumerate(full):
        for c, value in enumerate(row):
            if 0 < value < 5:
                assert (r, c) in primary
    assert _recoverable(full, primary | complementary) == set()


@pytest.fixture
def reidentifiable(personas):
    """A kecamatan with three victims (a cell of 3) in 2026, beside larger cells: exactly
    the table that would let a neighbour recognise the three from the totals."""
    from tests.factories import BUGUL_LOR, GENTONG

    for i in range(3):  # Bugul Lor is in Panggungrejo
        case_on(
            personas,
            date(2026, 2, 1 + i),
            kelurahan=BUGUL_LOR,
            violence_forms=["seksual"],
            victim_age=14,
        )
    for i in range(12):  # Gentong is in Gadingrejo
        case_on(
            personas,
            date(2026, 3, 1 + i),
            kelurahan=GENTONG,
            violence_forms=["fisik"],
            victim_age=30,
        )
    for i in range(7):
        case_on(
            personas,
            date(2025, 3, 1 + i),
            kelurahan=BUGUL_LOR,
            violence_forms=["fisik"],
            victim_age=30,
        )
    for i in range(6):
        case_on(
            personas,
            date(2025, 4, 1 + i),
            kelurahan=GENTONG,
            violence_forms=["fisik"],
            victim_age=30,
        )
    facts_refresh(actor=command_actor("test"), full=True)


@pytest.mark.django_db
def test_public_page_shows_less_than_five_and_hides_its_complement(client, reidentifiable) -> None:
    from django.core.cache import cache

    cache.clear()
    response = client.get("/statistik/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script" not in body.split("</main>")[0]  # no JavaScript in the content
    import re

    table = body.split("Korban menurut kecamatan", 1)[1].split("</table>", 1)[0]
    grid = {}
    for label, cells in re.findall(r'<th scope="row"[^>]*>([^<]+)</th>(.*?)</tr>', table, re.S):
        grid[label.strip()] = re.findall(r"<td[^>]*>([^<]*)</td>", cells)
    # Columns: 2023, 2024, 2025, 2026, Jumlah.
    assert grid["Panggungrejo"][3] == "&lt; 5"  # the 3 of 2026
    assert "3" not in grid["Panggungrejo"]
    labels = list(grid)
    hidden = {
        (r, c)
        for r, label in enumerate(labels)
        for c, cell in enumerate(grid[label])
        if cell in ("&lt; 5", "×")
    }
    assert any(cell == "×" for row in grid.values() for cell in row)
    full = [[0] * len(grid[labels[0]]) for _ in labels]  # only the shape matters
    assert _recoverable(full, hidden) == set()


@pytest.mark.django_db
def test_open_data_csv_carries_the_same_suppression(client, reidentifiable) -> None:
    import csv
    import io

    from django.core.cache import cache

    cache.clear()
    rows = list(
        csv.reader(io.StringIO(client.get("/statistik/data.csv").content.decode("utf-8-sig")))
    )
    assert rows[0] == ["tabel", "kategori", "tahun", "jumlah", "keterangan"]
    row = next(r for r in rows if r[1] == "Panggungrejo" and r[2] == "2026")
    assert row[3] == "" and row[4] == "< 5"
    assert any(r[1] == "Panggungrejo" and r[4].startswith("disembunyikan") for r in rows)
    assert not any(r[3] == "3" and r[1] == "Panggungrejo" for r in rows)
