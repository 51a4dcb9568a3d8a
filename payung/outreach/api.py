"""``/api/v1/outreach/``: activities, the annual plan (coverage and targets), the leader
network and Forum Anak. Reads only; writes go through the pages (and the same services).

- ``activities/``: ``outreach.manage`` within the caller's region scope; counts, never names;
  disclosures as a count.
- ``plans/``: the coverage board of a year (``outreach.manage`` or ``stats.read``).
- ``leaders/``: ``outreach.manage`` within scope; only leaders listed with consent, and their
  contact.
- ``forums/``: children's records — the outreach officer only (``policies.can_manage_forum``).
"""

# No ``from __future__ import annotations``: django-ninja reads these signatures at run time.

from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from payung.core.api_errors import ApiError, errors
from payung.core.pagination import BoundedLimitOffsetPagination
from payung.outreach import policies, selectors
from payung.outreach.choices import ActivityStatus
from payung.outreach.models import Activity, Forum, Leader

router = Router(tags=["sosialisasi"])

MAX_LIMIT = 200


def _require(request: HttpRequest, allowed: bool) -> Any:
    if not allowed:
        raise ApiError(403)
    return request.auth  # type: ignore[attr-defined]


class ActivityOut(Schema):
    id: int
    title: str
    type: str = Field(..., description="activity type code (editable catalogue)")
    region_code: str
    region_name: str
    venue: str
    starts_at: datetime
    status: ActivityStatus
    topics: list[str]
    women: int | None
    men: int | None
    girls: int | None
    boys: int | None
    total: int | None
    disclosures: int = Field(..., description="reports made at the session (count only)")


def _activity_out(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "type": a.type.code,
        "region_code": a.region_code,
        "region_name": a.region.name,
        "venue": a.venue,
        "starts_at": a.starts_at,
        "status": a.status,
        "topics": [t.code for t in a.topics.all()],
        "women": a.women,
        "men": a.men,
        "girls": a.girls,
        "boys": a.boys,
        "total": a.total,
        "disclosures": a.disclosure_count,  # type: ignore[attr-defined]
    }


def _activities(user: Any) -> QuerySet[Activity]:
    return (
        policies.visible_activities(user)
        .select_related("type", "region")
        .prefetch_related("topics")
        .annotate(disclosure_count=Count("disclosures"))
        .order_by("-starts_at", "-pk")
    )


@router.get(
    "/activities/",
    response={200: list[ActivityOut], **errors(403, 422)},
    summary="Kegiatan sosialisasi",
)
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def activity_list(request: HttpRequest, status: ActivityStatus | None = None) -> list[Any]:
    user = _require(request, policies.can_manage(request.auth))  # type: ignore[attr-defined]
    qs = _activities(user)
    if status:
        qs = qs.filter(status=status)
    return [_activity_out(a) for a in qs[:10_000]]


@router.get(
    "/activities/{pk}",
    response={200: ActivityOut, **errors(403, 404)},
    summary="Satu kegiatan sosialisasi",
)
def activity_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _require(request, policies.can_manage(request.auth))  # type: ignore[attr-defined]
    activity = _activities(user).filter(pk=pk).first()
    if activity is None:
        raise ApiError(404)
    return _activity_out(activity)


class PlanRowOut(Schema):
    region_code: str
    region_name: str
    quarters: list[int] = Field(..., description="sessions held per quarter, Q1..Q4")
    religious_sessions: int
    attendance: int
    min_sessions: int
    min_religious: int
    target_met: bool


class PlanFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    "/plans/",
    response={200: list[PlanRowOut], **errors(403, 422)},
    summary="Rencana tahunan dan cakupan per kelurahan",
)
def plan_list(request: HttpRequest, filters: Query[PlanFilter]) -> list[dict[str, Any]]:
    user = _require(request, policies.can_view_coverage(request.auth))  # type: ignore[attr-defined]
    board = selectors.coverage_board(user, filters.year or timezone.localdate().year)
    return [
        {
            "region_code": r.region.code,
            "region_name": r.region.name,
            "quarters": r.quarters,
            "religious_sessions": r.religious,
            "attendance": r.attendance,
            "min_sessions": r.min_sessions,
            "min_religious": r.min_religious,
            "target_met": r.target_met,
        }
        for r in board.rows
    ]


class LeaderOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    phone: str
    consent_on: date | None


@router.get(
    "/leaders/",
    response={200: list[LeaderOut], **errors(403, 422)},
    summary="Jejaring tokoh (yang setuju dicantumkan)",
)
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def leader_list(request: HttpRequest) -> QuerySet[Leader]:
    user = _require(request, policies.can_manage(request.auth))  # type: ignore[attr-defined]
    return (
        policies.visible_leaders(user)
        .filter(consent_listed=True, withdrawn_on__isnull=True)
        .order_by("name", "pk")
    )


class MemberOut(Schema):
    id: int
    nickname: str
    birth_year: int
    sex: str
    region_code: str
    school_level: str
    alumni: bool


class VoiceOut(Schema):
    id: int
    title: str
    agency: str
    submitted_on: date
    status: str
    response: str


class ForumOut(Schema):
    id: int
    name: str
    region_code: str
    members: list[MemberOut]
    voices: list[VoiceOut]


@router.get(
    "/forums/",
    response={200: list[ForumOut], **errors(403)},
    summary="Forum Anak (hanya petugas sosialisasi)",
)
def forum_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _require(request, policies.can_manage_forum(request.auth))  # type: ignore[attr-defined]
    today = timezone.localdate()
    forums: QuerySet[Forum] = policies.visible_forums(user).prefetch_related("members", "voices")
    return [
        {
            "id": f.pk,
            "name": f.name,
            "region_code": f.region_code,
            "members": [
                {
                    "id": m.pk,
                    "nickname": m.nickname,
                    "birth_year": m.birth_year,
                    "sex": m.sex,
                    "region_code": m.region_code,
                    "school_level": m.school_level,
                    "alumni": m.is_alumni(today),
                }
                for m in f.members.all()
            ],
            "voices": [
                {
                    "id": v.pk,
                    "title": v.title,
                    "agency": v.agency,
                    "submitted_on": v.submitted_on,
                    "status": v.status,
                    "response": v.response,
                }
                for v in f.voices.all()
            ],
        }
        for f in forums[:200]
    ]
