"""The closure checklist: which planned services were delivered, and the case manager's
reason for each that was not, shown to the supervisor who approves the closure."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from payung.care import services
from payung.care.models import ClosureServiceNote
from payung.cases import services as case_services
from payung.cases.models import ClosureRequest
from tests.accounts.conftest import signed_in
from tests.care.builders import send_referral
from tests.cases.casework import open_case

pytestmark = pytest.mark.django_db


def _planned_case(personas):
    manager = personas.case_manager
    case = open_case(personas)
    visum = case_services.plan_item_add(actor=manager, case=case, service="visum")
    counselling = case_services.plan_item_add(actor=manager, case=case, service="psikososial")
    referral = send_referral(personas, case=case)
    services.referral_accept(actor=personas.provider, referral=referral)
    services.referral_complete(
        actor=personas.provider,
        referral=referral,
        delivered_on=timezone.localdate(),
        outcome="terlaksana",
        description="Visum",
    )
    return case, visum, counselling


def test_closure_needs_a_reason_for_each_undelivered_planned_service(personas) -> None:
    case, visum, counselling = _planned_case(personas)
    with pytest.raises(ValidationError) as refused:
        case_services.closure_request(
            actor=personas.case_manager, case=case, reason="korban_menolak"
        )
    assert "Layanan psikososial" in str(refused.value) and "Visum" not in str(refused.value)
    assert not ClosureRequest.objects.exists()
    request = case_services.closure_request(
        actor=personas.case_manager,
        case=case,
        reason="korban_menolak",
        undelivered_reasons={counselling.pk: "Korban menolak konseling; dirujuk ke puskesmas."},
    )
    notes = {n.plan_item_id: n for n in ClosureServiceNote.objects.filter(closure_request=request)}
    assert notes[visum.pk].delivered and notes[visum.pk].reason == ""
    assert not notes[counselling.pk].delivered
    assert notes[counselling.pk].reason == "Korban menolak konseling; dirujuk ke puskesmas."


def test_the_case_page_asks_for_the_reasons_and_the_supervisor_sees_them(personas) -> None:
    case, _visum, counselling = _planned_case(personas)
    client = signed_in(personas.case_manager)
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert "Mengapa Layanan psikososial belum terlaksana?" in page
    assert f'name="closure-undelivered-{counselling.pk}"' in page
    # Without the reason the request is not sent.
    client.post(f"/kasus/{case.pk}/penutupan/", {"closure-reason": "korban_menolak"})
    assert not ClosureRequest.objects.exists()
    response = client.post(
        f"/kasus/{case.pk}/penutupan/",
        {
            "closure-reason": "korban_menolak",
            f"closure-undelivered-{counselling.pk}": "Korban tidak bersedia konseling.",
        },
    )
    assert response.status_code == 302 and ClosureRequest.objects.exists()
    queue = signed_in(personas.supervisor).get("/kasus/penutupan/").content.decode()
    assert "Terlaksana:</strong> Visum gratis" in queue
    assert "Belum terlaksana:</strong> Layanan psikososial" in queue
    assert "Korban tidak bersedia konseling." in queue
    assert "RSUD Uji" in queue  # the evidence: who delivered it


def test_the_closure_queue_query_count_does_not_grow(personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client = signed_in(personas.supervisor)
        client.get("/kasus/penutupan/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/kasus/penutupan/")
        return len(queries)

    def request_closure() -> None:
        case, _visum, counselling = _planned_case(personas)
        case_services.closure_request(
            actor=personas.case_manager,
            case=case,
            reason="korban_menolak",
            undelivered_reasons={counselling.pk: "Tidak bersedia."},
        )

    request_closure()
    one = count()
    for _ in range(3):
        request_closure()
    assert count() == one
