"""The DPO's audit screens: who may see them, filters, paging, query counts, verification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.audit.services import access_record, audit_event
from tests.audit.helpers import build_chain, superuser_tampering
from tests.factories import BUGUL_LOR, GENTONG, region

pytestmark = pytest.mark.django_db

EVENTS, ACCESS, VERIFY = "audit:events", "audit:access", "audit:verify"


@pytest.fixture
def dpo_client(client: Client, personas) -> Client:
    client.force_login(personas.dpo)
    return client


def rows_shown(response) -> list[int]:
    return [row.seq for row in response.context["page_obj"]]


@pytest.mark.parametrize("name", [EVENTS, ACCESS])
def test_anonymous_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_verify_is_sent_to_login(client: Client) -> None:
    response = client.post(reverse(VERIFY))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "persona", ["case_manager", "sysadmin", "analyst", "supervisor", "ppt_gentong"]
)
def test_other_roles_are_forbidden(client: Client, personas, persona: str) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get(reverse(EVENTS)).status_code == 403
    assert client.get(reverse(ACCESS)).status_code == 403
    assert client.post(reverse(VERIFY)).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.verify").exists()


def test_verify_is_post_only(dpo_client: Client) -> None:
    response = dpo_client.get(reverse(VERIFY))
    assert response.status_code == 405


@pytest.mark.parametrize("name", [EVENTS, ACCESS])
def test_lists_are_get_only(dpo_client: Client, name: str) -> None:
    assert dpo_client.post(reverse(name)).status_code == 405


def test_dpo_sees_events_newest_first_with_changes(dpo_client: Client, personas) -> None:
    build_chain(3, personas.case_manager)

    response = dpo_client.get(reverse(EVENTS))

    assert response.status_code == 200
    assert rows_shown(response) == [3, 2, 1]
    html = response.content.decode()
    assert "test.step3" in html
    assert "rina_mk" in html
    assert "b3" in html and "→" in html  # the before → after table


def test_victim_names_never_reach_the_screen(dpo_client: Client, personas) -> None:
    with transaction.atomic():
        audit_event(
            actor=personas.case_manager,
            action="case.update",
            target_label="Kasus 2026/0007",
            changes={
                "victim_name": [None, "Siti Aminah"],
                "alamat": ["", "Jl. Melati 3"],
                "status": ["baru", "dibuka"],
            },
        )

    html = dpo_client.get(reverse(EVENTS)).content.decode()

    assert "Siti Aminah" not in html
    assert "Jl. Melati" not in html
    assert "[disamarkan]" in html
    assert "baru" in html and "dibuka" in html


def test_events_filter_by_actor_action_and_target(dpo_client: Client, personas) -> None:
    build_chain(2, personas.case_manager, prefix="case.step")
    build_chain(2, personas.supervisor, prefix="user.step")
    gentong = region(GENTONG)
    with transaction.atomic():
        audit_event(
            actor=personas.sysadmin, action="region.update", target=gentong, target_label="Gentong"
        )
        audit_event(
            actor=personas.sysadmin,
            action="region.update",
            target=region(BUGUL_LOR),
            target_label="Bugul Lor",
        )
    url = reverse(EVENTS)

    assert rows_shown(dpo_client.get(url, {"actor": "LINA_SUP"})) == [4, 3]
    assert rows_shown(dpo_client.get(url, {"action": "case"})) == [2, 1]
    assert rows_shown(dpo_client.get(url, {"action": "cas"})) == []
    assert rows_shown(dpo_client.get(url, {"action": "case.step1"})) == [1]
    assert rows_shown(dpo_client.get(url, {"action": "region"})) == [6, 5]
    assert rows_shown(dpo_client.get(url, {"target_type": "regions.region"})) == [6, 5]
    assert rows_shown(
        dpo_client.get(url, {"target_type": "regions.region", "target_id": str(gentong.pk)})
    ) == [5]
    assert rows_shown(dpo_client.get(url, {"actor": "rina_mk", "action": "user"})) == []


def test_events_filter_by_date_range_in_local_days(dpo_client: Client, personas) -> None:
    build_chain(1, personas.case_manager)
    today = timezone.localdate()
    url = reverse(EVENTS)

    assert rows_shown(
        dpo_client.get(url, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    ) == [1]
    assert (
        rows_shown(dpo_client.get(url, {"date_to": (today - timedelta(days=1)).isoformat()})) == []
    )
    assert (
        rows_shown(dpo_client.get(url, {"date_from": (today + timedelta(days=1)).isoformat()}))
        == []
    )


def test_an_inverted_date_range_is_an_error_not_everything(dpo_client: Client, personas) -> None:
    build_chain(1, personas.case_manager)
    today = timezone.localdate()

    response = dpo_client.get(
        reverse(EVENTS),
        {"date_from": today.isoformat(), "date_to": (today - timedelta(days=2)).isoformat()},
    )

    assert response.status_code == 200
    assert rows_shown(response) == []
    assert "Tanggal awal harus sebelum" in response.content.decode()


@pytest.mark.usefixtures("one_access_chain")
def test_access_log_filters_break_glass(dpo_client: Client, personas) -> None:
    gentong = region(GENTONG)
    with transaction.atomic():
        access_record(actor=personas.case_manager, target=gentong, purpose="lihat kasus")
        access_record(
            actor=personas.sysadmin,
            target=gentong,
            purpose="darurat",
            break_glass=True,
            reason="Permintaan polisi, surat 12/2026",
        )
        access_record(actor=personas.supervisor, target=region(BUGUL_LOR), purpose="lihat kasus")
    url = reverse(ACCESS)

    everything = dpo_client.get(url)
    assert rows_shown(everything) == [3, 2, 1]
    only_break_glass = dpo_client.get(url, {"break_glass": "on"})
    assert rows_shown(only_break_glass) == [2]
    assert "Permintaan polisi, surat 12/2026" in only_break_glass.content.decode()
    assert rows_shown(dpo_client.get(url, {"actor": "rina_mk"})) == [1]
    assert rows_shown(dpo_client.get(url, {"target_id": str(gentong.pk)})) == [2, 1]


def test_pages_hold_fifty_rows_and_keep_the_filter(dpo_client: Client, personas) -> None:
    build_chain(51, personas.case_manager)
    build_chain(1, personas.supervisor)

    first = dpo_client.get(reverse(EVENTS), {"actor": "rina_mk"})
    assert rows_shown(first) == list(range(51, 1, -1))
    assert "?actor=rina_mk&amp;page=2" in first.content.decode()
    second = dpo_client.get(reverse(EVENTS), {"actor": "rina_mk", "page": 2})
    assert rows_shown(second) == [1]


def test_query_count_does_not_grow_with_rows(
    dpo_client: Client, personas, django_assert_num_queries
) -> None:
    build_chain(1, personas.case_manager)
    with transaction.atomic():
        access_record(actor=personas.case_manager, target=region(GENTONG), purpose="lihat")
    dpo_client.get(reverse(EVENTS))  # the first request of a session also writes the session

    with CaptureQueriesContext(connection) as one_event:
        assert dpo_client.get(reverse(EVENTS)).status_code == 200
    with CaptureQueriesContext(connection) as one_access:
        assert dpo_client.get(reverse(ACCESS)).status_code == 200

    for user in (personas.supervisor, personas.sysadmin, personas.ppt_gentong):
        build_chain(20, user)
        with transaction.atomic():
            for _ in range(20):
                access_record(actor=user, target=region(GENTONG), purpose="lihat")

    with django_assert_num_queries(len(one_event)):
        assert len(rows_shown(dpo_client.get(reverse(EVENTS)))) == 50
    with django_assert_num_queries(len(one_access)):
        assert len(rows_shown(dpo_client.get(reverse(ACCESS)))) == 50


def test_htmx_gets_only_the_results(dpo_client: Client, personas) -> None:
    build_chain(2, personas.case_manager)

    response = dpo_client.get(
        reverse(EVENTS), {"action": "test.step2"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="audit-results"' in html
    assert "<html" not in html
    assert "test.step2" in html and "test.step1" not in html


def test_filters_work_without_javascript(dpo_client: Client, personas) -> None:
    build_chain(1, personas.case_manager)
    html = dpo_client.get(reverse(EVENTS)).content.decode()
    assert f'method="get" action="{reverse(EVENTS)}"' in html
    assert '<label class="form-label small mb-1" for="id_actor">' in html
    assert "<html" in html


def test_dpo_runs_verification_and_it_is_recorded(dpo_client: Client, personas) -> None:
    build_chain(4, personas.case_manager)

    response = dpo_client.post(reverse(VERIFY))

    assert response.status_code == 200
    assert response.context["result"].ok
    html = response.content.decode()
    assert "Semua rantai utuh" in html
    recorded = AuditEvent.objects.get(action="audit.verify")
    assert recorded.actor == personas.dpo
    assert recorded.note == "OK: 4 events, 0 access rows verified"


def test_verification_shows_where_the_chain_breaks(dpo_client: Client, personas) -> None:
    build_chain(4, personas.case_manager)
    with superuser_tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")

    response = dpo_client.post(reverse(VERIFY))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rantai audit rusak" in html
    assert "pada seq 2" in html
    assert "Baris hilang" in html
