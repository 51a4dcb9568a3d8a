"""Possible duplicates: phone blind index, similar victim names, close dates — bounded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from payung.cases import selectors
from tests.cases.helpers import make_report
from tests.factories import BUGUL_LOR, region


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Siti Aminah", "bu siti aminah.", True),
        ("Siti Aminah", "Aminah Siti", True),
        ("Muhammad Rizky", "Muhamad Rizki", True),
        ("Siti Aminah", "Dewi Lestari", False),
        ("", "Dewi", False),
    ],
)
def test_names_are_compared_after_normalising(a: str, b: str, similar: bool) -> None:
    assert selectors.names_similar(a, b) is similar


@pytest.mark.django_db
def test_suggestions_name_their_reasons_and_stay_in_scope(personas) -> None:
    base = make_report(
        victim_name="Siti Aminah",
        incident_date=date(2026, 1, 10),
        reporter_phone="081211112222",
        contact_channel="sms",
    )
    same_phone_elsewhere = make_report(
        kelurahan=region(BUGUL_LOR), reporter_phone="0812-1111-2222", contact_channel="telepon"
    )
    similar_name = make_report(victim_name="Sity Aminah")
    close_date = make_report(incident_date=date(2026, 1, 12))
    unrelated = make_report(victim_name="Dewi", incident_date=date(2025, 6, 1))
    too_old = make_report(
        victim_name="Siti Aminah", received_at=timezone.now() - timedelta(days=45)
    )

    found = {
        s.report.pk: s.reasons for s in selectors.duplicate_suggestions(personas.case_manager, base)
    }
    assert found[same_phone_elsewhere.pk] == ["telepon pelapor sama"]
    assert found[similar_name.pk] == ["nama korban mirip"]
    assert found[close_date.pk] == ["tanggal kejadian berdekatan"]
    assert unrelated.pk not in found and too_old.pk not in found and base.pk not in found

    # A PPT officer of Gentong does not get Bugul Lor's report suggested.
    mine = {s.report.pk for s in selectors.duplicate_suggestions(personas.ppt_gentong, base)}
    assert same_phone_elsewhere.pk not in mine and similar_name.pk in mine
