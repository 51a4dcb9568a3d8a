"""The ten services: seeded with stable codes and their SIMFONI-PPA categories; the admin
edits their descriptions (and, where the mapping is a judgement call, the categories)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from payung.audit.models import AuditEvent
from payung.partners import services
from payung.partners.choices import ServiceCode
from payung.partners.models import Service
from tests.accounts.conftest import signed_in

pytestmark = pytest.mark.django_db

LIST = "/layanan/kelola/layanan/"

EXPECTED = {
    "pengaduan": ("pengaduan", []),
    "medis": ("kesehatan", []),
    "medikolegal": ("kesehatan", []),
    "psikososial": ("rehabilitasi_sosial", []),
    "hukum": ("bantuan_hukum", ["penegakan_hukum"]),
    "rohani": ("pendampingan_tokoh_agama", []),
    "reintegrasi": ("reintegrasi_sosial", ["pemulangan"]),
    "kunjungan_rumah": ("rehabilitasi_sosial", ["pengaduan"]),
    "rumah_aman": ("rehabilitasi_sosial", []),
    "visum": ("kesehatan", []),
}


def edit_url(service: Service) -> str:
    return f"/layanan/kelola/layanan/{service.pk}/ubah/"


def test_the_ten_services_are_seeded_in_the_seeds_order_with_their_categories() -> None:
    rows = list(Service.objects.order_by("position"))
    assert [s.code for s in rows] == list(EXPECTED)
    assert {s.code: (s.simfoni_category, s.simfoni_alternatives) for s in rows} == EXPECTED
    assert all(s.description for s in rows)
    assert set(ServiceCode.values) == set(EXPECTED)


def test_a_service_knows_every_category_a_delivery_may_be_recorded_under() -> None:
    reintegration = Service.objects.get(code="reintegrasi")
    assert reintegration.simfoni_categories == ["reintegrasi_sosial", "pemulangan"]
    assert reintegration.name == "Pemulangan / reintegrasi"


def test_admin_edits_a_description_and_it_is_audited(personas) -> None:
    visum = Service.objects.get(code="visum")
    response = signed_in(personas.sysadmin).post(
        edit_url(visum),
        {"description": "Visum tanpa biaya di RSUD.", "simfoni_category": "kesehatan"},
    )
    assert response["Location"] == LIST
    visum.refresh_from_db()
    assert visum.description == "Visum tanpa biaya di RSUD."
    assert AuditEvent.objects.filter(action="service.update", target_id=str(visum.pk)).exists()


def test_admin_may_remap_a_service_to_another_simfoni_category(personas) -> None:
    home_visit = Service.objects.get(code="kunjungan_rumah")
    signed_in(personas.sysadmin).post(
        edit_url(home_visit),
        {
            "description": home_visit.description,
            "simfoni_category": "pengaduan",
            "simfoni_alternatives": ["rehabilitasi_sosial"],
        },
    )
    home_visit.refresh_from_db()
    assert home_visit.simfoni_categories == ["pengaduan", "rehabilitasi_sosial"]


def test_the_main_category_is_not_repeated_as_an_alternative(personas) -> None:
    medis = Service.objects.get(code="medis")
    with pytest.raises(ValidationError, match="Kategori utama"):
        services.service_update(
            actor=personas.sysadmin, service=medis, simfoni_alternatives=["kesehatan"]
        )
    with pytest.raises(ValidationError, match="daftar SIMFONI-PPA"):
        services.service_update(actor=personas.sysadmin, service=medis, simfoni_alternatives=["x"])


def test_only_the_admin_edits_services(personas) -> None:
    medis = Service.objects.get(code="medis")
    with pytest.raises(PermissionDenied):
        services.service_update(actor=personas.supervisor, service=medis, description="x")
    with pytest.raises(ValueError, match="code"):
        services.service_update(actor=personas.sysadmin, service=medis, code="lain")


def test_service_list_shows_every_service_and_its_categories(personas) -> None:
    body = signed_in(personas.sysadmin).get(LIST).content.decode()
    assert body.count('href="/layanan/kelola/layanan/') == 10
    assert "atau Pemulangan" in body


@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "provider", "dpo"])
def test_other_roles_are_refused_service_editing(personas, persona) -> None:
    client = signed_in(getattr(personas, persona))
    assert client.get(LIST).status_code == 403
    assert client.get(edit_url(Service.objects.get(code="medis"))).status_code == 403


def test_service_screens_anonymous_and_wrong_method(personas) -> None:
    service = Service.objects.get(code="medis")
    assert Client().get(LIST)["Location"].startswith("/akun/masuk/")
    assert Client().get(edit_url(service))["Location"].startswith("/akun/masuk/")
    admin = signed_in(personas.sysadmin)
    assert admin.post(LIST).status_code == 405
    assert admin.put(edit_url(service)).status_code == 405
    assert admin.get("/layanan/kelola/layanan/999999/ubah/").status_code == 404
