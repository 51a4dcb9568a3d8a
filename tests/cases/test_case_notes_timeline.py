"""Notes (confidential ones too) and the one timeline of the case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from payung.cases import selectors, services
from tests.accounts.conftest import signed_in
from tests.cases.casework import open_case, run_to_services

pytestmark = pytest.mark.django_db


def test_a_confidential_note_is_read_by_its_author_and_supervisors_only(personas) -> None:
    case = open_case(personas)
    services.case_team_add(actor=personas.supervisor, case=case, member=personas.case_manager2)
    services.note_add(
        actor=personas.case_manager, case=case, body="Rahasia: korban hamil", confidential=True
    )
    services.note_add(actor=personas.case_manager, case=case, body="Catatan biasa")
    url = reverse("cases:case_detail", args=[case.pk])
    for user, sees in (
        (personas.case_manager, True),
        (personas.supervisor, True),
        (personas.case_manager2, False),
        (personas.ppt_gentong, False),
    ):
        body = signed_in(user).get(url).content.decode()
        assert ("Rahasia: korban hamil" in body) is sees, user.username
        assert "Catatan biasa" in body


def test_the_timeline_gathers_everything_including_who_else_viewed(personas) -> None:
    case = run_to_services(open_case(personas), personas.case_manager)
    services.note_add(actor=personas.case_manager, case=case, body="x")
    services.case_assign(actor=personas.supervisor, case=case, owner=personas.case_manager2)
    signed_in(personas.ppt_gentong).get(reverse("cases:case_detail", args=[case.pk]))
    record = selectors.case_record(personas.supervisor, case)
    kinds = {e.kind for e in selectors.case_timeline(personas.supervisor, record)}
    assert {"open", "status", "report", "note", "assessment", "change", "view"} <= kinds
    body = signed_in(personas.supervisor).get(reverse("cases:case_timeline", args=[case.pk]))
    text = body.content.decode()
    assert "Dibuka" in text and personas.ppt_gentong.get_full_name() in text
    assert "Manajer kasus diganti" in text


def test_the_timeline_is_its_own_fragment_with_its_own_access_row(personas) -> None:
    """The case page links the history instead of building it (docs/performance.md); the
    history is a page without JavaScript and the section's content for htmx, each a read of
    the record in the access log; outsiders get 404."""
    from payung.audit.models import AccessLog

    case = run_to_services(open_case(personas), personas.case_manager)
    services.note_add(actor=personas.case_manager, case=case, body="x")
    client = signed_in(personas.supervisor)
    url = reverse("cases:case_timeline", args=[case.pk])

    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'id="case-timeline"' not in page
    assert f'href="{url}"' in page and f'hx-get="{url}"' in page

    full = client.get(url)
    assert full.status_code == 200
    assert "<html" in full.content.decode() and "Catatan ditambahkan" in full.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<ol class="list-unstyled" id="case-timeline">')
    assert "Catatan ditambahkan" in fragment and "<html" not in fragment

    reads = AccessLog.objects.filter(
        target_type="cases.case", target_id=str(case.pk), actor=personas.supervisor
    )
    assert list(reads.order_by("id").values_list("purpose", flat=True)) == [
        "case.view",
        "case.timeline",
        "case.timeline",
    ]
    assert signed_in(personas.ppt_bugullor).get(url).status_code == 404


def test_economic_empowerment_needs_for_perkasa(personas) -> None:
    from tests.cases.casework import assess

    case = open_case(personas)
    assess(case, personas.case_manager, economic=True)
    found = list(selectors.economic_empowerment_needs(personas.supervisor))
    assert [a.case_id for a in found] == [case.pk]
    assess(case, personas.case_manager, economic=False)
    assert list(selectors.economic_empowerment_needs(personas.supervisor)) == []
