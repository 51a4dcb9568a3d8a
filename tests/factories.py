"""factory_boy factories. Reference regions come from the data migration, so factories look
them up by code instead of inventing regions."""

from __future__ import annotations

import factory

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.regions.models import Region

CITY = "35.75"
GENTONG = "35.75.01.1002"
BUGUL_LOR = "35.75.04.1010"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"petugas{n}")
    first_name = "Uji"
    last_name = factory.Sequence(lambda n: f"Coba{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.payung.invalid")
    role = Role.CASE_MANAGER
    region = factory.LazyFunction(lambda: region(CITY))
    password = factory.django.Password("kata-sandi-uji-123")
