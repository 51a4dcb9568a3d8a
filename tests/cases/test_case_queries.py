"""List and detail pages run a constant number of queries, whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payung.cases import selectors, services
from payung.cases.uploads import check_bytes
from tests.accounts.conftest import signed_in
from tests.cases.casework import add_perpetrator, open_case, run_to_services, victim_of
from tests.cases.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db


def _count(client, url: str, **params: str) -> int:
    client.get(url, params)  # warm: the first request of a session also writes the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _enrich(case, personas) -> None:
    manager = personas.case_manager
    add_perpetrator(case, manager)
    services.note_add(actor=manager, case=case, body="catatan")
    services.document_upload(
        actor=manager, case=case, kind="visum", attachment=check_bytes(PDF_BYTES, "v.pdf")
    )
    services.consent_record(
        actor=manager,
        case=case,
        subject=victim_of(case),
        given_by=victim_of(case),
        purpose="pemrosesan",
        method="lisan",
        given_on=case.created_at.date(),
    )


def test_case_list_query_count_does_not_grow_with_rows(personas, django_assert_num_queries) -> None:
    client = signed_in(personas.supervisor)
    url = reverse("cases:case_list")
    open_case(personas)
    one = _count(client, url)
    for _ in range(29):
        open_case(personas)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.content.decode().count('<li class="case-card') == 30
    # Searching by name adds no per-row queries either: the region's name rows are a
    # subquery of the page's own queries, and the plain list's first read (the small
    # region's case ids) is not needed, so one fewer, whatever the rows.
    assert _count(client, url, q="Mawar") == one - 1


def test_case_detail_query_count_does_not_grow_with_the_record(personas) -> None:
    client = signed_in(personas.case_manager)
    big = run_to_services(open_case(personas), personas.case_manager)
    _enrich(big, personas)
    signed_in(personas.supervisor).get(reverse("cases:case_detail", args=[big.pk]))
    url = reverse("cases:case_detail", args=[big.pk])
    one_each = _count(client, url)
    for _ in range(5):
        _enrich(big, personas)
    signed_in(personas.supervisor).get(url)
    assert _count(client, url) == one_each


def test_case_detail_loads_only_the_sections_a_case_has(personas) -> None:
    """A new case skips the empty sections; each section a case has costs a bounded number
    of queries (a list, and for the plan its items), never one per row."""
    client = signed_in(personas.case_manager)
    small = open_case(personas)
    small_count = _count(client, reverse("cases:case_detail", args=[small.pk]))
    big = run_to_services(open_case(personas), personas.case_manager)
    for _ in range(3):
        _enrich(big, personas)
    big_count = _count(client, reverse("cases:case_detail", args=[big.pk]))
    gained = selectors.case_sections(big) - selectors.case_sections(small)
    assert {"plan", "assessments", "consents", "documents", "notes"} <= gained
    assert small_count < big_count <= small_count + 2 * len(gained)


def test_case_sections_names_exactly_the_relations_with_rows(personas) -> None:
    from payung.cases.models import CasePlan

    case = run_to_services(open_case(personas), personas.case_manager)
    _enrich(case, personas)

    def has(name: str) -> bool:
        if name == "plan":  # a one-to-one: its accessor is the plan itself
            return CasePlan.objects.filter(case=case).exists()
        return bool(getattr(case, name).exists())

    expected = {name for name in selectors.OPTIONAL_SECTIONS if has(name)}
    assert selectors.case_sections(case) == expected
    assert {"plan", "reports", "notes"} <= expected
    assert "team" not in expected


def test_api_case_list_query_count_is_constant(personas) -> None:
    client = signed_in(personas.supervisor)
    open_case(personas)
    one = _count(client, "/api/v1/cases/")
    for _ in range(29):
        open_case(personas)
    assert _count(client, "/api/v1/cases/") == one


def test_case_page_asks_for_the_covering_staff_once(personas) -> None:
    """The assignment, team and restriction forms and care's officers list the same people:
    one query on users for all of them (issue #16), and none for an unrestricted case's
    named staff."""
    case = run_to_services(open_case(personas), personas.case_manager)
    client = signed_in(personas.supervisor)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    staff = [q["sql"] for q in queries if '"accounts_user"."role" IN' in q["sql"]]
    assert len(staff) == 1, staff
    named = '"cases_case_restricted_to"."case_id" ='
    assert not [q["sql"] for q in queries if named in q["sql"]]
    html = response.content.decode()
    # Every form still lists the people it listed: the case manager can be assigned and named.
    assert html.count(f'value="{personas.case_manager.pk}"') >= 2


def test_covering_staff_keeps_each_form_to_its_roles(personas) -> None:
    from payung.accounts.roles import Role

    case = open_case(personas)
    everyone = selectors.restrict_choices(case)
    workers = selectors.case_worker_choices(personas.supervisor, case)
    assert {u.role for u in workers} <= {Role.CASE_MANAGER, Role.SUPERVISOR}
    assert set(workers) <= set(everyone)
    assert [u for u in everyone if u.role in (Role.CASE_MANAGER, Role.SUPERVISOR)] == workers
