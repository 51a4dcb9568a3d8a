"""Reads of the care app, with joins and counts decided once, here. The directory and the
service catalogue are ``payung.partners.selectors``.

Lists run a constant number of queries whatever their length: organisations prefetch their
services, shelters carry their occupancy as an annotation. The confidential shelter address is
deferred in every shelter list, so it is not even decrypted for a reader who may not see it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Count, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models import Case as SqlCase
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.care import policies
from payung.care.choices import (
    OPEN_REFERRAL_STATUSES,
    HomeVisitStatus,
    ReferralStatus,
    TaskStatus,
    Urgency,
)
from payung.care.models import (
    Accompaniment,
    ClosureServiceNote,
    HomeVisit,
    Referral,
    ReferralEvent,
    ReferralReport,
    Reintegration,
    ServiceRecord,
    Shelter,
    Stay,
    Task,
    VisumLetter,
)
from payung.cases import selectors as case_selectors
from payung.cases.choices import PartyRole, PlanItemStatus
from payung.cases.models import Case, CaseParty, ClosureRequest, PlanItem
from payung.core.counting import SubqueryCount
from payung.partners import policies as partner_policies
from payung.partners.choices import ServiceCode
from payung.partners.models import Organisation, Service
from payung.partners.selectors import directory, service_list, with_details

if TYPE_CHECKING:
    pass


def organisations_for_admin(
    *, actor: Any, kind: str = "", search: str = ""
) -> QuerySet[Organisation]:
    organisations = partner_policies.organisations_for_admin(actor)
    if kind:
        organisations = organisations.filter(kind=kind)
    if search:
        organisations = organisations.filter(name__icontains=search)
    return with_details(organisations).select_related("shelter").order_by("name", "pk")


@dataclass(frozen=True)
class Occupancy:
    current: int
    capacity: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.current, 0)

    @property
    def is_full(self) -> bool:
        return self.current >= self.capacity

    @property
    def meter_low(self) -> int:
        """Up to half full reads as fine in the ``<meter>`` (green)."""
        return self.capacity // 2

    @property
    def meter_high(self) -> int:
        """Only the last bed taken reads as full (red); in between, amber."""
        return max(self.capacity - 1, 0)

    @property
    def percent(self) -> int:
        if self.capacity <= 0:
            return 100
        return min(round(100 * self.current / self.capacity), 100)


def _with_occupancy(shelters: QuerySet[Shelter]) -> QuerySet[Shelter]:
    return (
        shelters.select_related("organisation__region")
        .defer("address")
        .annotate(occupied=Count("stays", filter=Q(stays__discharged_at__isnull=True)))
    )


def occupancy_of(shelter: Shelter) -> Occupancy:
    """From the ``occupied`` annotation when present, else counted."""
    occupied = getattr(shelter, "occupied", None)
    if occupied is None:
        occupied = Stay.objects.filter(shelter=shelter, discharged_at__isnull=True).count()
    return Occupancy(current=int(occupied), capacity=shelter.capacity)


def shelters_with_occupancy(*, actor: Any) -> QuerySet[Shelter]:
    return _with_occupancy(policies.shelters_visible_to(actor)).order_by("organisation__name", "pk")


def shelter_with_occupancy(*, actor: Any, pk: int) -> Shelter:
    """One shelter (404 outside the actor's reach), its occupancy annotated."""
    policies.get_shelter_for(actor, pk)
    return _with_occupancy(Shelter.objects.filter(pk=pk)).get()


def shelter_addresses_for(actor: Any, shelters: Iterable[Shelter]) -> dict[int, str]:
    """``{shelter pk: confidential address}`` for the shelters whose address ``actor`` may
    read, in one query; the others are simply absent.

    Read apart from the shelters themselves so their querysets keep the column deferred.
    """
    allowed = [
        shelter.pk for shelter in shelters if policies.may_see_shelter_address(actor, shelter)
    ]
    if not allowed:
        return {}
    return dict(Shelter.objects.filter(pk__in=allowed).values_list("pk", "address"))


def shelter_address_for(actor: Any, shelter: Shelter) -> str | None:
    """The confidential address for those who may read it; ``None`` for everyone else."""
    return shelter_addresses_for(actor, [shelter]).get(shelter.pk)


def _stays(stays: QuerySet[Stay]) -> QuerySet[Stay]:
    return stays.select_related("case", "shelter__organisation", "admitted_by")


# A stay whose planned end falls within this many days (or has passed) is a departure to
# prepare for: the shelter staff's home counts them and the shelter page filters them.
DEPARTURE_DAYS = 7


def leaving_q(today: date | None = None, prefix: str = "") -> Q:
    """Current stays planned to end within ``DEPARTURE_DAYS`` days (overdue ones included)."""
    until = (today or timezone.localdate()) + timedelta(days=DEPARTURE_DAYS)
    return Q(**{f"{prefix}discharged_at__isnull": True, f"{prefix}planned_end__lte": until})


def current_residents(*, actor: Any, shelter: Shelter, leaving: bool = False) -> QuerySet[Stay]:
    """Current stays in ``shelter`` that ``actor`` may see: all of them for the shelter's
    staff and supervisors, only those of their own cases for a case manager. ``leaving``
    keeps the stays planned to end soon (``leaving_q``)."""
    stays = policies.stays_visible_to(actor).filter(shelter=shelter, discharged_at__isnull=True)
    if leaving:
        stays = stays.filter(leaving_q())
    return _stays(stays).order_by("admitted_at", "pk")


def _arrivals(shelter: Any) -> QuerySet[Referral]:
    # ``shelter`` is a Shelter or an OuterRef to one's organisation.
    return Referral.objects.filter(
        organisation=shelter,
        service__code=ServiceCode.SHELTER,
        status__in=sorted(OPEN_REFERRAL_STATUSES),
        consent_withdrawn_at__isnull=True,
    )


def expected_arrivals(*, actor: Any, shelter: Shelter) -> QuerySet[Referral]:
    """Open safe-house referrals to ``shelter``'s organisation: who is expected to arrive.
    For the shelter's own staff only (case number, urgency, status and date; no victim
    data), soonest first."""
    if not policies.is_own_shelter(actor, shelter):
        return Referral.objects.none()
    return (
        _arrivals(shelter.organisation_id)
        .select_related("case")
        .only("pk", "status", "urgency", "sent_at", "scheduled_for", "case__number")
        .order_by("scheduled_for", "sent_at", "pk")
    )


@dataclass(frozen=True)
class ShelterFigures:
    shelter: Shelter
    occupancy: Occupancy
    leaving: int
    arrivals: int


def shelter_figures(actor: Any) -> ShelterFigures | None:
    """The shelter staff's home counts, in one query: occupancy, departures due and
    expected arrivals of their own shelter (``None`` for anyone else)."""
    if actor.role != Role.SHELTER_STAFF:
        return None
    shelter = (
        policies.shelters_visible_to(actor)
        .select_related("organisation")
        .defer("address")
        .annotate(
            occupied=Count("stays", filter=Q(stays__discharged_at__isnull=True)),
            leaving=Count("stays", filter=leaving_q(prefix="stays__")),
            arrivals=SubqueryCount(_arrivals(OuterRef("organisation_id"))),
        )
        .order_by("pk")
        .first()
    )
    if shelter is None:
        return None
    return ShelterFigures(
        shelter=shelter,
        occupancy=occupancy_of(shelter),
        leaving=shelter.leaving,  # type: ignore[attr-defined]
        arrivals=shelter.arrivals,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class InboxFigures:
    waiting: int
    overdue: int
    this_week: int


def inbox_figures(user: Any, now: datetime | None = None) -> InboxFigures:
    """The provider's home counts in one aggregate over the same inbox the list shows."""
    now = now or timezone.now()
    begin, end = this_week(now)
    figures = (
        policies.inbox_referrals(user)
        .order_by()
        .aggregate(
            waiting=Count("pk", filter=Q(status=ReferralStatus.SENT)),
            overdue=Count("pk", filter=Q(status=ReferralStatus.SENT, due_at__lte=now)),
            week=Count(
                "pk",
                filter=Q(
                    status=ReferralStatus.SCHEDULED,
                    scheduled_for__gte=begin,
                    scheduled_for__lt=end,
                ),
            ),
        )
    )
    return InboxFigures(
        waiting=figures["waiting"], overdue=figures["overdue"], this_week=figures["week"]
    )


def stays_for_cases(*, actor: Any, current_only: bool = False) -> QuerySet[Stay]:
    """Stays of the cases ``actor`` places victims for (a case manager's own, a supervisor's
    scope), newest first."""
    stays = policies.stays_visible_to(actor).filter(case__in=policies.cases_for_placement(actor))
    if current_only:
        stays = stays.filter(discharged_at__isnull=True)
    return _stays(stays).order_by("-admitted_at", "-pk")


# =========================================================================================
# Phase B: referrals, a case's care, the closure checklist, visits and tasks
# =========================================================================================

INBOX_SHOW = {
    "terbuka": sorted(OPEN_REFERRAL_STATUSES),
    # What the provider's home counts (care/home.py): awaiting an answer, and the services
    # scheduled in the current week (Monday to Sunday, local time; ``this_week``).
    "baru": [ReferralStatus.SENT],
    "minggu_ini": [ReferralStatus.SCHEDULED],
    "selesai": [ReferralStatus.COMPLETED],
    "ditutup": [ReferralStatus.DECLINED, ReferralStatus.CANCELLED],
    "semua": None,
}


def _with_flags(referrals: QuerySet[Referral], now: datetime) -> QuerySet[Referral]:
    return referrals.annotate(
        overdue=SqlCase(
            When(status=ReferralStatus.SENT, due_at__lte=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        urgent=SqlCase(
            When(urgency=Urgency.URGENT, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def this_week(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The current week, Monday 00:00 to the next Monday 00:00, in local time."""
    monday = week_start(timezone.localdate(now))
    tz = timezone.get_current_timezone()
    begin = datetime.combine(monday, time.min, tzinfo=tz)
    return begin, datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)


def _ordered(referrals: QuerySet[Referral], show: str) -> QuerySet[Referral]:
    if show == "minggu_ini":
        return referrals.order_by("scheduled_for", "pk")
    if show in ("terbuka", "baru"):
        # Work order: overdue answers first, then urgent ones, then the oldest.
        return referrals.order_by("-overdue", "-urgent", "sent_at", "pk")
    return referrals.order_by("-sent_at", "-pk")


def inbox(user: Any, *, show: str = "terbuka", now: datetime | None = None) -> QuerySet[Referral]:
    """The provider's referral inbox: their organisation's referrals, without decrypting
    anything (the list shows no victim data; the detail page does, and is logged)."""
    now = now or timezone.now()
    statuses = INBOX_SHOW.get(show, INBOX_SHOW["terbuka"])
    referrals = policies.inbox_referrals(user)
    if statuses is not None:
        referrals = referrals.filter(status__in=statuses)
    if show == "minggu_ini":
        begin, end = this_week(now)
        referrals = referrals.filter(scheduled_for__gte=begin, scheduled_for__lt=end)
    referrals = (
        _with_flags(referrals, now)
        .select_related("service", "case")
        .only(
            "pk",
            "status",
            "urgency",
            "sent_at",
            "due_at",
            "scheduled_for",
            "consent_withdrawn_at",
            "service__code",
            "case__number",
        )
    )
    return _ordered(referrals, show if show in INBOX_SHOW else "terbuka")


def case_referral_list(
    user: Any, *, show: str = "terbuka", now: datetime | None = None
) -> QuerySet[Referral]:
    """Referrals of the cases ``user`` works, for the case worker's overview."""
    now = now or timezone.now()
    statuses = INBOX_SHOW.get(show, INBOX_SHOW["terbuka"])
    referrals = policies.case_referrals(user)
    if statuses is not None:
        referrals = referrals.filter(status__in=statuses)
    if show == "minggu_ini":
        begin, end = this_week(now)
        referrals = referrals.filter(scheduled_for__gte=begin, scheduled_for__lt=end)
    referrals = (
        _with_flags(referrals, now)
        .select_related("service", "case", "organisation")
        .defer("snapshot", "decline_reason", "cancel_reason")
    )
    return _ordered(referrals, show if show in INBOX_SHOW else "terbuka")


def referral_history(referral: Referral) -> list[ReferralEvent]:
    return list(referral.events.select_related("actor").order_by("at", "pk"))


def referral_reports(referral: Referral) -> list[ReferralReport]:
    return list(
        referral.reports.defer("sealed").select_related("uploaded_by").order_by("uploaded_at")
    )


def referral_targets(actor: Any) -> list[tuple[Service, list[Organisation]]]:
    """For the referral form: each service and the active partners in the actor's scope
    that offer it (one select of "service → organisation", so no JavaScript is needed)."""
    organisations = list(directory(actor=actor))
    targets = []
    for service in service_list():
        offering = [o for o in organisations if any(s.pk == service.pk for s in o.services.all())]
        if offering:
            targets.append((service, offering))
    return targets


@dataclass
class ChecklistRow:
    """One planned service on the closure checklist."""

    item: PlanItem
    label: str
    delivered: bool
    evidence: list[str] = field(default_factory=list)
    reason: str = ""
    field_name: str = ""


def _checklist(
    items: Iterable[PlanItem],
    records: Iterable[ServiceRecord],
    notes: dict[int, ClosureServiceNote] | None = None,
) -> list[ChecklistRow]:
    by_service: dict[str, list[ServiceRecord]] = {}
    for record in records:
        by_service.setdefault(record.service.code, []).append(record)
    rows = []
    for item in items:
        delivered_records = [r for r in by_service.get(item.service, []) if r.delivered]
        evidence = [
            f"{r.delivered_on:%d-%m-%Y} · {r.provider_label} · {r.get_outcome_display()}"
            for r in delivered_records
        ]
        done = item.status == PlanItemStatus.DONE or bool(delivered_records)
        if item.status == PlanItemStatus.DONE and not delivered_records:
            evidence.append(str(_("Ditandai selesai di rencana")))
        note = (notes or {}).get(item.pk)
        rows.append(
            ChecklistRow(
                item=item,
                label=str(item.get_service_display()),
                delivered=done,
                evidence=evidence,
                reason=note.reason if note is not None else "",
                field_name=f"undelivered-{item.pk}",
            )
        )
    return rows


def closure_checklist(case: Case) -> list[ChecklistRow]:
    """Which planned services of ``case`` were delivered (a service record with a delivered
    outcome, or the plan item marked done) — live, for the closure request form."""
    items = PlanItem.objects.filter(plan__case=case).order_by("pk")
    records = ServiceRecord.objects.filter(case=case).select_related("service", "organisation")
    return _checklist(items, records)


def closure_checklists(requests: Iterable[ClosureRequest]) -> dict[int, list[ChecklistRow]]:
    """The checklist of each closure request, with the reasons given, in three queries."""
    requests = list(requests)
    case_ids = {r.case_id for r in requests}
    items_by_case: dict[int, list[PlanItem]] = {}
    for item in PlanItem.objects.filter(plan__case_id__in=case_ids).select_related("plan"):
        items_by_case.setdefault(item.plan.case_id, []).append(item)
    records_by_case: dict[int, list[ServiceRecord]] = {}
    for record in ServiceRecord.objects.filter(case_id__in=case_ids).select_related(
        "service", "organisation"
    ):
        records_by_case.setdefault(record.case_id, []).append(record)
    notes: dict[int, dict[int, ClosureServiceNote]] = {}
    for note in ClosureServiceNote.objects.filter(closure_request__in=[r.pk for r in requests]):
        notes.setdefault(note.closure_request_id, {})[note.plan_item_id] = note
    return {
        r.pk: _checklist(
            sorted(items_by_case.get(r.case_id, []), key=lambda i: i.pk),
            records_by_case.get(r.case_id, []),
            notes.get(r.pk, {}),
        )
        for r in requests
    }


@dataclass
class CaseCare:
    """Everything the case page's "Layanan" section shows, in a fixed number of queries."""

    referrals: list[Referral]
    service_records: list[ServiceRecord]
    visum_letters: list[VisumLetter]
    accompaniments: list[Accompaniment]
    reintegrations: list[Reintegration]
    home_visits: list[HomeVisit]
    tasks: list[Task]
    checklist: list[ChecklistRow]
    now: datetime
    may_work: bool = False  # record services, visits, accompaniment, return, tasks
    may_refer: bool = False  # send referrals and issue visum letters
    officers: list[User] = field(default_factory=list)  # for the task form

    @property
    def open_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.status == TaskStatus.OPEN]

    @property
    def undelivered(self) -> list[ChecklistRow]:
        return [row for row in self.checklist if not row.delivered]


# A referral's encrypted texts: the case page and its timeline show none of them (the shared
# snapshot is the provider's view), so they are neither read nor decrypted there.
_REFERRAL_TEXTS = ("snapshot", "decline_reason", "cancel_reason")


def case_care(
    user: Any,
    case: Case,
    *,
    plan_items: Iterable[PlanItem] | None = None,
    present: frozenset[str] | None = None,
    parties: dict[int, CaseParty] | None = None,
) -> CaseCare:
    """What the case page shows of care. The case page passes what it already loaded:
    ``plan_items`` (the case plan's items), ``present`` (which sections the case has,
    ``cases.selectors.case_sections`` — the others are not queried) and ``parties`` (the
    case's parties with their people, by id — a referral's or a visit's victim is taken from
    there instead of joining party and person again)."""
    from payung.cases.selectors import slim, with_parties

    now = timezone.now()
    may_work = policies.may_work_case(user, case)

    def load(name: str, queryset: Any) -> list[Any]:
        if present is not None and name not in present:
            return []
        if parties is None:
            queryset = queryset.select_related("victim__person")
        return with_parties(list(queryset), parties or {}, "victim")

    referrals = load(
        "referrals",
        _with_flags(Referral.objects.filter(case=case), now)
        .defer(*_REFERRAL_TEXTS)
        .select_related("service", "organisation")
        .prefetch_related(
            Prefetch("reports", queryset=ReferralReport.objects.defer("sealed").order_by("pk"))
        )
        .order_by("-sent_at", "-pk"),
    )
    records = load(
        "service_records",
        slim(
            ServiceRecord.objects.filter(case=case).select_related("service", "organisation"),
            users=("recorded_by",),
        ).order_by("-delivered_on", "-pk"),
    )
    items = (
        sorted(plan_items, key=lambda i: i.pk)
        if plan_items is not None
        else list(PlanItem.objects.filter(plan__case=case).order_by("pk"))
    )
    return CaseCare(
        referrals=referrals,
        service_records=records,
        # The timeline (case_timeline_entries) reuses these lists: who created them is loaded
        # here once instead of a second query per kind.
        visum_letters=load(
            "visum_letters",
            slim(case.visum_letters.select_related("organisation"), users=("issued_by",)).order_by(
                "-issued_at"
            ),
        ),
        accompaniments=load(
            "accompaniments",
            slim(case.accompaniments.all(), users=("officer", "created_by")).order_by(
                "-scheduled_on", "-pk"
            ),
        ),
        reintegrations=load(
            "reintegrations",
            slim(case.reintegrations.all(), users=("created_by",), regions=("kelurahan",)).order_by(
                "-planned_on", "-pk"
            ),
        ),
        home_visits=load(
            "home_visits",
            slim(case.home_visits.all(), users=("officer", "created_by")).order_by(
                "-scheduled_at", "-pk"
            ),
        ),
        tasks=(
            list(slim(case.tasks.all(), users=("assignee",)).order_by("status", "due_at", "pk"))
            if present is None or "tasks" in present
            else []
        ),
        checklist=_checklist(items, records),
        now=now,
        may_work=may_work,
        may_refer=policies.may_refer_on(user, case),
        officers=assignable_officers(case) if may_work else [],
    )


def assignable_officers(case: Case) -> list[User]:
    """Who may be sent on a visit or given a task: active case managers on the case (owner or
    team), supervisors and PPT officers whose scope covers it — the people who can open it."""
    team = set(Case.team.through.objects.filter(case_id=case.pk).values_list("user_id", flat=True))
    # Scope in SQL (the region codes that contain the case's): at national scale loading
    # every officer of the country to filter them here cost more than the rest of the page.
    # The same people the case page's assignment and restriction forms list: one query.
    chosen = []
    for person in case_selectors.covering_staff(case):
        if person.role == Role.CASE_MANAGER and not (
            person.pk == case.owner_id or person.pk in team
        ):
            continue
        chosen.append(person)
    return chosen


def case_victims(case: Case) -> list[CaseParty]:
    return list(
        case.parties.filter(role=PartyRole.VICTIM, person__isnull=False)
        .select_related("person", "person__kelurahan")
        .order_by("pk")
    )


# --- my visits and my tasks ---------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class WeekDay:
    day: date
    visits: list[HomeVisit]
    is_today: bool


def my_week(user: Any, start: date) -> list[WeekDay]:
    """The officer's home visits in the week from Monday ``start``, one cell per day."""
    begin = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    end = begin + timedelta(days=7)
    visits = list(
        policies.home_visits_visible_to(user)
        .filter(officer=user, scheduled_at__gte=begin, scheduled_at__lt=end)
        .exclude(status=HomeVisitStatus.CANCELLED)
        .select_related("case", "victim__person")
        .order_by("scheduled_at", "pk")
    )
    today = timezone.localdate()
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        days.append(
            WeekDay(
                day=day,
                visits=[v for v in visits if timezone.localtime(v.scheduled_at).date() == day],
                is_today=day == today,
            )
        )
    return days


def my_planned_visits(user: Any) -> QuerySet[HomeVisit]:
    return (
        policies.home_visits_visible_to(user)
        .filter(officer=user, status=HomeVisitStatus.PLANNED)
        .select_related("case", "victim__person")
        .order_by("scheduled_at", "pk")
    )


def my_tasks(user: Any) -> QuerySet[Task]:
    """Open tasks assigned to ``user`` on cases they may still open, soonest first."""
    return (
        policies.tasks_visible_to(user)
        .filter(assignee=user, status=TaskStatus.OPEN)
        .select_related("case")
        .order_by("due_at", "pk")
    )


def my_accompaniments(user: Any) -> QuerySet[Accompaniment]:
    return (
        Accompaniment.objects.filter(
            officer=user, completed_on__isnull=True, case__in=policies.care_cases(user).values("pk")
        )
        .select_related("case")
        .order_by("scheduled_on", "pk")
    )
