"""Case pages: who may open them, what they show, and the concurrent-edit conflict."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from payung.audit.models import AccessLog
from payung.cases import services
from payung.cases.choices import CaseStatus
from tests.accounts.conftest import signed_in
from tests.cases.casework import (
    CHRONOLOGY,
    NIK_WOMAN,
    PERPETRATOR,
    REPORTER,
    VICTIM,
    add_perpetrator,
    open_case,
    victim_of,
)
from tests.cases.helpers import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def detail(case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def test_owner_supervisor_and_kelurahan_ppt_open_the_case_and_each_view_is_logged(
    personas,
) -> None:
    case = open_case(personas)
    for user in (personas.case_manager, personas.supervisor, personas.ppt_gentong):
        response = signed_in(user).get(detail(case))
        assert response.status_code == 200, user.role
        body = response.content.decode()
        assert VICTIM in body and case.number in body
        assert AccessLog.objects.filter(
            actor=user, target_type="cases.case", target_id=str(case.pk), purpose="case.view"
        ).exists()


def test_ppt_officer_of_another_kelurahan_gets_404(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.ppt_bugullor)
    assert client.get(detail(case)).status_code == 404
    assert client.get(reverse("cases:case_edit", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases:note_add", args=[case.pk]), {}).status_code == 404
    number = reverse("cases:case_by_number", args=[case.number])
    assert client.get(number).status_code == 404
    body = client.get(reverse("cases:case_list")).content.decode()
    assert case.number not in body


def test_a_case_manager_sees_only_cases_they_own_or_work_on(personas) -> None:
    case = open_case(personas)
    other = signed_in(personas.case_manager2)
    assert other.get(detail(case)).status_code == 404
    services.case_team_add(actor=personas.supervisor, case=case, member=personas.case_manager2)
    assert other.get(detail(case)).status_code == 200


@pytest.mark.parametrize("persona", ["analyst", "provider", "shelter", "dpo", "sysadmin"])
def test_roles_without_case_work_are_refused(personas, persona) -> None:
    case = open_case(personas)
    client = signed_in(getattr(personas, persona))
    assert client.get(detail(case)).status_code in (403, 404)
    assert client.get(reverse("cases:case_list")).status_code == 403


def test_anonymous_and_wrong_method(personas) -> None:
    case = open_case(personas)
    response = Client().get(detail(case))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert signed_in(personas.case_manager).post(detail(case)).status_code == 405
    transition = reverse("cases:case_transition", args=[case.pk])
    assert signed_in(personas.case_manager).get(transition).status_code == 405


def test_case_number_link_redirects_to_the_case(personas) -> None:
    case = open_case(personas)
    response = signed_in(personas.supervisor).get(
        reverse("cases:case_by_number", args=[case.number])
    )
    assert response.status_code == 302 and response["Location"] == detail(case)


def test_the_detail_page_shows_every_section(personas) -> None:
    case = open_case(personas)
    add_perpetrator(case, personas.case_manager)
    body = signed_in(personas.case_manager).get(detail(case)).content.decode()
    for anchor in (
        "pihak",
        "kejadian",
        "asesmen",
        "rencana",
        "tenggat",
        "persetujuan",
        "dokumen",
        "catatan",
        "riwayat",
    ):
        assert f'id="{anchor}"' in body
    assert PERPETRATOR in body and REPORTER in body and CHRONOLOGY in body
    assert re.findall(r"<script(?![^>]*\bsrc=)", body) == []
    assert 'style="' not in body


def test_a_flow_through_the_pages_without_javascript(personas) -> None:
    case = open_case(personas)
    manager = signed_in(personas.case_manager)
    move = reverse("cases:case_transition", args=[case.pk])
    response = manager.post(move, {"move-to": "asesmen", "move-version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    victim = victim_of(case)
    data = {
        "victim": str(victim.pk),
        "assessed_on": "2026-01-05",
        "summary": "Butuh pendampingan",
        "economic_empowerment_need": "on",
    }
    for domain in ("fisik", "psikologis", "sosial", "ekonomi", "pendidikan"):
        data[f"level_{domain}"] = "sedang"
        data[f"note_{domain}"] = f"catatan {domain}"
    response = manager.post(reverse("cases:assessment_add", args=[case.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert case.assessments.get().economic_empowerment_need
    case.refresh_from_db()
    manager.post(move, {"move-to": "rencana", "move-version": case.version})
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN
    manager.post(
        reverse("cases:plan_item_add", args=[case.pk]),
        {"item-service": "hukum", "item-goal": "Pendampingan ke polres"},
    )
    response = manager.post(
        reverse("cases:plan_edit", args=[case.pk]),
        {
            "version": case.version,
            "goals": "Aman",
            "agreed": "on",
            "agreed_on": "2026-01-06",
            "agreed_by": str(victim.pk),
        },
    )
    assert response.status_code == 302
    manager.post(move, {"move-to": "layanan", "move-version": ""})
    # The planned legal aid was not delivered: the closure request says why.
    legal_aid = case.plan.items.get()
    response = manager.post(
        reverse("cases:closure_request", args=[case.pk]),
        {
            "closure-reason": "tujuan_tercapai",
            "closure-note": "Selesai",
            f"closure-undelivered-{legal_aid.pk}": "Korban memilih tidak melapor.",
        },
    )
    assert response.status_code == 302
    supervisor = signed_in(personas.supervisor)
    queue = supervisor.get(reverse("cases:closure_queue")).content.decode()
    assert case.number in queue
    pending = case.closure_requests.get()
    response = supervisor.post(
        reverse("cases:closure_decide", args=[pending.pk]),
        {f"c{pending.pk}-decision": "setuju", f"c{pending.pk}-note": ""},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    # A case manager may not approve closures.
    assert signed_in(personas.case_manager).get(reverse("cases:closure_queue")).status_code == 403


def test_concurrent_edit_shows_a_field_by_field_conflict_and_overwrites_nothing(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)
    url = reverse("cases:person_edit", args=[case.pk, victim.pk])
    first, second = signed_in(personas.case_manager), signed_in(personas.supervisor)
    form = first.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    base = {"name": VICTIM, "sex": "p", "disability": "tidak_tahu", "age_estimate": "34"}
    # The supervisor saves first, from a form loaded at the same version.
    response = second.post(url, {**base, "version": version, "alias": "Bunga (nama samaran)"})
    assert response.status_code == 302
    # The case manager's save is now stale: refused, with the other change shown.
    response = first.post(url, {**base, "version": version, "alias": "Melati Lain"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "sudah diubah orang lain" in body
    assert "nama samaran" in body.lower() and "Bunga (nama samaran)" in body
    assert personas.supervisor.username in body or personas.supervisor.get_full_name() in body
    victim.person.refresh_from_db()
    assert victim.person.alias == "Bunga (nama samaran)"
    # The re-rendered form carries the new version: saving again is a conscious overwrite.
    new_version = re.search(r'name="version" value="(\d+)"', body).group(1)
    assert int(new_version) > int(version)
    assert 'value="Melati Lain"' in body
    response = first.post(url, {**base, "version": new_version, "alias": "Melati Lain"})
    assert response.status_code == 302
    victim.person.refresh_from_db()
    assert victim.person.alias == "Melati Lain"


def test_edits_of_other_records_in_between_are_not_a_conflict(personas) -> None:
    case = open_case(personas)
    version = case.version
    services.case_update(
        actor=personas.supervisor, case=case, version=version, risk_level="tinggi", kelurahan=None
    )
    # A person edit from a form loaded before the case edit still saves.
    services.person_update(
        actor=personas.case_manager,
        case=case,
        party=victim_of(case),
        version=version,
        data=services.PersonInput(name=VICTIM, sex="p"),
    )
    with pytest.raises(services.EditConflict) as exc:
        services.case_update(
            actor=personas.case_manager,
            case=case,
            version=version,
            risk_level="rendah",
            kelurahan=None,
        )
    change = exc.value.changes[0]
    assert (change.before, change.after) == ("Sedang", "Tinggi")


def test_nik_mismatch_is_a_warning_and_a_bad_nik_is_refused(personas) -> None:
    case = open_case(personas)
    url = reverse("cases:party_add", args=[case.pk])
    client = signed_in(personas.case_manager)
    response = client.post(
        url,
        {
            "role": "saksi",
            "name": "Budi Saksiwan",
            "sex": "l",
            "nik": NIK_WOMAN,
            "disability": "tidak_tahu",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "NIK menandakan jenis kelamin perempuan" in response.content.decode()
    assert case.parties.filter(role="saksi").exists()
    response = client.post(
        url, {"role": "saksi", "name": "X", "sex": "l", "nik": "12345", "disability": "tidak_tahu"}
    )
    assert response.status_code == 400
    assert "NIK harus 16 angka" in response.content.decode()


def test_documents_download_as_attachments_and_are_logged(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"doc-kind": "visum", "doc-file": upload("visum.pdf", PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 302
    document = case.documents.get()
    response = client.get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 200 and response.content == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(
        target_type="cases.casedocument", target_id=str(document.pk), purpose="case.document"
    ).exists()
    outsider = signed_in(personas.ppt_bugullor)
    url = reverse("cases:document_download", args=[case.pk, document.pk])
    assert outsider.get(url).status_code == 404


def test_upload_refuses_disguised_files(personas) -> None:
    from tests.cases.helpers import HTML_BYTES

    case = open_case(personas)
    response = signed_in(personas.case_manager).post(
        reverse("cases:document_upload", args=[case.pk]),
        {"doc-kind": "foto", "doc-file": upload("foto.jpg", HTML_BYTES)},
        follow=True,
    )
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert not case.documents.exists()


def test_case_list_filters_and_search(personas) -> None:
    first = open_case(personas)
    second = open_case(personas, victim_name="Siti Aminah", violence_forms=["seksual"])
    client = signed_in(personas.supervisor)
    url = reverse("cases:case_list")
    body = client.get(url, {"q": "  siti   AMINAH "}).content.decode()
    assert second.number in body and first.number not in body
    body = client.get(url, {"violence_form": "seksual"}).content.decode()
    assert second.number in body and first.number not in body
    body = client.get(url, {"q": first.number}).content.decode()
    assert first.number in body and second.number not in body
    # htmx gets only the results.
    partial = client.get(url, {"q": "siti"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="case-results"' in partial and "<html" not in partial


def test_handling_document_is_a_pdf_download(personas) -> None:
    case = open_case(personas)
    response = signed_in(personas.case_manager).get(
        reverse("cases:handling_document", args=[case.pk, victim_of(case).pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")


def test_my_deadlines_and_supervisor_breaches(personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    case = open_case(personas)
    item = case.deadlines.get(rule__code="respons-risiko-sedang")
    type(item).objects.filter(pk=item.pk).update(due_at=timezone.now() - timedelta(hours=2))
    body = signed_in(personas.case_manager).get(reverse("cases:deadlines")).content.decode()
    assert case.number in body and "Lewat tenggat" in body
    body = signed_in(personas.supervisor).get(reverse("cases:deadlines")).content.decode()
    assert 'id="deadline-breaches"' in body and case.number in body


def test_the_report_links_to_its_case_for_those_who_may_open_it(personas) -> None:
    case = open_case(personas)
    url = reverse("cases:report_detail", args=[case.created_from_id])
    body = signed_in(personas.case_manager).get(url).content.decode()
    assert f'href="{detail(case)}"' in body
    # A case manager not on the case no longer reads the report at all (issue #17): it is
    # part of the case's record.
    assert signed_in(personas.case_manager2).get(url).status_code == 404


def test_the_list_marks_exactly_the_overdue_cases(personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    late, on_time = open_case(personas), open_case(personas)
    item = late.deadlines.filter(state="terbuka").first()
    type(item).objects.filter(pk=item.pk).update(due_at=timezone.now() - timedelta(hours=1))
    client = signed_in(personas.supervisor)
    body = client.get(reverse("cases:case_list")).content.decode()
    cards = {
        number: "case-card--overdue" in card
        for card in body.split('<li class="case-card')[1:]
        for number in (late.number, on_time.number)
        if number in card
    }
    assert cards == {late.number: True, on_time.number: False}
    # The same on the "overdue" filter and in the API.
    only_late = client.get(reverse("cases:case_list") + "?overdue=on").content.decode()
    assert late.number in only_late and on_time.number not in only_late
    rows = client.get("/api/v1/cases/").json()["items"]
    assert {r["number"]: r["overdue"] for r in rows} == {late.number: True, on_time.number: False}
