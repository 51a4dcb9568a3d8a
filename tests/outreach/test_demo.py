"""The demo holds a year of sessions across the city, once."""

from __future__ import annotations

from typing import Any

import pytest

from payung.outreach import demo, selectors
from payung.outreach.models import Activity, Leader

pytestmark = pytest.mark.django_db


def test_demo_fills_the_coverage_board_and_leaves_some_kelurahan_for_this_quarter(
    personas: Any,
) -> None:
    created = demo.load()
    assert created > 34 * 2
    year, quarter = selectors.current_quarter()
    board = selectors.coverage_board(personas.outreach, year)
    reached = [r for r in board.rows if r.quarters[quarter - 1]]
    assert 0 < len(reached) < 34
    assert len(selectors.not_reached_this_quarter(personas.outreach)) >= 12
    assert Activity.objects.filter(status="rencana").exists()  # the public calendar has some
    assert Leader.objects.filter(withdrawn_on__isnull=False).exists()
    assert demo.load() == 0
