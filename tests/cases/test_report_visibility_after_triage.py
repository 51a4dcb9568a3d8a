"""Once a report is in a case it is part of the case's record (with the victim's name): only
those who may see the case may read it. Before triage every triager of the city does.
Issue #17."""

from __future__ import annotations

from typing import Any

import pytest

from payung.accounts.services import api_token_create
from payung.cases import services
from payung.cases.models import Report
from tests.accounts.conftest import signed_in
from tests.cases.helpers import make_report
from tests.factories import BUGUL_LOR, region

pytestmark = pytest.mark.django_db

VICTIM = "Melati Anakcontoh"


def _auth(user: Any) -> dict[str, str]:
    _token, raw = api_token_create(actor=user, name="uji", days=1)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _api_ids(client, user: Any) -> set[int]:
    body = client.get("/api/v1/reports/?limit=100", **_auth(user)).json()
    return {r["id"] for r in body["items"]}


def test_a_report_in_a_case_is_read_only_by_those_who_may_see_the_case(client, personas) -> None:
    on_case, outsider = personas.case_manager, personas.case_manager2
    report = make_report(victim_name=VICTIM, victim_age=12)
    waiting = make_report(victim_name="Kenanga Belumtriase")

    # Before triage: every triager of the city reads it (that is their work).
    assert signed_in(outsider).get(f"/kasus/laporan/{report.pk}/").status_code == 200

    case = services.report_open_case(actor=on_case, report=report, owner=on_case)

    # The case manager on the case, the supervisor and the kelurahan's PPT still read it.
    for user in (on_case, personas.supervisor, personas.ppt_gentong):
        page = signed_in(user).get(f"/kasus/laporan/{report.pk}/")
        assert page.status_code == 200 and VICTIM in page.content.decode()

    # The other case manager of the city does not: 404, as for a report that does not exist.
    other = signed_in(outsider)
    assert other.get(f"/kasus/laporan/{report.pk}/").status_code == 404
    listing = other.get("/kasus/laporan/").content.decode()
    assert f"/kasus/laporan/{report.pk}/" not in listing
    assert f"/kasus/laporan/{waiting.pk}/" in listing  # the untriaged one is still theirs
    assert client.get(f"/api/v1/reports/{report.pk}", **_auth(outsider)).status_code == 404
    assert _api_ids(client, outsider) == {waiting.pk}
    assert report.pk in _api_ids(client, on_case)
    # A PPT officer of another kelurahan never saw it.
    assert signed_in(personas.ppt_bugullor).get(f"/kasus/laporan/{report.pk}/").status_code == 404

    # Joining the case's team opens the report with it.
    services.case_team_add(actor=personas.supervisor, case=case, member=outsider)
    assert other.get(f"/kasus/laporan/{report.pk}/").status_code == 200


def test_a_report_attached_to_a_case_follows_that_case(personas) -> None:
    on_case, outsider = personas.case_manager, personas.case_manager2
    first = make_report(victim_name=VICTIM)
    case = services.report_open_case(actor=on_case, report=first, owner=on_case)
    second = make_report(victim_name=VICTIM)
    services.report_attach_to_case(actor=outsider, report=second, case=case)
    # The triager who attached it is not on the case: it left their sight with the triage.
    assert signed_in(outsider).get(f"/kasus/laporan/{second.pk}/").status_code == 404
    assert signed_in(on_case).get(f"/kasus/laporan/{second.pk}/").status_code == 200


def test_reports_that_became_no_case_stay_with_the_triagers(personas) -> None:
    report = make_report()
    services.report_close_not_case(
        actor=personas.case_manager, report=report, reason="bukan_kekerasan"
    )
    assert signed_in(personas.case_manager2).get(f"/kasus/laporan/{report.pk}/").status_code == 200


def test_a_triager_who_hands_the_report_to_another_case_goes_back_to_the_queue(personas) -> None:
    on_case, triager = personas.case_manager, personas.case_manager2
    case = services.report_open_case(actor=on_case, report=make_report(), owner=on_case)
    report = make_report(victim_name=VICTIM)
    client = signed_in(triager)
    response = client.post(
        f"/kasus/laporan/{report.pk}/gabung/", {"attach-case_number": case.number}
    )
    assert response.status_code == 302 and response["Location"] == "/kasus/triase/"
    page = client.get(response["Location"]).content.decode()
    assert f"Laporan digabungkan ke kasus {case.number}" in page
    # Opening a case for a colleague lands in the queue too, not on a page that now says 404.
    other = make_report()
    response = client.post(
        f"/kasus/laporan/{other.pk}/buka-kasus/", {"open-owner": str(on_case.pk)}
    )
    assert response.status_code == 302 and response["Location"] == "/kasus/triase/"
    assert Report.objects.get(pk=other.pk).case is not None


def test_a_report_from_another_kelurahan_follows_the_case_it_was_attached_to(personas) -> None:
    case = services.report_open_case(
        actor=personas.case_manager, report=make_report(), owner=personas.case_manager
    )
    elsewhere = make_report(kelurahan=region(BUGUL_LOR), victim_name=VICTIM)
    assert (
        signed_in(personas.ppt_bugullor).get(f"/kasus/laporan/{elsewhere.pk}/").status_code == 200
    )
    services.report_attach_to_case(actor=personas.case_manager, report=elsewhere, case=case)
    # The Gentong post sees the Gentong case, so it opens the report the case page links …
    gentong = signed_in(personas.ppt_gentong)
    assert f"/kasus/laporan/{elsewhere.pk}/" in gentong.get(f"/kasus/{case.pk}/").content.decode()
    assert gentong.get(f"/kasus/laporan/{elsewhere.pk}/").status_code == 200
    # … and the Bugul Lor post, which does not see the case, no longer does.
    assert (
        signed_in(personas.ppt_bugullor).get(f"/kasus/laporan/{elsewhere.pk}/").status_code == 404
    )
