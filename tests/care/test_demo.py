"""Demo partner organisations from ``manage.py load_demo``: fictional, marked "(demo)", and
the demo provider and shelter accounts belong to them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.care.demo import DEMO_ORGANISATIONS, load_demo_care
from payung.care.models import Shelter
from payung.partners.models import Organisation
from tests.care.factories import make_user

pytestmark = pytest.mark.django_db


def test_load_demo_creates_partners_and_links_the_demo_staff() -> None:
    call_command("load_demo", stdout=io.StringIO())

    names = set(Organisation.objects.values_list("name", flat=True))
    assert {demo.name for demo in DEMO_ORGANISATIONS} <= names
    assert all("(demo" in demo.name for demo in DEMO_ORGANISATIONS)
    rsud = User.objects.select_related("organisation").get(username="rsud")
    assert rsud.organisation is not None
    assert rsud.organisation.name == "RSUD dr. R. Soedarsono (demo)"
    rumahaman = User.objects.select_related("organisation").get(username="rumahaman")
    assert rumahaman.organisation is not None
    assert rumahaman.organisation.name == "Rumah Aman Melati (demo, alamat rahasia)"
    shelter = Shelter.objects.get(organisation=rumahaman.organisation)
    assert shelter.capacity == 6 and "tidak nyata" in shelter.address
    # Every demo account passes the model's rules (provider/shelter staff have an organisation).
    for user in User.objects.filter(username__in=["rsud", "rumahaman", "manajer"]):
        user.full_clean()


def test_load_demo_twice_adds_nothing() -> None:
    call_command("load_demo", stdout=io.StringIO())
    count = Organisation.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert Organisation.objects.count() == count
    assert "Demo partner organisations: 0 created" in out.getvalue()


def test_demo_staff_from_before_organisations_existed_are_linked() -> None:
    old = make_user(username="rsud", role=Role.PROVIDER_STAFF)  # made without one
    load_demo_care()
    old.refresh_from_db()
    assert old.organisation is not None
    assert old.organisation.name == "RSUD dr. R. Soedarsono (demo)"


def test_load_demo_adds_a_demo_referral_once() -> None:
    from payung.care.models import HomeVisit, Referral, Task, VisumLetter

    call_command("load_demo", stdout=io.StringIO())
    referral = Referral.objects.select_related("organisation").get()
    assert referral.organisation.name == "RSUD dr. R. Soedarsono (demo)"
    assert referral.status == "dijadwalkan" and referral.service.code == "visum"
    assert VisumLetter.objects.count() == 1 and HomeVisit.objects.count() == 1
    assert Task.objects.filter(plan_item__isnull=True).count() == 1
    call_command("load_demo", stdout=io.StringIO())
    assert Referral.objects.count() == 1 and VisumLetter.objects.count() == 1
