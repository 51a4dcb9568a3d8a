"""The partner registry: its own app over the tables care created, one list of service codes,
and care's safe house kept beside an organisation through ``partners.extensions``."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, migrations, transaction
from django.db.migrations.loader import MigrationLoader

from payung.accounts.models import User
from payung.audit.models import AuditEvent
from payung.audit.selectors import audit_events
from payung.audit.services import audit_event
from payung.care.extension import ShelterOfOrganisation
from payung.care.models import Referral, Shelter
from payung.core.actors import SystemActor
from payung.partners import extensions, services
from payung.partners.choices import SIMFONI_DEFAULTS, OrganisationKind, ServiceCode
from payung.partners.models import Organisation, Service
from tests.factories import CITY, region

pytestmark = pytest.mark.django_db

ADMIN = SystemActor("test")


def test_the_models_keep_the_tables_care_created() -> None:
    assert Service._meta.db_table == "care_service"
    assert Organisation._meta.db_table == "care_organisation"
    through = Organisation._meta.get_field("services").remote_field.through  # type: ignore[union-attr]
    assert through._meta.db_table == "care_organisation_services"
    # Every foreign key that pointed at care's models points at the partner registry's.
    assert User._meta.get_field("organisation").related_model is Organisation
    assert Referral._meta.get_field("organisation").related_model is Organisation
    assert Referral._meta.get_field("service").related_model is Service
    assert Shelter._meta.get_field("organisation").related_model is Organisation


@pytest.mark.parametrize(
    ("app", "migration"),
    [
        ("partners", "0001_initial"),
        ("accounts", "0005_user_organisation_in_partners"),
        ("care", "0008_catalogue_and_organisations_move_to_partners"),
    ],
)
def test_the_move_changes_django_state_only_and_no_table(app: str, migration: str) -> None:
    operations = MigrationLoader(None, ignore_no_migrations=True).get_migration(app, migration)
    assert operations.operations
    for operation in operations.operations:
        assert isinstance(operation, migrations.SeparateDatabaseAndState)
        assert operation.database_operations == []


def test_the_catalogue_holds_exactly_the_service_codes() -> None:
    assert sorted(Service.objects.values_list("code", flat=True)) == sorted(ServiceCode.values)
    assert set(SIMFONI_DEFAULTS) == set(ServiceCode.values)


def test_the_database_refuses_a_service_code_outside_the_enum() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.create(code="pijat", simfoni_category="kesehatan")
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.create(code="visum", simfoni_category="kesehatan")  # one row per code


def test_care_keeps_the_safe_house_beside_its_organisation() -> None:
    assert any(isinstance(ext, ShelterOfOrganisation) for ext in extensions.registered())


def test_registering_a_safe_house_creates_its_shelter_in_the_same_audited_change() -> None:
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            actor=ADMIN, kind=OrganisationKind.SHELTER, name="Rumah Aman Baru", region=region(CITY)
        )
    assert "capacity" in refused.value.message_dict
    assert not Organisation.objects.filter(name="Rumah Aman Baru").exists()

    organisation = services.organisation_create(
        actor=ADMIN,
        kind=OrganisationKind.SHELTER,
        name="Rumah Aman Baru",
        region=region(CITY),
        services=Service.objects.filter(code="rumah_aman"),
        capacity=4,
    )

    assert Shelter.objects.get(organisation=organisation).capacity == 4
    event = AuditEvent.objects.get(action="organisation.create", target_id=str(organisation.pk))
    assert event.target_type == "partners.organisation"
    assert event.changes["capacity"] == [None, 4]
    assert event.changes["services"] == [None, ["rumah_aman"]]


def test_a_capacity_change_on_the_organisation_form_reaches_the_shelter(personas) -> None:
    organisation = personas.shelter.organisation
    before = organisation.shelter.capacity

    services.organisation_update(
        actor=personas.sysadmin, organisation=organisation, capacity=before + 3
    )

    assert Shelter.objects.get(organisation=organisation).capacity == before + 3
    event = AuditEvent.objects.get(action="organisation.update", target_id=str(organisation.pk))
    assert event.changes == {"capacity": [before, before + 3]}


def test_an_other_organisation_gets_no_shelter() -> None:
    organisation = services.organisation_create(
        actor=ADMIN, kind=OrganisationKind.LEGAL_AID, name="LBH Baru", region=region(CITY)
    )
    services.organisation_update(actor=ADMIN, organisation=organisation, capacity=5)
    assert not Shelter.objects.filter(organisation=organisation).exists()


def test_the_dpo_filter_finds_organisation_events_from_before_the_move() -> None:
    with transaction.atomic():
        # As the trail recorded it while the model was care's.
        audit_event(
            actor=ADMIN,
            action="organisation.update",
            target=SimpleNamespace(_meta=SimpleNamespace(label_lower="care.organisation"), pk=7),  # type: ignore[arg-type]
            target_label="Lembaga Lama",
        )
    services.organisation_create(
        actor=ADMIN, kind=OrganisationKind.OTHER, name="Lembaga Baru", region=region(CITY)
    )

    found = audit_events(target_type="partners.organisation")

    assert sorted(found.values_list("target_type", "target_label")) == [
        ("care.organisation", "Lembaga Lama"),
        ("partners.organisation", "Lembaga Baru"),
    ]


def test_the_catalogue_migration_restores_a_missing_code_and_keeps_edited_rows() -> None:
    migration = importlib.import_module(
        "payung.partners.migrations.0002_every_service_code_has_a_row"
    )
    care_seed = importlib.import_module("payung.care.migrations.0002_seed_service_catalogue")
    assert migration.SERVICES == care_seed.SERVICES
    assert [row[0] for row in migration.SERVICES] == list(ServiceCode.values)
    Service.objects.filter(code="medis").update(description="Diubah oleh admin")
    # A code without its row (a database flushed by a transactional test, or a new code).
    Service.objects.filter(code="rohani").delete()

    migration.seed(django_apps, None)

    assert Service.objects.get(code="medis").description == "Diubah oleh admin"
    restored = Service.objects.get(code="rohani")
    assert (restored.simfoni_category, restored.position) == ("pendampingan_tokoh_agama", 6)
    assert Service.objects.count() == len(ServiceCode.values)
