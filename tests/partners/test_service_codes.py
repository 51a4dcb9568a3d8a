"""One list of service codes and one SIMFONI-PPA mapping for casework and care."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from payung.cases import choices as case_choices
from payung.cases.models import PlanItem
from payung.cases.services import plan_item_add
from payung.partners import selectors
from payung.partners.choices import LEGACY_SERVICE_CODES, SIMFONI_DEFAULTS, ServiceCode
from payung.partners.models import Service
from tests.cases.casework import open_case
from tests.partners.test_catalogue import EXPECTED

pytestmark = pytest.mark.django_db


def test_cases_has_no_service_list_of_its_own() -> None:
    assert not hasattr(case_choices, "Service")
    assert not hasattr(case_choices, "SIMFONI_SERVICE")
    assert not hasattr(case_choices, "SimfoniService")
    assert dict(PlanItem._meta.get_field("service").choices) == dict(ServiceCode.choices)


def test_the_mapping_in_code_is_the_one_the_catalogue_was_seeded_with() -> None:
    assert {code: (cat, list(alt)) for code, (cat, alt) in SIMFONI_DEFAULTS.items()} == EXPECTED
    seeded = {s.code: (s.simfoni_category, s.simfoni_alternatives) for s in Service.objects.all()}
    assert seeded == EXPECTED


def test_the_catalogue_row_decides_the_category_at_run_time() -> None:
    assert selectors.simfoni_category_for("visum") == "kesehatan"
    Service.objects.filter(code="kunjungan_rumah").update(simfoni_category="pengaduan")
    assert selectors.simfoni_category_for("kunjungan_rumah") == "pengaduan"


def test_plan_items_take_the_shared_codes_and_refuse_the_old_spelling(personas) -> None:
    from django.core.exceptions import ValidationError

    case = open_case(personas)
    item = plan_item_add(actor=personas.case_manager, case=case, service="hukum")
    assert item.get_service_display() == "Bantuan hukum"
    with pytest.raises(ValidationError):
        plan_item_add(actor=personas.case_manager, case=case, service="bantuan_hukum")


def test_the_data_migration_converts_stored_plan_items_and_back(personas) -> None:
    migration = importlib.import_module("payung.cases.migrations.0005_unify_service_codes")
    case = open_case(personas)
    legal = plan_item_add(actor=personas.case_manager, case=case, service="hukum")
    religious = plan_item_add(actor=personas.case_manager, case=case, service="rohani")
    medical = plan_item_add(actor=personas.case_manager, case=case, service="medis")
    # As a database from before the change holds them.
    PlanItem.objects.filter(pk=legal.pk).update(service="bantuan_hukum")
    PlanItem.objects.filter(pk=religious.pk).update(service="tokoh_agama")

    migration.forward(django_apps, None)
    stored = dict(PlanItem.objects.values_list("pk", "service"))
    assert stored == {legal.pk: "hukum", religious.pk: "rohani", medical.pk: "medis"}
    assert {LEGACY_SERVICE_CODES[old] for old in migration.FORWARD} == {"hukum", "rohani"}

    migration.backward(django_apps, None)
    stored = dict(PlanItem.objects.values_list("pk", "service"))
    assert stored == {legal.pk: "bantuan_hukum", religious.pk: "tokoh_agama", medical.pk: "medis"}
