"""Fictional monitoring history on top of the Perkasa demo households: re-assessments over a
year, a few category overrides, an appeal pending and one overdue, and one graduate whose
6-month follow-up is due — so the monitoring pages and the start page show something."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from payung.core.actors import command_actor
from payung.perkasa import choices, monitoring
from payung.perkasa.models import (
    Appeal,
    Assessment,
    CategoryOverride,
    ParticipantBusiness,
    Registrant,
)


def _better(on: dt.date) -> monitoring.AssessmentInput:
    return monitoring.AssessmentInput(
        livelihood=choices.Livelihood.TRADER,
        income_band=choices.IncomeBand.UNDER_3M,
        has_business=True,
        housing={},
        assistance=[],
        dtsen_decile=7,
        assessed_on=on,
        note="Penilaian ulang (data demo).",
    )


def _same(registrant: Registrant, on: dt.date) -> monitoring.AssessmentInput:
    return monitoring.AssessmentInput(
        livelihood=registrant.livelihood,
        income_band=registrant.income_band,
        has_business=registrant.has_business,
        housing=dict(registrant.housing or {}),
        assistance=list(registrant.assistance or []),
        dtsen_decile=registrant.dtsen_decile,
        assessed_on=on,
        note="Penilaian ulang (data demo).",
    )


def load() -> dict[str, Any]:
    """Add the history once (nothing when any re-assessment exists); returns counts."""
    if Assessment.objects.exists() or Appeal.objects.exists():
        return {}
    actor = command_actor("load_demo")
    today = timezone.localdate()
    participants = list(
        Registrant.objects.filter(status=choices.Status.PARTICIPANT)
        .select_related("current_score")
        .order_by("pk")[:40]
    )
    eligible = list(
        Registrant.objects.filter(status=choices.Status.ELIGIBLE)
        .select_related("current_score")
        .order_by("pk")[:10]
    )
    if len(participants) < 4 or len(eligible) < 3:
        return {}
    # Home visits a year ago: half re-assessed six months later, the rest are now due.
    year_ago = timezone.now() - dt.timedelta(days=380)
    Registrant.objects.filter(pk__in=[r.pk for r in participants + eligible]).update(
        verified_at=year_ago
    )
    half_year = today - dt.timedelta(days=190)
    reassessed = 0
    for registrant in participants[: len(participants) // 2]:
        monitoring.reassessment_record(
            actor=actor, registrant=registrant, data=_same(registrant, half_year)
        )
        reassessed += 1
    # Three graduates: two good assessments and a shop running for over a year; graduated
    # seven months ago, so the 6-month follow-up is due.
    for graduate in participants[-3:]:
        # The business record the graduation criterion reads (demo fixture, written directly:
        # a demo participant need not be enrolled in a programme).
        ParticipantBusiness.objects.update_or_create(
            registrant=graduate,
            defaults={
                "kind": "Warung kelontong",
                "revenue_band": choices.RevenueBand.values[-1],
                "status": choices.BusinessStatus.RUNNING,
                "started_on": today - dt.timedelta(days=420),
            },
        )
        for on in (today - dt.timedelta(days=300), today - dt.timedelta(days=220)):
            monitoring.reassessment_record(actor=actor, registrant=graduate, data=_better(on))
            reassessed += 1
        monitoring.graduate(
            actor=actor,
            registrant=graduate,
            reason="Warung kelontong berjalan sejak awal program; buku kas dilihat (data demo).",
            graduated_on=today - dt.timedelta(days=200),
        )
    # Overrides: two approved, one pending.
    overrides = 0
    for registrant, category, approve in (
        (eligible[0], choices.Category.POOR, True),
        (eligible[1], choices.Category.VULNERABLE, True),
        (eligible[2], choices.Category.VERY_POOR, None),
    ):
        current = monitoring.effective_category(registrant).category
        if not current or current == category:
            continue
        override = monitoring.override_propose(
            actor=actor,
            registrant=registrant,
            category=category,
            reason="Kunjungan ulang: keadaan berbeda dari data skor (data demo).",
        )
        overrides += 1
        if approve:
            monitoring.override_decide(actor=actor, override=override, approve=True)
    # Appeals: one received a month ago (overdue), one two days ago (pending).
    appeals = 0
    for registrant, received in (
        (participants[0], today - dt.timedelta(days=30)),
        (participants[1], today - dt.timedelta(days=2)),
    ):
        monitoring.appeal_record(
            actor=actor,
            registrant=registrant,
            received_on=received,
            grounds="Ia merasa penghasilannya dicatat terlalu tinggi (data demo).",
        )
        appeals += 1
    return {
        "reassessments": reassessed,
        "overrides": overrides,
        "appeals": appeals,
        "graduates": 3,
        "pending_overrides": CategoryOverride.objects.filter(
            state=CategoryOverride.State.PROPOSED
        ).count(),
    }
