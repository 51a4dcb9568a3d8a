"""Keyset pages of the case list equal the OFFSET pages (issue #16): the same rows in the same
order for every page, forwards and backwards, for a supervisor's region, a case manager's
window and with filters, with cases created at the same instant; deep OFFSET slices read
through the ids first (a deferred join) and return the same rows. Runs on SQLite and, with
DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from payung.cases import selectors
from payung.cases.models import Case, CaseDeadline
from payung.cases.selectors.case_lists import CaseListQuerySet
from payung.core.pagination import (
    CappedPaginator,
    KeysetPaginator,
    decode_cursor,
    encode_cursor,
)
from tests.cases.casework import open_case

pytestmark = pytest.mark.django_db

PER_PAGE = 4


def _cases(personas, n: int = 15) -> list[Case]:
    me, colleague = personas.case_manager, personas.case_manager2
    cases = [
        open_case(personas, owner=me if i % 3 else colleague, actor=me if i % 3 else colleague)
        for i in range(n)
    ]
    Case.team.through.objects.bulk_create(
        [Case.team.through(case_id=c.pk, user_id=me.pk) for c in cases[::6]]
        + [Case.team.through(case_id=c.pk, user_id=personas.supervisor.pk) for c in cases[1::2]]
    )
    # Several cases share one creation instant: the id breaks the tie, in both directions.
    base = timezone.now() - timedelta(days=30)
    for i, case in enumerate(cases):
        same = base + timedelta(hours=i // 3)
        Case.objects.filter(pk=case.pk).update(created_at=same)
    Case.objects.filter(pk__in=[c.pk for c in cases[::2]]).update(status="asesmen")
    overdue = timezone.now() - timedelta(days=1)
    for case in cases[1::2]:
        CaseDeadline.objects.create(case=case, title="Tenggat uji", due_at=overdue)
    return cases


def _offset_pages(qs, per_page: int = PER_PAGE) -> list[list[int]]:
    paginator = CappedPaginator(qs, per_page)
    return [
        [c.pk for c in paginator.page(n).object_list] for n in range(1, paginator.num_pages + 1)
    ]


def _walk(qs, per_page: int = PER_PAGE) -> tuple[list[list[int]], list[list[int]]]:
    """Every page by following the cursors forwards, then back again."""
    forwards = []
    page = KeysetPaginator(qs, per_page).get_page_at(1)
    forwards.append([c.pk for c in page.object_list])
    while page.has_next():
        page = KeysetPaginator(qs, per_page).get_page_at(page.number + 1, after=page.next_cursor)
        forwards.append([c.pk for c in page.object_list])
    backwards = [[c.pk for c in page.object_list]]
    while page.has_previous():
        page = KeysetPaginator(qs, per_page).get_page_at(
            page.number - 1, before=page.previous_cursor
        )
        backwards.append([c.pk for c in page.object_list])
    return forwards, backwards[::-1]


@pytest.mark.parametrize(
    "filters",
    [
        selectors.CaseFilters(),
        selectors.CaseFilters(status="asesmen"),
        selectors.CaseFilters(overdue=True),
        selectors.CaseFilters(mine=True),
    ],
    ids=["all", "status", "overdue", "mine"],
)
@pytest.mark.parametrize("who", ["supervisor", "case_manager"])
def test_keyset_pages_equal_offset_pages(personas, filters, who) -> None:
    _cases(personas)
    user = getattr(personas, who)
    qs = selectors.case_list(user, filters)
    expected = _offset_pages(qs)
    assert sum(len(p) for p in expected) > PER_PAGE  # more than one page to walk

    forwards, backwards = _walk(qs)

    assert forwards == expected
    assert backwards == expected
    plain = [c.pk for c in qs.order_by("-created_at", "-pk")]
    assert [pk for page in forwards for pk in page] == plain


def test_deep_offset_slices_read_the_ids_first_and_equal_the_plain_query(
    personas, monkeypatch
) -> None:
    _cases(personas)
    qs = selectors.case_list(personas.supervisor)
    plain = [c.pk for c in qs.all()]
    monkeypatch.setattr(CaseListQuerySet, "DEEP_OFFSET", 3)

    for start, stop in ((3, 7), (5, 9), (12, 20), (14, 15)):
        sliced = qs[start:stop]
        assert "IN (SELECT" in str(sliced.query).upper().replace('"', "")  # the deferred join
        assert [c.pk for c in sliced] == plain[start:stop]
    assert [c.pk for c in qs[0:3]] == plain[0:3]  # shallow pages as before


def test_a_cursor_round_trips_and_nonsense_is_ignored() -> None:
    at = timezone.now().replace(microsecond=123456)
    assert decode_cursor(encode_cursor(at, 42)) == (at, 42)
    for text in ("", "x.y", "12", "9" * 40 + ".1", None):
        assert decode_cursor(text) is None


def test_the_list_pages_by_cursor_and_keeps_page_numbers(client, personas) -> None:
    cases = _cases(personas, n=120)  # more than two pages of 50
    client.force_login(personas.supervisor)
    url = reverse("cases:case_list")

    seen: list[str] = []
    response = client.get(url)
    for number in (1, 2, 3):
        html = response.content.decode()
        assert f"Halaman {number}" in html
        seen += re.findall(r'href="/kasus/(\d+)/"', html)
        found = re.search(r'href="\?page=(\d+)&amp;after=([\d.]+)"', html)
        if number == 3:
            assert found is None
            break
        assert found is not None and int(found.group(1)) == number + 1
        response = client.get(url, {"page": found.group(1), "after": found.group(2)})
    assert len(seen) == len(set(seen)) == len(cases)

    back = re.search(r'href="\?page=2&amp;before=([\d.]+)"', response.content.decode())
    assert back is not None
    page_two = client.get(url, {"page": 2, "before": back.group(1)}).content.decode()
    by_number = client.get(url, {"page": 2}).content.decode()
    rows = re.compile(r'href="/kasus/(\d+)/"')
    assert rows.findall(page_two) == rows.findall(by_number)


def test_postgresql_connections_run_without_jit() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_small_region_s_list_read_through_its_ids_equals_the_plain_list(
    personas, monkeypatch
) -> None:
    """A supervisor of a region of at most SMALL_REGION_CASES cases gets the list
    narrowed to the region's ids read first (the plan fix for a city among a million cases);
    the pages, filters and counts are those of the list without it."""
    from payung.cases.selectors import case_lists
    from payung.cases.selectors.case_lists import CaseFilters

    _cases(personas)
    supervisor = personas.supervisor
    assert case_lists._small_region_ids(supervisor) is not None  # the test city is small
    for filters in (
        CaseFilters(),
        CaseFilters(everyday=True),
        CaseFilters(status="asesmen"),
        CaseFilters(overdue=True),
    ):
        narrowed = _offset_pages(selectors.case_list(supervisor, filters))
        with monkeypatch.context() as patch:
            patch.setattr(case_lists, "SMALL_REGION_CASES", 0)
            assert case_lists._small_region_ids(supervisor) is None
            plain = _offset_pages(selectors.case_list(supervisor, filters))
        assert narrowed == plain and sum(map(len, plain)) > 0, filters
