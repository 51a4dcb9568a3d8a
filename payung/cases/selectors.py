"""Reads of reports and cases that need thought: scope, ordering, eager loading, duplicates."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.cases import names
from payung.cases.choices import (
    CaseStatus,
    ClosureRequestState,
    DeadlineState,
    PartyRole,
    ReportStatus,
    RiskLevel,
    ViolenceForm,
)
from payung.cases.models import (
    Assessment,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseNote,
    CaseParty,
    CasePlan,
    ClosureRequest,
    Consent,
    ConsentOverride,
    DeadlineRule,
    Incident,
    Person,
    PersonNameToken,
    PlanItem,
    Report,
    ReportAttachment,
    ReportEvent,
    TriageDeadlineRule,
)
from payung.cases.names import normalise_person_name
from payung.cases.policies import attachable_cases as _attachable
from payung.cases.policies import visible_cases, visible_reports
from payung.cases.services import city_code, normalise_phone
from payung.core import crypto
from payung.regions.models import Region, ServicePost, ServicePostKind, covering_codes

DUPLICATE_WINDOW_DAYS = 30
DUPLICATE_CANDIDATE_LIMIT = 200
NAME_SIMILARITY = 0.85
CLOSE_DATE_DAYS = 3


# What a list row never shows of a kelurahan; its boundary is a GeoJSON polygon once the
# boundaries are imported, parsed for every row if selected.
_KELURAHAN_DEFERRED = (
    "kelurahan__boundary",
    "kelurahan__boundary_source",
    "kelurahan__aliases",
    "kelurahan__label_lat",
    "kelurahan__label_lng",
    "kelurahan__population",
    "kelurahan__bps_code",
)


# Columns the case page never shows of a related user, person or region: not read, and for
# a person's identifiers not decrypted (a consent or a document names a person; it does not
# need their NIK). Building objects from wide joined rows was most of the page's time.
USER_UNUSED = (
    "password",
    "last_login",
    "email",
    "date_joined",
    "phone",
    "preferred_language",
    "on_duty",
)
PERSON_UNUSED_FOR_NAMING = (
    "name_index",
    "nik",
    "nik_index",
    "kk",
    "kk_index",
    "phone",
    "phone_index",
    "address",
    "disability_kinds",
    "education",
    "occupation",
    "marital_status",
    "religion",
)
REGION_UNUSED = tuple(name.removeprefix("kelurahan__") for name in _KELURAHAN_DEFERRED)


def slim(
    queryset: QuerySet[Any],
    *,
    users: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
) -> QuerySet[Any]:
    """``queryset`` with the unused columns of the related ``users``, ``people`` (shown by
    name only) and ``regions`` (shown by name only) deferred; each path is select_related."""
    return queryset.select_related(*users, *people, *regions).defer(
        *_slim_deferred(users, people, regions)
    )


@functools.cache
def _slim_deferred(
    users: tuple[str, ...], people: tuple[str, ...], regions: tuple[str, ...]
) -> tuple[str, ...]:
    return (
        *(f"{path}__{f}" for path in users for f in USER_UNUSED),
        *(f"{path}__{f}" for path in people for f in PERSON_UNUSED_FOR_NAMING),
        *(f"{path}__{f}" for path in regions for f in REGION_UNUSED),
    )


def report_list(user: Any, *, status: str = "") -> QuerySet[Report]:
    """Reports in ``user``'s scope, newest first; no encrypted column is read."""
    qs = (
        visible_reports(user)
        .select_related("kelurahan", "case")
        .defer(*Report.ENCRYPTED_FIELDS, *_KELURAHAN_DEFERRED)
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-pk")


def triage_queue(user: Any, *, now: datetime | None = None) -> QuerySet[Report]:
    """Reports waiting for triage: overdue first, then the oldest."""
    now = now or timezone.now()
    return (
        visible_reports(user)
        .filter(status=ReportStatus.NEW)
        .select_related("kelurahan")
        .defer(*Report.ENCRYPTED_FIELDS, *_KELURAHAN_DEFERRED)
        .annotate(
            overdue=SqlCase(
                When(due_at__lte=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-overdue", "received_at", "pk")
    )


def report_history(report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("actor").order_by("at", "pk")


def report_attachments(report: Report) -> QuerySet[ReportAttachment]:
    return report.attachments.defer("sealed").order_by("uploaded_at", "pk")


def get_attachment(report: Report, pk: int) -> ReportAttachment | None:
    return report.attachments.filter(pk=pk).first()


def deadline_rules() -> QuerySet[TriageDeadlineRule]:
    return TriageDeadlineRule.objects.order_by("hours", "risk_level")


def on_duty_responders(*, region_code: str) -> list[User]:
    """Active, on-duty case managers whose scope covers the report."""
    return list(
        User.objects.filter(
            role=Role.CASE_MANAGER,
            is_active=True,
            on_duty=True,
            region__code__in=covering_codes(region_code),
        ).select_related("region")
    )


def fallback_responders(*, region_code: str) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.SUPERVISOR, is_active=True, region__code__in=covering_codes(region_code)
        ).select_related("region")
    )


def case_owner_choices(user: Any) -> QuerySet[User]:
    return (
        User.objects.filter(role__in=[Role.CASE_MANAGER, Role.SUPERVISOR], is_active=True)
        .filter(
            Q(region__code=user.scope_code) | Q(region__code__in=_ancestor_codes(user.scope_code))
        )
        .order_by("first_name", "username")
    )


def _ancestor_codes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


# --- possible duplicates -----------------------------------------------------------------


def names_similar(a: str, b: str) -> bool:
    na, nb = normalise_person_name(a), normalise_person_name(b)
    if not na or not nb:
        return False
    if na == nb or set(na.split()) == set(nb.split()):
        return True
    return difflib.SequenceMatcher(None, na, nb).ratio() >= NAME_SIMILARITY


@dataclass
class DuplicateSuggestion:
    report: Report
    reasons: list[str] = field(default_factory=list)


def duplicate_suggestions(user: Any, report: Report) -> list[DuplicateSuggestion]:
    """Reports that may describe the same people or incident, strongest first.

    Matching is done on a bounded candidate set: reports in the same region received within
    ±30 days, plus any visible report with the same reporter-phone blind index. Names are
    compared after decryption, in Python, because the database holds only ciphertext.
    """
    base = visible_reports(user).exclude(pk=report.pk).select_related("case")
    window = (
        report.received_at - timedelta(days=DUPLICATE_WINDOW_DAYS),
        report.received_at + timedelta(days=DUPLICATE_WINDOW_DAYS),
    )
    nearby = Q(region_code=report.region_code, received_at__range=window)
    if report.reporter_phone_index:
        nearby |= Q(reporter_phone_index=report.reporter_phone_index)
    candidates = (
        base.filter(nearby)
        .only(
            "pk",
            "code",
            "received_at",
            "incident_date",
            "victim_name",
            "reporter_phone_index",
            "status",
            "region_code",
            "case__number",
            "case__id",
            "case__status",
        )
        .order_by("-received_at")[:DUPLICATE_CANDIDATE_LIMIT]
    )
    found: list[DuplicateSuggestion] = []
    for other in candidates:
        reasons = []
        if (
            report.reporter_phone_index
            and other.reporter_phone_index == report.reporter_phone_index
        ):
            reasons.append("telepon pelapor sama")
        if report.victim_name and names_similar(report.victim_name, other.victim_name):
            reasons.append("nama korban mirip")
        if (
            report.incident_date
            and other.incident_date
            and abs((report.incident_date - other.incident_date).days) <= CLOSE_DATE_DAYS
            and other.region_code == report.region_code
        ):
            reasons.append("tanggal kejadian berdekatan")
        if reasons:
            found.append(DuplicateSuggestion(report=other, reasons=reasons))
    found.sort(key=lambda s: (-len(s.reasons), -s.report.received_at.timestamp()))
    return found[:20]


def attachable_cases(user: Any) -> QuerySet[Any]:
    return _attachable(user).order_by("-created_at")


# --- help for the resident ------------------------------------------------------------------


@dataclass(frozen=True)
class EmergencyContacts:
    numbers: list[dict[str, str]]
    centre: ServicePost | None
    ppt: ServicePost | None


def emergency_contacts(*, kelurahan: Region | None) -> EmergencyContacts:
    """110, SAPA 129, the city centre's phone and the chosen kelurahan's PPT."""
    centre = (
        ServicePost.objects.filter(
            kind=ServicePostKind.CENTRE, is_active=True, region__code=city_code()
        )
        .order_by("pk")
        .first()
    )
    ppt = (
        ServicePost.objects.filter(
            kind=ServicePostKind.PPT, is_active=True, region=kelurahan
        ).first()
        if kelurahan is not None
        else None
    )
    return EmergencyContacts(numbers=list(settings.EMERGENCY_NUMBERS), centre=centre, ppt=ppt)


# =========================================================================================
# Casework
# =========================================================================================


@dataclass
class CaseFilters:
    """What the case list and the API's search accept. ``q`` is a case number, a name, a
    NIK or No. KK (16 digits) or a phone number: the kind is recognised from its shape."""

    q: str = ""
    status: str = ""
    risk: str = ""
    kelurahan: str = ""
    violence_form: str = ""
    opened_from: date | None = None
    opened_to: date | None = None
    overdue: bool = False
    mine: bool = False


def _open_overdue(now: datetime) -> Exists:
    return Exists(
        CaseDeadline.objects.filter(
            case_id=OuterRef("pk"), state=DeadlineState.OPEN, due_at__lte=now
        )
    )


_SEPARATORS = re.compile(r"[\s.+()-]")


def search_kind(q: str) -> str:
    """What a search text is, from its shape alone.

    16 digits: a NIK or No. KK; 8–15 digits: a phone number; up to 7 digits: the running
    number of a case (``0042`` finds PPA/2025/0042 and PPA/2024/0042); a text with a slash: a
    case number or its beginning (``PPA/2025/``); anything else: a name. Each kind is looked
    up through its own index — the number's, the blind indexes' — so a search costs the same
    for a city and for the whole country (docs/performance.md).
    """
    digits = _SEPARATORS.sub("", q)
    if digits.isdigit():
        if len(digits) == 16:
            return "nik"
        if 8 <= len(digits) <= 15:
            return "phone"
        return "sequence"
    if "/" in q:
        return "number"
    return "name"


def _person_ids(q: str) -> QuerySet[Any] | None:
    """Ids of people whose NIK, No. KK, phone or name matches ``q`` (blind indexes only),
    as a subquery; None when ``q`` cannot match a person."""
    kind = search_kind(q)
    if kind == "nik":
        digits = _SEPARATORS.sub("", q)
        return Person.objects.filter(
            Q(nik_index=crypto.blind_index(digits, "nik"))
            | Q(kk_index=crypto.blind_index(digits, "kk"))
        ).values("pk")
    if kind == "phone":
        return Person.objects.filter(
            phone_index=crypto.blind_index(normalise_phone(q), "phone")
        ).values("pk")
    if kind != "name" or not names.name_key(q):
        return None
    # The whole folded name ("sitiaminah" finds "Siti Aminah"), or every word of the query
    # among a person's name tokens. A UNION of two index lookups rather than an OR, which
    # would make PostgreSQL test every person.
    whole = Person.objects.filter(name_index=names.name_index(q)).order_by().values("pk")
    words = names.word_tokens(q)
    if not words:
        return whole
    # People with the first word who also have each other word: a semi-join PostgreSQL runs
    # as a merge join of index ranges (token, person), not a count over every match.
    first, *others = sorted(words)
    every_word = PersonNameToken.objects.filter(token=first)
    for token in others:
        every_word = every_word.filter(
            Exists(PersonNameToken.objects.filter(person_id=OuterRef("person_id"), token=token))
        )
    return whole.union(every_word.order_by().values("person_id"))


def search_q(q: str) -> Q:
    """Cases whose number matches ``q``, or one of whose people does (see ``search_kind``)."""
    q = q.strip()
    kind = search_kind(q)
    if kind == "number":
        # Numbers are issued in capitals; both spellings use the number's prefix index.
        return Q(number__startswith=q) | Q(number__startswith=q.upper())
    if kind == "sequence":
        return Q(sequence=int(_SEPARATORS.sub("", q)))
    people = _person_ids(q)
    if people is None:
        return Q(pk__in=[])
    return Q(pk__in=CaseParty.objects.filter(person_id__in=people).order_by().values("case_id"))


class CaseListQuerySet(QuerySet[Case]):
    """A list of cases restricted to those a person owns or is on the team of (a case
    manager's scope, or anyone's "Kasus saya"), that finds a page from the two sources
    separately.

    As one set of ids, PostgreSQL had to read every case of the busiest case manager (~2,900)
    to sort them for the newest 50. A page of ``n`` rows from the top of the list is among the
    first ``n`` owned cases (read in order from ``case_owner_created_idx``) and the first
    ``n`` team cases, so a slice asks for those two short lists first and then for the page
    among them. The filters apply to both lists; the scope stays in the query. On SQLite
    (no LIMIT inside UNION) a slice is taken as usual.
    """

    window_user_id: int | None = None
    window_base: QuerySet[Case] | None = None  # the filters, over the user's region

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone.window_user_id = self.window_user_id
        clone.window_base = self.window_base
        return clone

    def __getitem__(self, k: Any) -> Any:
        if (
            isinstance(k, slice)
            and k.stop is not None
            and self.window_user_id is not None
            and self.window_base is not None
            and self._result_cache is None
            and connections[self.db].features.supports_slicing_ordering_in_compound
        ):
            base = self.window_base.order_by(*self.query.order_by).values("pk")
            team = Case.team.through.objects.filter(user_id=self.window_user_id).values("case_id")
            own = base.filter(owner_id=self.window_user_id)[: k.stop]
            on_team = base.filter(pk__in=team)[: k.stop]
            windowed = self.filter(pk__in=own.union(on_team))
            windowed.window_user_id = None
            return windowed[k]
        return super().__getitem__(k)


def case_list(user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases in ``user``'s scope, newest first, with what a list row shows.

    The number of queries does not depend on the number of rows: the victims come in one
    prefetch, overdue and pending closure are subqueries.
    """
    f = filters or CaseFilters()
    now = timezone.now()

    def filtered(qs: QuerySet[Case]) -> QuerySet[Case]:
        if f.q.strip():
            qs = qs.filter(search_q(f.q))
        if f.status in CaseStatus.values:
            qs = qs.filter(status=f.status)
        if f.risk in RiskLevel.values:
            qs = qs.filter(risk_level=f.risk)
        if f.kelurahan:
            qs = qs.filter(kelurahan__code=f.kelurahan)
        if f.violence_form in ViolenceForm.values:
            qs = qs.filter(violence_tags__contains=f",{f.violence_form},")
        if f.opened_from:
            qs = qs.filter(created_at__gte=_day_start(f.opened_from))
        if f.opened_to:
            qs = qs.filter(created_at__lt=_day_start(f.opened_to + timedelta(days=1)))
        if f.overdue:
            qs = qs.filter(_open_overdue(now))
        return qs

    qs = filtered(visible_cases(user, CaseListQuerySet(Case)))
    if f.mine:
        qs = qs.filter(
            Q(owner=user)
            | Exists(Case.team.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))
        )
    if (f.mine or user.role == Role.CASE_MANAGER) and user.region_id is not None:
        # The same filters over the user's region, for CaseListQuerySet's two short lists;
        # the scope itself stays in ``qs``.
        qs.window_user_id = user.pk  # type: ignore[attr-defined]
        qs.window_base = filtered(Case.objects.filter(user.region_q("region_code")))  # type: ignore[attr-defined]
    qs = qs.annotate(
        overdue=_open_overdue(now),
        closure_pending=Exists(
            ClosureRequest.objects.filter(case_id=OuterRef("pk"), state=ClosureRequestState.PENDING)
        ),
    )
    victims = (
        CaseParty.objects.filter(role=PartyRole.VICTIM)
        .select_related("person")
        .only("id", "case_id", "role", "person__id", "person__alias", "person__name")
        .order_by("pk")
    )
    return (
        qs.select_related("owner", "kelurahan")
        # A row shows the owner's name and the kelurahan's name: the rest of those two wide
        # rows (a kelurahan's boundary is a GeoJSON polygon) is not read for 50 rows a page.
        .defer(*_LIST_DEFERRED)
        .prefetch_related(Prefetch("parties", queryset=victims, to_attr="victim_parties"))
        .order_by("-created_at", "-pk")
    )


_LIST_DEFERRED = (
    *_KELURAHAN_DEFERRED,
    "owner__password",
    "owner__last_login",
    "owner__email",
    "owner__date_joined",
    "owner__phone",
    "owner__preferred_language",
)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def kelurahan_options() -> QuerySet[Region]:
    return Region.objects.within(city_code()).villages().order_by("name")


# What the case page shows that many cases do not have yet. One query asks which of these
# the case has (an EXISTS each, an index probe), and the page loads only those: a young case
# costs a handful of queries instead of thirty, and no count grows with the rows
# (tests/perf). Names are Case's reverse relations, the care ones included.
OPTIONAL_SECTIONS = (
    "plan",
    "assessments",
    "consents",
    "consent_overrides",
    "documents",
    "notes",
    "closure_requests",
    "team",
    "reports",
    "referrals",
    "service_records",
    "visum_letters",
    "accompaniments",
    "reintegrations",
    "home_visits",
    "tasks",
)


@dataclass
class CaseRecord:
    """Everything the case page shows, loaded with a fixed number of queries."""

    case: Case
    parties: list[CaseParty]
    incidents: list[Incident]
    assessments: list[Assessment]
    plan: CasePlan | None
    plan_items: list[PlanItem]
    deadlines: list[CaseDeadline]
    consents: list[Consent]
    overrides: list[ConsentOverride]
    documents: list[CaseDocument]
    notes: list[CaseNote]
    closure_requests: list[ClosureRequest]
    team: list[User]
    reports: list[Report]
    # Which optional sections the case has (case_sections): what was not loaded is empty.
    present: frozenset[str] = frozenset(OPTIONAL_SECTIONS)

    @property
    def victims(self) -> list[CaseParty]:
        return [p for p in self.parties if p.role == PartyRole.VICTIM]

    @property
    def guardians(self) -> list[CaseParty]:
        return [p for p in self.parties if p.role == PartyRole.GUARDIAN]

    @property
    def perpetrators(self) -> list[CaseParty]:
        return [p for p in self.parties if p.role == PartyRole.PERPETRATOR]

    @property
    def pending_closure(self) -> ClosureRequest | None:
        return next(
            (r for r in self.closure_requests if r.state == ClosureRequestState.PENDING), None
        )

    @property
    def latest_assessments(self) -> list[Assessment]:
        seen: set[int] = set()
        latest = []
        for a in self.assessments:
            if a.victim_id not in seen:
                seen.add(a.victim_id)
                latest.append(a)
        return latest


@functools.cache
def _sections_sql(names: tuple[str, ...]) -> str:
    """``SELECT EXISTS(…), EXISTS(…), …`` for ``names``, built once from the models' tables.
    Written as SQL rather than ORM ``Exists`` annotations: compiling sixteen of those cost
    ~6 ms a page, the query itself 0.5 ms."""
    qn = connection.ops.quote_name
    parts = []
    for name in names:
        descriptor = getattr(Case, name)
        if hasattr(descriptor, "through"):  # a many-to-many (the team)
            model = descriptor.through
            column = model._meta.get_field("case").column
        else:
            field = descriptor.related.field if hasattr(descriptor, "related") else descriptor.field
            model, column = field.model, field.column
        # Names from the models, quoted; the case id is a parameter.
        table = qn(model._meta.db_table)
        parts.append(f"EXISTS(SELECT 1 FROM {table} WHERE {qn(column)} = %s)")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def case_sections(case: Case, names: tuple[str, ...] = OPTIONAL_SECTIONS) -> frozenset[str]:
    """The names in ``names`` (reverse relations of Case) that hold a row for ``case``."""
    with connection.cursor() as cursor:
        cursor.execute(_sections_sql(names), [case.pk] * len(names))
        values = cursor.fetchone()
    return frozenset(name for name, present in zip(names, values, strict=True) if present)


def with_parties(rows: list[Any], parties: dict[int, CaseParty], *fields: str) -> list[Any]:
    """Set each row's ``fields`` (foreign keys to CaseParty) from ``parties`` (the case's
    parties already loaded, with their people) instead of loading them again."""
    for row in rows:
        for fk in fields:
            party = parties.get(getattr(row, f"{fk}_id"))
            if party is not None:
                setattr(row, fk, party)
    return rows


def case_record(user: Any, case: Case) -> CaseRecord:
    from payung.cases.policies import visible_notes

    present = case_sections(case)

    def load(name: str, queryset: Any, *party_fields: str) -> list[Any]:
        """The rows of a section the case has. ``party_fields``: foreign keys to parties of
        this case, set from the parties already loaded (with their people) instead of
        joining party and person again — a consent's seven-table join cost more to plan
        than to read."""
        return with_parties(list(queryset) if name in present else [], by_id, *party_fields)

    parties = list(slim(case.parties.select_related("person"), regions=("person__kelurahan",)))
    by_id = {p.pk: p for p in parties}
    for party in parties:
        # A guardian's ward is a party of the same case, already loaded.
        if party.guardian_for_id in by_id:
            party.guardian_for = by_id[party.guardian_for_id]
    incidents = list(slim(case.incidents.all(), regions=("kelurahan",)))
    # Who was involved in which incident: the two link tables in one query, mapped onto the
    # party objects already loaded (with their people) instead of loading them again.
    links: dict[tuple[int, str], list[CaseParty]] = {}
    if incidents:
        victim_links = Incident.victims.through.objects.filter(incident__case_id=case.pk)
        perpetrator_links = Incident.perpetrators.through.objects.filter(incident__case_id=case.pk)
        for incident_id, party_id, kind in (
            # (The type plugin does not see the "kind" annotation.)
            victim_links.annotate(kind=Value("v"))
            .values_list("incident_id", "caseparty_id", "kind")  # type: ignore[misc]
            .union(
                perpetrator_links.annotate(kind=Value("p")).values_list(  # type: ignore[misc]
                    "incident_id", "caseparty_id", "kind"
                ),
                all=True,
            )
            .order_by("caseparty_id")
        ):
            if party_id in by_id:
                links.setdefault((incident_id, kind), []).append(by_id[party_id])
    for incident in incidents:
        incident.victim_list = links.get((incident.pk, "v"), [])  # type: ignore[attr-defined]
        incident.perpetrator_list = links.get((incident.pk, "p"), [])  # type: ignore[attr-defined]
    plan = slim(CasePlan.objects.filter(case=case)).first() if "plan" in present else None
    if plan is not None and plan.agreed_by_id in by_id:
        plan.agreed_by = by_id[plan.agreed_by_id]
    plan_items = (
        list(PlanItem.objects.filter(plan=plan).order_by("target_date", "pk")) if plan else []
    )
    return CaseRecord(
        case=case,
        parties=parties,
        incidents=incidents,
        assessments=load(
            "assessments",
            slim(case.assessments.all(), users=("assessed_by",)),
            "victim",
        ),
        plan=plan,
        plan_items=plan_items,
        deadlines=list(
            slim(case.deadlines.select_related("rule"), users=("met_by",)).order_by("due_at", "pk")
        ),
        consents=load(
            "consents",
            slim(case.consents.all(), users=("recorded_by", "withdrawn_by")),
            "subject",
            "given_by",
        ),
        overrides=load(
            "consent_overrides",
            slim(case.consent_overrides.all(), users=("actor",)),
            "subject",
        ),
        documents=load(
            "documents",
            slim(case.documents.defer("sealed"), users=("uploaded_by",)),
            "party",
        ),
        notes=load("notes", slim(visible_notes(user, case), users=("author",))),
        closure_requests=load(
            "closure_requests",
            slim(case.closure_requests.all(), users=("requested_by", "decided_by")),
        ),
        team=load("team", case.team.defer(*USER_UNUSED).order_by("first_name", "username")),
        reports=load(
            "reports",
            Report.objects.filter(case=case)
            .defer(*Report.ENCRYPTED_FIELDS)
            .order_by("received_at"),
        ),
        present=present,
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    actor: str = ""
    detail: str = ""


def _who(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


def case_timeline(
    user: Any, record: CaseRecord, *, limit: int = 200, care: Any = None
) -> list[TimelineEntry]:
    """One history of the case, newest first: status moves, notes, documents, deadlines met,
    reports, consents, closure decisions, assignments, referrals and services (care), and who
    else opened the record."""
    from payung.audit.models import AccessLog, AuditEvent

    case = record.case
    status = dict(CaseStatus.choices)
    entries: list[TimelineEntry] = [
        TimelineEntry(case.created_at, "open", str(_("Kasus dibuka")), _who(case.created_by))
    ]
    for change in slim(case.status_changes.all(), users=("actor",)):
        entries.append(
            TimelineEntry(
                change.at,
                "status",
                str(_("Status: %(a)s → %(b)s"))
                % {"a": status[change.from_status], "b": status[change.to_status]},
                _who(change.actor),
                change.note,
            )
        )
    for report in record.reports:
        entries.append(
            TimelineEntry(
                report.received_at,
                "report",
                str(_("Laporan %(code)s diterima")) % {"code": report.display_code},
            )
        )
    for note in record.notes:
        title = _("Catatan rahasia ditambahkan") if note.confidential else _("Catatan ditambahkan")
        entries.append(TimelineEntry(note.at, "note", str(title), _who(note.author)))
    for doc in record.documents:
        entries.append(
            TimelineEntry(
                doc.uploaded_at,
                "document",
                str(_("Dokumen diunggah: %(kind)s")) % {"kind": doc.get_kind_display()},
                _who(doc.uploaded_by),
            )
        )
    for item in record.deadlines:
        if item.met_at:
            late = _(" (terlambat)") if item.met_late else ""
            entries.append(
                TimelineEntry(
                    item.met_at,
                    "deadline",
                    str(_("Tenggat dipenuhi: %(title)s%(late)s"))
                    % {"title": item.title, "late": late},
                    _who(item.met_by),
                )
            )
    for a in record.assessments:
        entries.append(
            TimelineEntry(
                timezone.localtime(a.created_at),
                "assessment",
                str(_("Asesmen biopsikososial dicatat")),
                _who(a.assessed_by),
            )
        )
    for consent in record.consents:
        entries.append(
            TimelineEntry(
                consent.recorded_at,
                "consent",
                str(_("Persetujuan dicatat: %(p)s")) % {"p": consent.get_purpose_display()},
                _who(consent.recorded_by),
                consent.organisation_name,
            )
        )
        if consent.withdrawn_at:
            entries.append(
                TimelineEntry(
                    consent.withdrawn_at,
                    "consent",
                    str(_("Persetujuan dicabut: %(p)s")) % {"p": consent.get_purpose_display()},
                    _who(consent.withdrawn_by),
                )
            )
    for override in record.overrides:
        entries.append(
            TimelineEntry(
                override.at,
                "consent",
                str(_("Berbagi data tanpa persetujuan diizinkan supervisor")),
                _who(override.actor),
                override.organisation_name,
            )
        )
    for request in record.closure_requests:
        entries.append(
            TimelineEntry(
                request.requested_at,
                "closure",
                str(_("Penutupan diminta: %(r)s")) % {"r": request.get_reason_display()},
                _who(request.requested_by),
            )
        )
        if request.decided_at:
            entries.append(
                TimelineEntry(
                    request.decided_at,
                    "closure",
                    str(_("Permintaan penutupan %(s)s"))
                    % {"s": request.get_state_display().lower()},
                    _who(request.decided_by),
                    request.decision_note,
                )
            )
    labels = {
        "case.assign": _("Manajer kasus diganti"),
        "case.transfer": _("Kasus dipindahkan antara PPT dan pusat"),
        "case.team_add": _("Anggota tim ditambahkan"),
        "case.team_remove": _("Anggota tim dikeluarkan"),
        "case.update": _("Data kasus diubah"),
        "case.handling_document": _("Dokumen hasil penanganan dicetak"),
    }
    events = slim(
        AuditEvent.objects.filter(
            target_type="cases.case", target_id=str(case.pk), action__in=list(labels)
        ),
        users=("actor",),
    )[:limit]
    for event in events:
        entries.append(
            TimelineEntry(event.at, "change", str(labels[event.action]), _who(event.actor))
        )
    views = slim(
        AccessLog.objects.filter(target_type="cases.case", target_id=str(case.pk)).exclude(
            actor=user
        ),
        users=("actor",),
    )[:limit]
    for view in views:
        entries.append(
            TimelineEntry(
                view.at,
                "view",
                str(_("Dibuka (akses darurat)") if view.break_glass else _("Dibuka")),
                _who(view.actor) or view.actor_label,
            )
        )
    # Referrals, delivered services, visits and the return home (payung.care).
    from payung.care.selectors import case_timeline_entries

    entries.extend(case_timeline_entries(case, care))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def my_deadlines(user: Any) -> QuerySet[CaseDeadline]:
    """Open due items of the cases ``user`` owns or works on, soonest first."""
    mine = visible_cases(user).filter(
        Q(owner=user)
        | Exists(Case.team.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))
        | Q(region_code=user.scope_code, unit="ppt")
    )
    return (
        CaseDeadline.objects.filter(state=DeadlineState.OPEN, case__in=mine.values("pk"))
        .select_related("case", "rule")
        .order_by("due_at", "pk")
    )


def deadline_breaches(user: Any, *, now: datetime | None = None) -> QuerySet[CaseDeadline]:
    """Overdue open items and items met late, across the cases ``user`` may see."""
    now = now or timezone.now()
    return (
        CaseDeadline.objects.filter(case__in=visible_cases(user).values("pk"))
        .filter(
            Q(state=DeadlineState.OPEN, due_at__lte=now)
            | Q(state=DeadlineState.MET, met_at__gt=F("due_at"))
        )
        .select_related("case", "case__owner", "rule")
        .order_by("state", "due_at", "pk")
    )


def closure_queue(user: Any) -> QuerySet[ClosureRequest]:
    return (
        ClosureRequest.objects.filter(
            state=ClosureRequestState.PENDING, case__in=visible_cases(user).values("pk")
        )
        .select_related("case", "case__owner", "requested_by")
        .order_by("requested_at", "pk")
    )


def get_closure_request_for(user: Any, pk: int) -> ClosureRequest:
    from django.http import Http404

    request = closure_queue(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def economic_empowerment_needs(user: Any) -> QuerySet[Assessment]:
    """Victims whose latest assessment found an economic-empowerment need (Perpres 55/2024):
    what the Perkasa module reads. Scoped like the cases themselves."""
    latest = (
        Assessment.objects.filter(victim_id=OuterRef("victim_id"))
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    return (
        Assessment.objects.filter(case__in=visible_cases(user).values("pk"))
        .filter(pk=Subquery(latest), economic_empowerment_need=True)
        .select_related("case", "victim__person")
    )


def case_deadline_rules() -> QuerySet[DeadlineRule]:
    return DeadlineRule.objects.order_by("order", "code")


def case_worker_choices(user: Any, case: Case) -> list[User]:
    """Active case managers and supervisors whose scope covers the case."""
    people = User.objects.filter(
        role__in=[Role.CASE_MANAGER, Role.SUPERVISOR],
        is_active=True,
        region__code__in=covering_codes(case.region_code),
    ).select_related("region")
    return list(people.order_by("first_name", "username"))


def person_match_ids(q: str) -> set[int]:
    """Ids of people whose NIK, No. KK, phone or name matches ``q`` (blind indexes only)."""
    people = _person_ids(q.strip())
    if people is None:
        return set()
    # A values() queryset (or a UNION of two): each row is {"pk": id}.
    return {row["pk"] for row in people}
