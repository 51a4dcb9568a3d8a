"""Outreach test data, built through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from payung.core.actors import SystemActor
from payung.outreach import services
from payung.outreach.models import Activity, ActivityType, Leader, Quiz, Topic
from tests.factories import GENTONG, region

LOADER = SystemActor("tests")


def make_activity(
    *,
    actor: Any = LOADER,
    code: str = GENTONG,
    type_code: str = "pengajian",
    days: int = -1,
    topics: tuple[str, ...] = ("kdrt",),
    **kwargs: Any,
) -> Activity:
    return services.activity_plan(
        actor=actor,
        type=ActivityType.objects.get(code=type_code),
        title=kwargs.pop("title", "Pengajian ibu-ibu"),
        region=region(code),
        venue=kwargs.pop("venue", "Masjid Al-Uji"),
        starts_at=kwargs.pop("starts_at", timezone.now() + timedelta(days=days)),
        topics=Topic.objects.filter(code__in=topics),
        **kwargs,
    )


def held(activity: Activity) -> Activity:
    return services.activity_hold(actor=LOADER, activity=activity)


def attendance(women: int = 10, men: int = 5, girls: int = 2, boys: int = 3) -> services.Attendance:
    return services.Attendance(women, men, girls, boys, women + men + girls + boys)


def make_quiz(activity: Activity | None = None) -> Quiz:
    return services.quiz_open(actor=LOADER, activity=activity or make_activity())


def make_leader(code: str = GENTONG, *, listed: bool = True, name: str = "Ustadz Uji") -> Leader:
    return services.leader_save(
        actor=LOADER,
        leader=Leader(
            name=name,
            kind="tokoh_agama",
            kelurahan=region(code),
            phone="081234567890",
            consent_listed=listed,
        ),
    )
