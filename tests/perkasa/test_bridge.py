"""The bridge from protection (issue #12 part 7): a case manager refers a victim to Perkasa
with her consent; Perkasa receives only name, NIK, contact, kelurahan and birth date, marks
the registration a prioritised referral (seen by Perkasa officers only); the case page reads
back only the registration and enrolment status. Tested both ways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from payung.accounts.roles import Role
from payung.audit.models import AuditEvent
from payung.cases import services as case_services
from payung.cases.choices import PartyRole
from payung.cases.models import EmpowermentReferral
from payung.perkasa import choices, policies, programmes, services
from payung.perkasa.bridge import PERKASA_UNIT
from payung.perkasa.models import Registrant
from tests.cases.casework import (
    CHRONOLOGY,
    NIK_WOMAN,
    PERPETRATOR,
    add_perpetrator,
    open_case,
)
from tests.factories import CITY, GENTONG, UserFactory, region
from tests.perkasa.helpers import register, verification

pytestmark = pytest.mark.django_db

VICTIM = "Kenanga Rujukanwati"
BIRTH = dt.date(1990, 1, 1)  # NIK_WOMAN: 1 January 1990, female


def _case_with_victim(personas: Any) -> tuple[Any, Any]:
    """A case whose (second) victim has a NIK, phone, kelurahan and birth date, and a
    perpetrator, so that leaks of case content can be looked for."""
    case = open_case(personas)
    victim = case_services.party_add(
        actor=personas.case_manager,
        case=case,
        role=PartyRole.VICTIM,
        person=case_services.PersonInput(
            name=VICTIM,
            nik=NIK_WOMAN,
            sex="p",
            birth_date=BIRTH,
            phone="081298765432",
            kelurahan=region(GENTONG),
        ),
    ).party
    add_perpetrator(case, personas.case_manager)
    return case, victim


def _consent(personas: Any, case: Any, victim: Any, unit: str = PERKASA_UNIT) -> Any:
    return case_services.consent_record(
        actor=personas.case_manager,
        case=case,
        subject=victim,
        given_by=victim,
        purpose="berbagi",
        method="tertulis",
        given_on=timezone.localdate(),
        organisation=unit,
    )


def _refer(personas: Any, case: Any, victim: Any) -> EmpowermentReferral:
    return case_services.empowerment_refer(actor=personas.case_manager, case=case, subject=victim)


# --- consent -----------------------------------------------------------------------------------


def test_a_referral_without_her_consent_is_refused_and_nothing_reaches_perkasa(personas) -> None:
    case, victim = _case_with_victim(personas)
    _consent(personas, case, victim, unit="RSUD dr. R. Soedarsono")  # another recipient
    with pytest.raises(ValidationError) as refused:
        _refer(personas, case, victim)
    assert refused.value.code == "no_consent"
    assert PERKASA_UNIT in " ".join(refused.value.messages)
    assert not Registrant.objects.exists()
    assert not EmpowermentReferral.objects.exists()


def test_a_supervisors_override_does_not_replace_her_consent(personas) -> None:
    case, victim = _case_with_victim(personas)
    case_services.consent_override_record(
        actor=personas.supervisor,
        case=case,
        subject=victim,
        organisation=PERKASA_UNIT,
        reason="Alasan pengecualian yang panjang",
    )
    with pytest.raises(ValidationError):
        _refer(personas, case, victim)
    assert not Registrant.objects.exists()


def test_with_consent_perkasa_receives_only_identity_and_marks_a_prioritised_referral(
    personas,
) -> None:
    case, victim = _case_with_victim(personas)
    consent = _consent(personas, case, victim)
    referral = _refer(personas, case, victim)

    registrant = Registrant.objects.get()
    assert referral.reference == registrant.pk and referral.consent == consent
    assert not referral.linked_existing
    assert registrant.name == VICTIM and registrant.nik == NIK_WOMAN
    assert registrant.phone == "081298765432" and registrant.kelurahan.code == GENTONG
    assert registrant.birth_date == BIRTH.isoformat()
    assert registrant.prioritised and registrant.source == choices.Source.CASE_REFERRAL
    assert registrant.status == choices.Status.PRE_REGISTERED
    # Nothing of the case: not its number, the chronology, the perpetrator, the address.
    stored = " ".join(
        str(getattr(registrant, f.attname))
        for f in Registrant._meta.concrete_fields
        if getattr(registrant, f.attname) is not None
    )
    for secret in (case.number, CHRONOLOGY, PERPETRATOR, "Jl. Contoh Rahasia"):
        assert secret not in stored, secret
    # No column of a registration can point at casework.
    assert all(
        f.related_model is None or f.related_model._meta.app_label != "cases"
        for f in Registrant._meta.concrete_fields
    )
    # Audited on both sides, by the case manager; Perkasa's event names no case.
    refer_event = AuditEvent.objects.get(action="case.empowerment_refer")
    assert refer_event.actor_id == personas.case_manager.pk
    register_event = AuditEvent.objects.get(action="perkasa.register")
    assert register_event.actor_id == personas.case_manager.pk
    assert case.number not in f"{register_event.target_label} {register_event.note}"


def test_a_nik_already_registered_is_linked_not_duplicated(personas) -> None:
    existing = register(personas.perkasa, nik=NIK_WOMAN, name="Kenanga R.", birth_date=BIRTH)
    assert not existing.prioritised
    case, victim = _case_with_victim(personas)
    _consent(personas, case, victim)
    referral = _refer(personas, case, victim)
    assert Registrant.objects.count() == 1
    existing.refresh_from_db()
    assert referral.reference == existing.pk and referral.linked_existing
    assert existing.prioritised and existing.source == choices.Source.OFFICER
    assert AuditEvent.objects.filter(action="perkasa.referral_link").count() == 1


def test_a_second_live_referral_of_the_same_victim_is_refused(personas) -> None:
    case, victim = _case_with_victim(personas)
    _consent(personas, case, victim)
    _refer(personas, case, victim)
    with pytest.raises(ValidationError, match="sudah dirujuk"):
        _refer(personas, case, victim)
    assert EmpowermentReferral.objects.count() == 1


def test_a_victim_without_nik_cannot_be_referred(personas) -> None:
    case = open_case(personas)
    victim = case.parties.select_related("person").get(role=PartyRole.VICTIM)
    _consent(personas, case, victim)
    with pytest.raises(ValidationError) as refused:
        _refer(personas, case, victim)
    assert refused.value.code == "incomplete"
    assert not Registrant.objects.exists()


def test_withdrawing_consent_stops_the_status_and_drops_the_marker(personas) -> None:
    """Decision (docs/perkasa.md): the registration stays hers, but the case no longer reads
    its status and Perkasa no longer marks it a prioritised referral."""
    case, victim = _case_with_victim(personas)
    consent = _consent(personas, case, victim)
    referral = _refer(personas, case, victim)
    case_services.consent_withdraw(
        actor=personas.case_manager, case=case, consent=consent, note="Korban mencabut"
    )
    referral.refresh_from_db()
    registrant = Registrant.objects.get()
    assert referral.stopped_at is not None
    assert not registrant.prioritised and registrant.status == choices.Status.PRE_REGISTERED
    assert AuditEvent.objects.filter(action="case.empowerment_stop").count() == 1
    assert AuditEvent.objects.filter(action="perkasa.referral_unmark").count() == 1
    client = _client(personas.case_manager)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Persetujuan berbagi dicabut" in page
    assert "Terdaftar — " not in page


# --- the case page ----------------------------------------------------------------------------


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_case_page_asks_for_consent_then_refers_and_shows_only_the_status(personas) -> None:
    case, victim = _case_with_victim(personas)
    client = _client(personas.case_manager)
    url = reverse("cases:case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'id="pemberdayaan"' in page
    assert "Belum ada persetujuan berbagi data dengan Unit Perkasa DP3AKB" in page
    assert 'href="#persetujuan"' in page

    # Posting anyway is refused, with the message saying what to record.
    refer_url = reverse("cases:empowerment_refer", args=[case.pk])
    response = client.post(refer_url, {"subject": victim.pk}, follow=True)
    assert "Belum ada persetujuan korban untuk berbagi data" in response.content.decode()
    assert not Registrant.objects.exists()

    _consent(personas, case, victim)
    response = client.post(refer_url, {"subject": victim.pk})
    assert response.status_code == 302 and response["Location"].endswith("#pemberdayaan")
    page = client.get(url).content.decode()
    assert "Terdaftar — pra-daftar" in page

    # Enrolled in a programme: the case manager sees that, and nothing else of Perkasa.
    registrant = Registrant.objects.get()
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=True)
    registrant.refresh_from_db()
    programme = programmes.programme_create(
        actor=personas.perkasa,
        name="Pelatihan Menjahit Contoh",
        agency="Disnaker",
        kind=choices.ProgrammeKind.TRAINING,
        eligibility={},
    )
    cycle = programmes.cycle_open(
        actor=personas.perkasa, programme=programme, label="2026", quota=5, budget=1_000_000
    )
    programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    page = client.get(url).content.decode()
    assert "Terdaftar — peserta — peserta Pelatihan Menjahit Contoh" in page
    assert registrant.current_score is not None
    assert (
        registrant.current_score.get_category_display()
        not in page.split('id="pemberdayaan"')[1].split("</div>")[0]
    )


def test_the_refer_action_is_post_only_and_hidden_from_outsiders(personas) -> None:
    case, victim = _case_with_victim(personas)
    _consent(personas, case, victim)
    url = reverse("cases:empowerment_refer", args=[case.pk])
    assert _client(personas.case_manager).get(url).status_code == 405
    for outsider in (personas.perkasa, personas.ppt_bugullor, personas.analyst):
        assert _client(outsider).post(url, {"subject": victim.pk}).status_code == 404
    assert not Registrant.objects.exists()


# --- Perkasa never reaches case content -----------------------------------------------------


def test_perkasa_officers_get_404_on_every_case_url(personas) -> None:
    from django.urls import get_resolver

    case, victim = _case_with_victim(personas)
    _consent(personas, case, victim)
    _refer(personas, case, victim)
    client = _client(personas.perkasa)
    ids = {
        "pk": case.pk,
        "party_pk": victim.pk,
        "incident_pk": 1,
        "item_pk": 1,
        "consent_pk": 1,
        "deadline_pk": 1,
        "document_pk": 1,
        "user_pk": personas.case_manager.pk,
        "attachment_pk": 1,
    }
    resolver = get_resolver("payung.cases.urls")
    checked = 0
    for name in resolver.reverse_dict:
        if not isinstance(name, str):
            continue
        params = resolver.reverse_dict.getlist(name)[0][0][0][1]
        if "pk" not in params:
            continue
        url = reverse(f"cases:{name}", kwargs={p: ids[p] for p in params})
        # Rules, closure decisions and the triage unlock are refused by capability before any
        # record is fetched (403 names no record); every other route answers 404.
        by_capability = (
            "rule" in name
            or name == "closure_decide"
            or (name.startswith("report_") and name not in {"report_detail", "report_attachment"})
        )
        allowed = (403, 404, 405) if by_capability else (404, 405)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in allowed, (name, method, status)
        checked += 1
    assert checked >= 20
    number_url = reverse("cases:case_by_number", args=[case.number])
    assert (
        client.get(reverse("cases:report_detail", args=[case.reports.get().pk])).status_code == 404
    )
    assert client.get(number_url).status_code == 404


def test_perkasa_pages_hold_no_case_content(personas) -> None:
    case, victim = _case_with_victim(personas)
    _consent(personas, case, victim)
    _refer(personas, case, victim)
    registrant = Registrant.objects.get()
    client = _client(personas.perkasa)
    pages = [
        client.get(reverse("perkasa:registrant_list")).content.decode(),
        client.get(reverse("perkasa:registrant_list"), {"q": NIK_WOMAN}).content.decode(),
        client.get(reverse("perkasa:registrant", args=[registrant.pk])).content.decode(),
        client.get(reverse("accounts:home")).content.decode(),
    ]
    assert VICTIM in pages[2] and "Rujukan prioritas" in pages[2]
    for html in pages:
        for secret in (
            case.number,
            CHRONOLOGY,
            PERPETRATOR,
            "Jl. Contoh Rahasia",
            "Kekerasan fisik",
        ):
            assert secret not in html, secret
        assert reverse("cases:case_detail", args=[case.pk]) not in html


# --- the marker is Perkasa officers' only -----------------------------------------------------


def test_only_perkasa_officers_may_see_the_referral_marker(personas) -> None:
    assert policies.can_see_referral_marker(personas.perkasa)
    for role in Role.values:
        if role == Role.PERKASA_OFFICER:
            continue
        user = UserFactory(username=f"u_{role}", role=role, region=region(CITY))
        assert not policies.can_see_referral_marker(user), role


def test_a_ppt_officer_sees_her_registration_without_the_referral_marker(personas) -> None:
    case, victim = _case_with_victim(personas)
    _consent(personas, case, victim)
    _refer(personas, case, victim)
    registrant = Registrant.objects.get()
    client = _client(personas.ppt_gentong)
    detail = client.get(reverse("perkasa:registrant", args=[registrant.pk])).content.decode()
    listing = client.get(reverse("perkasa:registrant_list")).content.decode()
    assert VICTIM in detail and VICTIM in listing
    for html in (detail, listing):
        assert "ujukan prioritas" not in html
        assert "layanan perlindungan" not in html


def test_perkasa_refuses_a_referral_from_someone_outside_casework(personas) -> None:
    for actor in (personas.perkasa, personas.analyst, personas.provider, None):
        with pytest.raises(PermissionDenied):
            services.registrant_refer(
                actor=actor,
                name=VICTIM,
                nik=NIK_WOMAN,
                phone="",
                kelurahan=region(GENTONG),
                birth_date=None,
            )
    assert not Registrant.objects.exists()
