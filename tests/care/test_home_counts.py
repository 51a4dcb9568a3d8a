"""The provider's and the shelter's start page say what needs doing: counts that match the
lists they link to, in a bounded number of queries (issue #15)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from payung.accounts.home import home_for
from payung.care import selectors, services
from payung.care.home import CareHome
from payung.care.models import Referral
from tests.accounts.conftest import signed_in
from tests.care.builders import send_referral
from tests.care.factories import make_case, make_stay
from tests.cases.casework import open_case

pytestmark = pytest.mark.django_db


def _counts(user: Any) -> dict[str, Any]:
    return {str(c.label): c for c in home_for(user)["counts"]}


def _listed(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_provider_counts_new_and_scheduled_referrals_like_the_inbox(personas) -> None:
    waiting = send_referral(personas)
    scheduled = send_referral(personas)
    services.referral_schedule(
        actor=personas.provider,
        referral=scheduled,
        scheduled_for=selectors.this_week()[1] - timedelta(minutes=1),
    )
    later = send_referral(personas)
    services.referral_schedule(
        actor=personas.provider,
        referral=later,
        scheduled_for=selectors.this_week()[1] + timedelta(days=1),
    )
    counts = _counts(personas.provider)
    new = counts["Rujukan baru menunggu jawaban"]
    week = counts["Layanan terjadwal minggu ini"]
    assert (new.value, week.value) == (1, 1)
    assert counts["Rujukan lewat batas jawaban"].value == 0

    client = signed_in(personas.provider)
    home = _listed(client, "/akun/")
    assert f'href="{new.url}"' in home.replace("&amp;", "&")
    new_list = _listed(client, new.url)
    week_list = _listed(client, week.url)
    assert f"/rujukan-masuk/{waiting.pk}/" in new_list
    assert f"/rujukan-masuk/{scheduled.pk}/" not in new_list
    assert f"/rujukan-masuk/{scheduled.pk}/" in week_list
    assert f"/rujukan-masuk/{later.pk}/" not in week_list  # next week
    assert f"/rujukan-masuk/{waiting.pk}/" not in week_list


def test_provider_overdue_answer_is_urgent(personas) -> None:
    referral = send_referral(personas)
    Referral.objects.filter(pk=referral.pk).update(due_at=timezone.now() - timedelta(hours=1))
    overdue = _counts(personas.provider)["Rujukan lewat batas jawaban"]
    assert overdue.value == 1 and overdue.urgent


def test_other_organisations_referrals_are_not_counted(personas) -> None:
    from tests.care.factories import make_organisation, make_user

    send_referral(personas)
    other = make_organisation("Puskesmas Contoh")
    colleague = make_user(username="puskesmas_staf", role="provider_staff", organisation=other)
    assert _counts(colleague)["Rujukan baru menunggu jawaban"].value == 0


def test_shelter_counts_occupancy_departures_and_expected_arrivals(personas) -> None:
    shelter = personas.shelter.organisation.shelter
    today = timezone.localdate()
    leaving = make_stay(
        shelter, make_case(personas.case_manager), alias="Melati", planned_end=today
    )
    staying = make_stay(
        shelter,
        make_case(personas.case_manager),
        alias="Kenanga",
        planned_end=today + timedelta(days=30),
    )
    expected = send_referral(
        personas, organisation=personas.shelter.organisation, service="rumah_aman"
    )
    send_referral(personas, service="visum")  # to the hospital: not an arrival
    counts = _counts(personas.shelter)
    occupancy = counts["Penghuni saat ini, dari kapasitas 2"]
    assert occupancy.value == 2 and occupancy.urgent  # full
    departures = counts["Rencana keluar dalam 7 hari"]
    arrivals = counts["Kedatangan yang diharapkan (rujukan rumah aman)"]
    assert (departures.value, arrivals.value) == (1, 1)

    client = signed_in(personas.shelter)
    page = _listed(client, departures.url.split("#")[0])
    assert leaving.alias in page and staying.alias not in page
    full = _listed(client, occupancy.url.split("#")[0])
    assert leaving.alias in full and staying.alias in full
    assert 'id="kedatangan"' in full and expected.case.number in full


def test_expected_arrivals_are_only_for_the_shelters_own_staff(personas) -> None:
    send_referral(personas, organisation=personas.shelter.organisation, service="rumah_aman")
    shelter = personas.shelter.organisation.shelter
    assert list(selectors.expected_arrivals(actor=personas.case_manager, shelter=shelter)) == []
    page = _listed(signed_in(personas.supervisor), f"/layanan/rumah-aman/{shelter.pk}/")
    assert 'id="kedatangan"' not in page


@pytest.mark.parametrize("role_attr", ["provider", "shelter"])
def test_care_counts_take_at_most_two_queries(personas, role_attr: str) -> None:
    for _ in range(2):
        send_referral(personas)
        send_referral(personas, organisation=personas.shelter.organisation, service="rumah_aman")
    make_stay(personas.shelter.organisation.shelter, open_case(personas))
    user = getattr(personas, role_attr)
    user.refresh_from_db()  # nothing cached: the organisation is read again
    with CaptureQueriesContext(connection) as ctx:
        counts = CareHome().counts(user)
    assert counts and len(ctx.captured_queries) <= 2, [q["sql"] for q in ctx.captured_queries]


def test_roles_without_an_inbox_or_shelter_get_no_care_counts(personas) -> None:
    send_referral(personas)
    for user in (personas.case_manager, personas.analyst, personas.dpo, personas.sysadmin):
        assert CareHome().counts(user) == []
