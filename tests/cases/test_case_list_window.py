"""A case manager's list finds its page among their newest owned and newest team cases
(selectors.CaseListQuerySet): the same rows, the same order and the same count as the plain
query, for every page and filter."""

from __future__ import annotations

import pytest

from payung.cases import selectors
from payung.cases.models import Case
from payung.core.pagination import CappedPaginator
from tests.cases.casework import open_case

pytestmark = pytest.mark.django_db


def _plain(qs):
    plain = qs._chain()
    plain.window_user_id = None
    return plain


def test_windowed_pages_equal_the_plain_query(personas) -> None:
    me, colleague = personas.case_manager, personas.case_manager2
    mine = [open_case(personas, owner=me) for _ in range(7)]
    theirs = [open_case(personas, owner=colleague, actor=colleague) for _ in range(6)]
    # On the team of every other colleague's case: the two sources interleave in time.
    Case.team.through.objects.bulk_create(
        [Case.team.through(case_id=c.pk, user_id=me.pk) for c in theirs[::2]]
    )
    Case.objects.filter(pk__in=[mine[2].pk, theirs[2].pk]).update(status="asesmen")

    for filters in (
        selectors.CaseFilters(),
        selectors.CaseFilters(status="asesmen"),
        selectors.CaseFilters(status="baru"),
    ):
        qs = selectors.case_list(me, filters)
        assert qs.window_user_id == me.pk
        for start, stop in ((0, 3), (2, 5), (4, 8), (0, 50), (9, 12)):
            assert [c.pk for c in qs[start:stop]] == [c.pk for c in _plain(qs)[start:stop]]
        assert CappedPaginator(qs, 4).count == CappedPaginator(_plain(qs), 4).count
    everything = [c.pk for c in selectors.case_list(me)[:50]]
    assert set(everything) == {c.pk for c in mine} | {c.pk for c in theirs[::2]}
    assert not {c.pk for c in theirs[1::2]} & set(everything)


def test_a_supervisors_own_cases_use_the_window_too(personas) -> None:
    boss = personas.supervisor
    own = open_case(personas, owner=personas.case_manager)
    Case.team.through.objects.create(case_id=own.pk, user_id=boss.pk)
    open_case(personas)
    qs = selectors.case_list(boss, selectors.CaseFilters(mine=True))
    assert [c.pk for c in qs[:10]] == [own.pk] == [c.pk for c in _plain(qs)[:10]]
    # Without "mine" a supervisor sees the region: no window.
    assert selectors.case_list(boss).window_user_id is None
