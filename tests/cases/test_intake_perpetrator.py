"""The staff intake form asks what the officer knows of the perpetrator and whether it is
KDRT; it is kept on the report (the name encrypted) and carried into the case that triage
opens (issue #17, item 21)."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from payung.cases import services
from payung.cases.choices import PartyRole
from payung.cases.models import Report
from payung.cases.services.reports import _LATER_FIELDS
from tests.cases.helpers import make_report, public_form_data, report_input

pytestmark = pytest.mark.django_db

PERPETRATOR = "Slamet Contohpelaku"


def _staff_form(**overrides):
    data = public_form_data(
        channel="datang_langsung", source_reference="", received_at="", risk_level=""
    )
    data.pop("website")
    data.update(overrides)
    return data


def test_the_form_has_the_perpetrator_and_kdrt(client, personas) -> None:
    client.force_login(personas.ppt_gentong)
    html = client.get(reverse("cases:report_create")).content.decode()
    for name in ("perpetrator_name", "perpetrator_sex", "perpetrator_relationship", "kdrt"):
        assert f'name="{name}"' in html
    assert 'value="suami_istri"' in html  # the relationship choices of the case record


def test_a_walk_in_keeps_the_perpetrator_with_the_name_encrypted(client, personas) -> None:
    client.force_login(personas.ppt_gentong)
    response = client.post(
        reverse("cases:report_create"),
        _staff_form(
            perpetrator_name=PERPETRATOR,
            perpetrator_sex="l",
            perpetrator_relationship="suami_istri",
            kdrt="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.latest("pk")
    assert (report.perpetrator_name, report.perpetrator_sex) == (PERPETRATOR, "l")
    assert report.perpetrator_relationship == "suami_istri" and report.kdrt is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT perpetrator_name FROM cases_report WHERE id = %s", [report.pk])
        (stored,) = cursor.fetchone()
    assert stored and PERPETRATOR not in stored
    detail = client.get(reverse("cases:report_detail", args=[report.pk])).content.decode()
    assert PERPETRATOR in detail and "Suami / istri" in detail


def test_all_of_it_is_optional(client, personas) -> None:
    client.force_login(personas.ppt_gentong)
    response = client.post(reverse("cases:report_create"), _staff_form())
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    assert (report.perpetrator_name, report.perpetrator_relationship, report.kdrt) == (
        "",
        "",
        False,
    )


def test_opening_a_case_carries_the_perpetrator_relationship_and_kdrt(personas) -> None:
    report = make_report(
        actor=personas.ppt_gentong,
        victim_name="Mawar Contohsari",
        perpetrator_name=PERPETRATOR,
        perpetrator_sex="l",
        perpetrator_relationship="suami_istri",
        kdrt=True,
    )
    case = services.report_open_case(
        actor=personas.case_manager, report=report, owner=personas.case_manager
    )
    perpetrator = case.parties.select_related("person").get(role=PartyRole.PERPETRATOR)
    assert perpetrator.person.name == PERPETRATOR and perpetrator.person.sex == "l"
    assert perpetrator.relationship == "suami_istri"
    incident = case.incidents.get()
    assert incident.kdrt is True and incident.relationship == "suami_istri"
    assert list(incident.perpetrators.all()) == [perpetrator]
    case.refresh_from_db()
    assert case.flag_kdrt is True


def test_a_relationship_alone_makes_an_unnamed_perpetrator(personas) -> None:
    report = make_report(actor=personas.ppt_gentong, perpetrator_relationship="guru")
    case = services.report_open_case(
        actor=personas.case_manager, report=report, owner=personas.case_manager
    )
    perpetrator = case.parties.select_related("person").get(role=PartyRole.PERPETRATOR)
    assert perpetrator.person.alias == "Pelaku (belum diketahui namanya)"
    assert perpetrator.relationship == "guru"


def test_a_report_that_knows_nothing_of_the_perpetrator_adds_none(personas) -> None:
    report = make_report(actor=personas.ppt_gentong)
    case = services.report_open_case(
        actor=personas.case_manager, report=report, owner=personas.case_manager
    )
    assert not case.parties.filter(role=PartyRole.PERPETRATOR).exists()
    assert case.incidents.get().relationship == "tidak_diketahui"


def test_an_unknown_choice_is_refused_by_the_service(personas) -> None:
    with pytest.raises(ValidationError):
        make_report(actor=personas.ppt_gentong, perpetrator_sex="x")


def test_a_report_without_the_new_fields_keeps_its_old_fingerprint() -> None:
    """A resubmission recorded before these fields existed still replays."""
    data = report_input()
    before = dataclasses.asdict(data)
    before["kelurahan"] = data.kelurahan.code
    for name in ("received_at", "extra", *_LATER_FIELDS):
        before.pop(name)
    raw = json.dumps(before, sort_keys=True, default=str, ensure_ascii=False)
    assert data.fingerprint() == hashlib.sha256(raw.encode()).hexdigest()
    assert report_input(kdrt=True).fingerprint() != data.fingerprint()
