"""Return and reintegration (in the city or outside it, handover, follow-up visits) and
accompaniment to the police, court or hospital."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from payung.care import services
from payung.care.models import Accompaniment, Reintegration, ServiceRecord
from payung.regions.models import Region
from tests.accounts.conftest import signed_in
from tests.care.builders import accompaniment, home_visit, reintegration
from tests.cases.casework import open_case, victim_of
from tests.factories import CITY, GENTONG

pytestmark = pytest.mark.django_db


def test_in_city_return_needs_a_kelurahan_of_the_city(personas) -> None:
    case = open_case(personas)
    common = {
        "actor": personas.case_manager,
        "case": case,
        "victim": victim_of(case),
        "planned_on": timezone.localdate(),
    }
    with pytest.raises(ValidationError) as refused:
        services.reintegration_plan(destination="dalam_kota", **common)
    assert "kelurahan" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.reintegration_plan(
            destination="dalam_kota", kelurahan=Region.objects.get(code=CITY), **common
        )
    item = services.reintegration_plan(
        destination="dalam_kota", kelurahan=Region.objects.get(code=GENTONG), **common
    )
    assert item.kelurahan.code == GENTONG and item.outside_place == ""


def test_outside_the_city_with_the_receiving_uptd(personas) -> None:
    case = open_case(personas)
    common = {
        "actor": personas.case_manager,
        "case": case,
        "victim": victim_of(case),
        "planned_on": timezone.localdate(),
    }
    with pytest.raises(ValidationError):
        services.reintegration_plan(destination="luar_kota", **common)
    item = services.reintegration_plan(
        destination="luar_kota",
        outside_place="Kabupaten Malang, Kec. Contoh",
        receiving_unit="UPTD PPA Kabupaten Malang",
        kelurahan=Region.objects.get(code=GENTONG),  # ignored: not in the city
        **common,
    )
    assert item.kelurahan is None and item.receiving_unit == "UPTD PPA Kabupaten Malang"


def test_handover_records_the_return_as_a_service_and_follow_up_visits_link_to_it(
    personas,
) -> None:
    item = reintegration(personas)
    services.reintegration_handover(
        actor=personas.case_manager,
        reintegration=item,
        handed_over_on=timezone.localdate(),
        receiving_party="Ibu kandung korban",
    )
    item.refresh_from_db()
    assert item.handed_over_on == timezone.localdate()
    record = ServiceRecord.objects.get(service__code="reintegrasi")
    assert record.simfoni_category == "pemulangan"
    with pytest.raises(ValidationError):
        services.reintegration_handover(
            actor=personas.case_manager,
            reintegration=item,
            handed_over_on=timezone.localdate(),
            receiving_party="lagi",
        )
    visit = home_visit(
        personas,
        case=item.case,
        reintegration=item,
        scheduled_at=timezone.now() + timedelta(days=14),
    )
    assert list(item.followup_visits.all()) == [visit]


def test_the_return_form_pages(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    url = f"/layanan/kasus/{case.pk}/pemulangan/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "victim": str(victim_of(case).pk),
            "destination": "luar_kota",
            "outside_place": "Kota Probolinggo",
            "receiving_unit": "UPTD PPA Kota Probolinggo",
            "planned_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    item = Reintegration.objects.get()
    response = client.post(
        f"/layanan/pemulangan/{item.pk}/",
        {"handed_over_on": timezone.localdate().isoformat(), "receiving_party": "Petugas UPTD"},
    )
    assert response.status_code == 302
    # The case page and its history (loaded on demand since issue #16).
    body = client.get(f"/kasus/{case.pk}/").content.decode()
    body += client.get(f"/kasus/{case.pk}/riwayat/").content.decode()
    assert "Korban diserahterimakan (pemulangan)" in body and "Kota Probolinggo" in body


def test_accompaniment_with_dates_and_outcome(personas) -> None:
    item = accompaniment(personas)
    assert item.destination == "kepolisian" and item.completed_on is None
    with pytest.raises(ValidationError):
        services.accompaniment_record_outcome(
            actor=personas.case_manager,
            accompaniment=item,
            completed_on=timezone.localdate(),
            outcome="",
        )
    client = signed_in(personas.case_manager)
    response = client.post(
        f"/layanan/pendampingan/{item.pk}/",
        {
            "completed_on": timezone.localdate().isoformat(),
            "outcome": "Laporan polisi dibuat; STPL diterima.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "Laporan polisi dibuat; STPL diterima."
    # The case page and its history (loaded on demand since issue #16).
    body = client.get(f"/kasus/{item.case_id}/").content.decode()
    body += client.get(f"/kasus/{item.case_id}/riwayat/").content.decode()
    assert "Pendampingan selesai: Kepolisian (Unit PPA)" in body
    assert (
        signed_in(personas.case_manager2).get(f"/layanan/pendampingan/{item.pk}/").status_code
        == 404
    )


def test_accompaniment_form_page(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = client.post(
        f"/layanan/kasus/{case.pk}/pendampingan/",
        {
            "victim": str(victim_of(case).pk),
            "destination": "pengadilan",
            "place": "Pengadilan Negeri Uji",
            "scheduled_on": timezone.localdate().isoformat(),
            "officer": str(personas.case_manager.pk),
        },
    )
    assert response.status_code == 302
    assert Accompaniment.objects.get().place == "Pengadilan Negeri Uji"
