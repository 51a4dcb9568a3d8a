"""Reads of cases: filters, search, the case list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from payung.accounts.roles import Role
from payung.cases.choices import (
    CaseStatus,
    ClosureRequestState,
    DeadlineState,
    PartyRole,
    PlaceCategory,
    Relationship,
    RiskLevel,
    Sex,
    ViolenceForm,
)
from payung.cases.models import (
    Case,
    CaseDeadline,
    CaseNameToken,
    CaseParty,
    ClosureRequest,
    Incident,
    Person,
    PersonNameToken,
)
from payung.cases.policies import visible_cases
from payung.cases.selectors.reports import _KELURAHAN_DEFERRED
from payung.cases.services import city_code
from payung.identity import blind_index, names
from payung.identity.phones import normalise_phone
from payung.regions.models import Region

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
    # Drill-down from the insights dashboard: a victim's sex, an incident's place, the
    # perpetrator relationship of an incident.
    victim_sex: str = ""
    place: str = ""
    relationship: str = ""
    # The everyday staff list: leaves out cases closed more than CASE_CLOSED_LIST_DAYS ago
    # unless a search or the status asks for them (issue #14). Exports and the API keep all.
    everyday: bool = False


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
            Q(nik_index=blind_index.nik_index(digits)) | Q(kk_index=blind_index.kk_index(digits))
        ).values("pk")
    if kind == "phone":
        return Person.objects.filter(
            phone_index=blind_index.phone_index(normalise_phone(q))
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


def _party_has_name(q: str) -> Q:
    """A condition on a case's party rows: its person has the name ``q`` (the whole folded
    name, or every word of ``q`` among the person's name tokens), each tested by an index
    probe for that one person."""
    whole = Q(person__name_index=names.name_index(q))
    words = names.word_tokens(q)
    if not words:
        return whole
    every_word = Q(
        *(
            Exists(PersonNameToken.objects.filter(person_id=OuterRef("person_id"), token=token))
            for token in sorted(words)
        )
    )
    return whole | every_word


# A supervisor's region of at most this many cases gets its list narrowed to the region's
# own case ids first (``_small_region_ids``; docs/performance.md, fourth session, "Any
# page: Kota Pasuruan").
SMALL_REGION_CASES = 5000


def _region_name_q(user: Any, q: str) -> Q | None:
    """Cases of ``user``'s region with a person named ``q``, found from the region's name
    rows (``CaseNameToken``), or None when the user has no region or ``q`` is not a name.

    A case has a row for each word token and whole-name index of each of its people, so a
    row with the whole name ``q`` (or, for a one-word ``q``, with that word) means one of its
    people has that name: exactly ``search_q``'s test, read from one index range. For several
    words, the rows say only that the case's people have every word between them; the exact
    test (the same person has them all) then runs on those few cases.
    """
    if user.region_id is None or search_kind(q) != "name" or not names.name_key(q):
        return None
    rows = CaseNameToken.objects.filter(user.region_q("region_code")).order_by()
    whole = names.name_index(q)
    words = sorted(names.word_tokens(q))
    if len(words) <= 1:
        return Q(pk__in=rows.filter(token__in=[whole, *words]).values("case_id"))
    every_word = rows.filter(token=words[0])
    for token in words[1:]:
        every_word = every_word.filter(
            Exists(CaseNameToken.objects.filter(case_id=OuterRef("case_id"), token=token))
        )
    same_person = CaseParty.objects.filter(
        case_id=OuterRef("case_id"), person__isnull=False
    ).filter(_party_has_name(q))
    # One set of ids (a UNION), not an OR of two conditions: PostgreSQL tested an OR for
    # each case of the region, newest first (656,740 cases for a province).
    return Q(
        pk__in=rows.filter(token=whole)
        .values("case_id")
        .union(every_word.filter(Exists(same_person)).values("case_id"))
    )


def search_q(q: str) -> Q:
    """Cases whose number matches ``q``, or one of whose people does (see ``search_kind``):
    a NIK or phone through its blind index, a name from its side (everyone in the country
    with that name, then their cases). The case lists search a name in the user's region's
    name rows instead (``_region_name_q``) whenever the user has a region."""
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
    # From this OFFSET on, a slice finds its ids first, from an index alone where it can
    # (``case_region_visible_idx``), and reads only those cases (a "deferred join").
    DEEP_OFFSET = 500

    def keyset(self, q: Q) -> CaseListQuerySet:
        """``filter(q)`` that also narrows the two short lists (``core.pagination``'s keyset
        pages: the rows after a cursor)."""
        clone: CaseListQuerySet = self.filter(q)  # type: ignore[assignment]
        if clone.window_base is not None:
            clone.window_base = clone.window_base.filter(q)
        return clone

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
            base = self.window_base.order_by(*self.query.order_by).values_list("pk", flat=True)
            team = Case.team.through.objects.filter(user_id=self.window_user_id).values("case_id")
            own = base.filter(owner_id=self.window_user_id)[: k.stop]
            on_team = base.filter(pk__in=team)[: k.stop]
            # The two short lists' ids read first (at most 2 × k.stop): as a subquery,
            # PostgreSQL expected ~10 of them and joined them to the scope's ~2,900 ids by a
            # nested loop — 475,000 comparisons, 58 ms, for a case manager's page 58
            # (docs/performance.md, sixth session).
            windowed = self.filter(pk__in=list(own.union(on_team)))
            windowed.window_user_id = None
            return windowed[k]
        if (
            isinstance(k, slice)
            and k.stop is not None
            and (k.start or 0) >= self.DEEP_OFFSET
            and self.window_user_id is None
            and self._result_cache is None
            and self.query.order_by
        ):
            # OFFSET reads every row it skips: let it skip index entries, not cases.
            ids = QuerySet.__getitem__(self.order_by(*self.query.order_by).values("pk"), k)
            return self.filter(pk__in=ids)
        return super().__getitem__(k)


def hides_old_closed(f: CaseFilters) -> bool:
    """Whether the list leaves out cases closed long ago: the everyday list only, not a
    search, a status, a date range or a drill-down (which must match the dashboard)."""
    return f.everyday and not (
        f.status
        or f.q.strip()
        or f.opened_from
        or f.opened_to
        or f.victim_sex
        or f.place
        or f.relationship
    )


def closed_list_cutoff(now: datetime) -> datetime:
    """Cases closed before this are left out of the everyday case lists."""
    return now - timedelta(days=settings.CASE_CLOSED_LIST_DAYS)


def case_list(user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases in ``user``'s scope, newest first, with what a list row shows.

    The number of queries does not depend on the number of rows: the victims come in one
    prefetch, overdue and pending closure are subqueries.
    """
    f = filters or CaseFilters()
    now = timezone.now()

    search = Q()
    by_rows = None
    if f.q.strip():
        # A name: the user's region's name rows (``_region_name_q``). Looked up from the
        # name's side, a common given name was ~25,000 people in the country joined to 2.96
        # million parties for a busy kota; tested case by case, 2,000 cases of a case manager
        # (docs/performance.md, "Name search by region").
        by_rows = _region_name_q(user, f.q)
        search = by_rows if by_rows is not None else search_q(f.q)

    def filtered(qs: QuerySet[Case]) -> QuerySet[Case]:
        if f.q.strip():
            qs = qs.filter(search)
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
        if f.victim_sex in Sex.values:
            qs = qs.filter(
                Exists(
                    CaseParty.objects.filter(
                        case_id=OuterRef("pk"), role=PartyRole.VICTIM, person__sex=f.victim_sex
                    )
                )
            )
        if f.place in PlaceCategory.values:
            qs = qs.filter(
                Exists(Incident.objects.filter(case_id=OuterRef("pk"), place_category=f.place))
            )
        if f.relationship in Relationship.values:
            qs = qs.filter(
                Exists(Incident.objects.filter(case_id=OuterRef("pk"), relationship=f.relationship))
                | Exists(
                    CaseParty.objects.filter(
                        case_id=OuterRef("pk"),
                        role=PartyRole.PERPETRATOR,
                        relationship=f.relationship,
                    )
                )
            )
        if hides_old_closed(f):
            # The everyday list: a case closed long ago leaves it (need to know, issue #14);
            # it is still found by its number or a name, or with the status "ditutup".
            qs = qs.exclude(status=CaseStatus.CLOSED, closed_at__lt=closed_list_cutoff(now))
        return qs

    qs = filtered(visible_cases(user, CaseListQuerySet(Case)))
    if by_rows is None and not (f.mine or user.role == Role.CASE_MANAGER):
        small = _small_region_ids(user)
        if small is not None:
            # A small region (a city like Kota Pasuruan) among a million cases: PostgreSQL
            # misjudges it (1,573 visible cases expected, 83 there) and walks the country's
            # cases newest first to fill a page — 980,000 rows for a page past the end of
            # the city's list (docs/performance.md). Its own ids, read from the scope index,
            # make the page a sort of those few rows.
            qs = qs.filter(pk__in=small)
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


def _small_region_ids(user: Any) -> list[int] | None:
    """The ids of every case in ``user``'s region when there are at most
    ``SMALL_REGION_CASES`` of them (one index-only read, capped), else None."""
    if user.region_id is None:
        return None
    ids = list(
        Case.objects.filter(user.region_q("region_code"))
        .order_by()
        .values_list("pk", flat=True)[: SMALL_REGION_CASES + 1]
    )
    return ids if len(ids) <= SMALL_REGION_CASES else None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def kelurahan_options() -> QuerySet[Region]:
    return Region.objects.within(city_code()).villages().order_by("name")
