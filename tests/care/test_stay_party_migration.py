"""Migration care 0006 links the stays admitted before ``Stay.party`` existed to their victim
party where that is unambiguous, and leaves the rest unlinked rather than guessing."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from payung.care.models import Stay
from tests.care.factories import make_case, make_stay, make_victim

pytestmark = pytest.mark.django_db

migration = importlib.import_module("payung.care.migrations.0006_link_stays_to_victim_parties")


def test_old_stays_are_linked_to_the_victim_their_alias_names(personas) -> None:
    shelter = personas.shelter.organisation.shelter
    manager = personas.case_manager
    two = make_case(manager)
    mawar = make_victim(two, name="Mawar Contohsari")
    kenanga = make_victim(two, name="Kenanga Contoh", alias="Bunga")
    one = make_case(manager)
    only = make_victim(one, name="Dahlia Contoh")
    namesakes = make_case(manager)
    make_victim(namesakes, name="Sari")
    make_victim(namesakes, name="Sari")
    none = make_case(manager)
    stays = {
        "by name": make_stay(shelter, two, alias="  mawar   CONTOHSARI ", party=mawar),
        "by alias": make_stay(shelter, two, alias="Bunga", party=mawar),
        "no match of two": make_stay(shelter, two, alias="Melati", party=mawar),
        "only victim": make_stay(shelter, one, alias="Teratai", party=only),
        "two namesakes": make_stay(shelter, namesakes, alias="Sari"),
    }
    # A case whose victim party was never recorded.
    stays["no victim"] = make_stay(shelter, none, alias="Anggrek")
    stays["no victim"].case.parties.filter(role="korban").update(role="saksi")
    Stay.objects.update(party=None)

    migration.link_stays(apps, None)

    linked = {key: Stay.objects.get(pk=stay.pk).party for key, stay in stays.items()}
    assert linked == {
        "by name": mawar,
        "by alias": kenanga,
        "no match of two": None,
        "only victim": only,
        "two namesakes": None,
        "no victim": None,
    }
