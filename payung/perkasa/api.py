"""``/api/v1/perkasa/``: the Perkasa registry, scoring, programmes, enrolments and grant
tranches for integrations (issue #12 part 8; docs/perkasa.md#api).

- Scoped like the pages: a Perkasa officer works her region, a PPT officer sees and registers
  the women of her kelurahan only; any other role is refused with 403, and a registration
  outside the caller's scope answers 404 as if it did not exist.
- Lists never decrypt a name; a single registration does, and each read is in the access log.
  Search by NIK is a POST (the NIK stays out of URLs and server logs) and goes through the
  blind index.
- Every write takes an ``Idempotency-Key`` header: the same key (per caller and operation)
  with the same body answers with the first result (200 instead of 201) and writes nothing;
  the same key with a different body is refused with 409 ``idempotency_key_reused``.
- Writes call the same services as the pages (``services``, ``programmes``): the same checks
  (NIK/KK rules, one active registration per NIK, eligibility, quota, maker-checker, budget).
"""

# No ``from __future__ import annotations``: django-ninja reads these signatures at run time.

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate

from payung.accounts.models import User
from payung.audit.services import access_record, access_records
from payung.cases import codes
from payung.core.api_errors import ApiError, errors, validation_error
from payung.core.pagination import CappedLimitOffsetPagination
from payung.perkasa import choices, monitoring, policies, programmes, selectors, services
from payung.perkasa.models import (
    ApiWrite,
    Disbursement,
    Enrolment,
    Programme,
    ProgrammeCycle,
    Registrant,
    Score,
)
from payung.regions.models import Region

router = Router(tags=["perkasa"])

MAX_LIMIT = 200
KELURAHAN_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]{6,198})[!-~]$"
KEY_DESCRIPTION = (
    "required: 8–200 visible characters, unique per write; a retry sends the same value "
    "and the same body"
)


# --- schemas -------------------------------------------------------------------------------
# Choices are plain strings with an enum in the schema, not the model's TextChoices classes:
# the OpenAPI document names an enum component after its class, and casework already has
# "Sex", "Status"... with other values (tests/api/test_openapi_docs.py).


def _pattern(cls: Any) -> str:
    return "^(" + "|".join(re.escape(str(v)) for v in cls.values) + ")$"


def _choice(cls: Any, default: Any = ..., *, blank: bool = False, **kwargs: Any) -> Any:
    values: list[Any] = [str(v) for v in cls.values]
    pattern = _pattern(cls)
    if blank:  # "" allowed too
        pattern = pattern.removesuffix("$") + "?$"
        values.append("")
    return Field(default, pattern=pattern, json_schema_extra={"enum": values}, **kwargs)


class HouseholdMemberIn(Schema):
    relationship: str = _choice(choices.Relationship)
    age: int = Field(..., ge=0, le=120)
    sex: str = _choice(choices.Sex)
    schooling: str = _choice(choices.Schooling, "", blank=True)
    disability: bool = False


class RegistrantCreateIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    nik: str = Field(..., min_length=16, max_length=24, description="16 digits")
    kk: str = Field("", max_length=24, description="No. KK, 16 digits, if known")
    phone: str = Field("", max_length=30)
    birth_date: date | None = None
    address: str = Field("", max_length=300)
    kelurahan_code: str = Field(..., pattern=KELURAHAN_PATTERN)
    head_reason: str = _choice(choices.HeadReason)
    head_reason_detail: str = Field("", max_length=2000)
    livelihood: str = _choice(choices.Livelihood, "", blank=True)
    income_band: str = _choice(choices.IncomeBand, "", blank=True)
    has_business: bool = False
    assistance: list[Annotated[str, _choice(choices.Assistance)]] = Field(
        default_factory=list, max_length=10
    )
    dtsen_decile: int | None = Field(None, ge=1, le=10)
    members: list[HouseholdMemberIn] = Field(default_factory=list, max_length=30)


class NikSearchIn(Schema):
    nik: str = Field(..., pattern=r"^\d{16}$", description="16 digits; matched by blind index")


class ScoreOut(Schema):
    model_version: int
    total: int
    category: str = _choice(choices.Category)
    breakdown: list[dict[str, Any]] = Field(
        ..., description="each indicator: code, label, value, points (why this score)"
    )
    computed_at: datetime

    @staticmethod
    def resolve_model_version(obj: Score) -> int:
        return obj.model.version


class RegistrantOut(Schema):
    """A row of the registry: no name, NIK or contact (those are in the detail)."""

    id: int
    status: str = _choice(choices.Status)
    kelurahan_code: str
    source: str = _choice(choices.Source)
    created_at: datetime
    category: str | None = Field(
        None, description="of the current score: " + ", ".join(choices.Category.values)
    )
    score: int | None

    @staticmethod
    def resolve_kelurahan_code(obj: Registrant) -> str:
        return obj.region_code

    @staticmethod
    def resolve_category(obj: Registrant) -> str | None:
        return obj.current_score.category if obj.current_score is not None else None

    @staticmethod
    def resolve_score(obj: Registrant) -> int | None:
        return obj.current_score.total if obj.current_score is not None else None


class HouseholdMemberOut(Schema):
    relationship: str
    age: int
    sex: str
    schooling: str
    disability: bool


class RegistrantDetailOut(RegistrantOut):
    name: str
    nik: str
    kk: str
    phone: str
    birth_year: int | None
    kelurahan_name: str
    head_reason: str = _choice(choices.HeadReason)
    livelihood: str
    income_band: str
    has_business: bool
    assistance: list[str]
    dtsen_decile: int | None
    status_reason: str
    members: list[HouseholdMemberOut]
    current_score: ScoreOut | None
    effective_category: str | None = Field(
        None, description="after an approved override or a re-assessment"
    )
    effective_source: str = Field("", description="skor, penilaian_ulang or penyesuaian")

    @staticmethod
    def resolve_kelurahan_name(obj: Registrant) -> str:
        return obj.kelurahan.name

    @staticmethod
    def resolve_members(obj: Registrant) -> list[Any]:
        return list(obj.members.all())

    @staticmethod
    def resolve_effective_category(obj: Registrant) -> str | None:
        return monitoring.effective_category(obj).category or None

    @staticmethod
    def resolve_effective_source(obj: Registrant) -> str:
        return monitoring.effective_category(obj).source


class RegistrantCreatedOut(Schema):
    registrant: RegistrantDetailOut
    created: bool
    warnings: list[str]


class ScoringModelOut(Schema):
    version: int
    name: str
    notes: str
    indicators: list[dict[str, Any]]
    thresholds: dict[str, int]
    published_at: datetime | None


class CycleOut(Schema):
    id: int
    label: str
    quota: int
    budget: int
    absorbed: int = Field(..., description="rupiah approved so far")

    @staticmethod
    def resolve_absorbed(obj: ProgrammeCycle) -> int:
        return programmes.absorbed(obj)


class ProgrammeOut(Schema):
    id: int
    name: str
    agency: str
    kind: str = _choice(choices.ProgrammeKind)
    eligibility: dict[str, Any]
    cycles: list[CycleOut]

    @staticmethod
    def resolve_cycles(obj: Programme) -> list[Any]:
        return list(obj.cycles.all())


class EnrolmentIn(Schema):
    cycle_id: int = Field(..., ge=0)
    registrant_id: int = Field(..., ge=0)


class EnrolmentOut(Schema):
    id: int
    cycle_id: int
    registrant_id: int
    programme: str
    cycle: str
    enrolled_at: datetime

    @staticmethod
    def resolve_programme(obj: Enrolment) -> str:
        return obj.cycle.programme.name

    @staticmethod
    def resolve_cycle(obj: Enrolment) -> str:
        return obj.cycle.label


class DisbursementIn(Schema):
    enrolment_id: int = Field(..., ge=0)
    amount: int = Field(..., ge=1, le=10_000_000_000, description="rupiah")
    proof_note: str = Field("", max_length=300)


class DecisionIn(Schema):
    approve: bool
    proof_note: str = Field("", max_length=300, description="required to approve, if not given")


class DisbursementOut(Schema):
    id: int
    enrolment_id: int
    cycle_id: int
    tranche: int
    amount: int
    state: str = _choice(Disbursement.State)
    proof_note: str
    proposed_at: datetime
    decided_at: datetime | None


# --- helpers -------------------------------------------------------------------------------


def _caller(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _registry_user(request: HttpRequest) -> User:
    user = _caller(request)
    if not policies.can_register(user):
        raise ApiError(403)
    return user


def _officer(request: HttpRequest) -> User:
    user = _caller(request)
    if not policies.is_officer(user):
        raise ApiError(403)
    return user


def _run(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except ValidationError as exc:
        raise validation_error(exc) from exc
    except PermissionDenied as exc:
        message = str(exc) or None
        raise ApiError(403, "forbidden", message) from exc


def _unknown(field: str, message: str) -> ApiError:
    return ApiError(
        422,
        "validation_error",
        message,
        details=[{"loc": ["body", field], "message": message, "type": "value_error"}],
    )


def _fingerprint(payload: Schema) -> str:
    body = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def idempotent(
    user: User,
    operation: str,
    key: str,
    payload: Schema,
    write: Callable[[], Model],
) -> tuple[bool, int]:
    """Run ``write`` once per (caller, operation, key): ``(created, object id)``.

    The record of the key is inserted in the same transaction as the write, so a crash
    leaves neither; under two concurrent requests with the same key the unique key lets one
    commit and the other rolls back its write and answers with the winner's object."""
    key_hash = codes.idempotency_hash(f"perkasa-api:{operation}:{user.pk}", key)
    fingerprint = _fingerprint(payload)

    def replay(row: ApiWrite) -> tuple[bool, int]:
        if row.fingerprint != fingerprint:
            raise ApiError(
                409,
                "idempotency_key_reused",
                _("Idempotency-Key ini sudah dipakai untuk permintaan dengan isi berbeda."),
                details=[{"id": row.object_id}],
            )
        return False, row.object_id

    earlier = ApiWrite.objects.filter(key_hash=key_hash).first()
    if earlier is not None:
        return replay(earlier)
    try:
        with transaction.atomic():
            obj = _run(write)
            ApiWrite.objects.create(
                key_hash=key_hash, operation=operation, fingerprint=fingerprint, object_id=obj.pk
            )
    except IntegrityError:
        earlier = ApiWrite.objects.filter(key_hash=key_hash).first()
        if earlier is None:
            raise
        return replay(earlier)
    return True, obj.pk


def _registrant_detail(user: User, pk: int) -> Registrant:
    registrant = (
        policies.visible_registrants(user)
        .filter(pk=pk)
        .select_related("kelurahan", "current_score__model")
        .first()
    )
    if registrant is None:
        raise ApiError(404)
    return registrant


def _visible_enrolments(user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        registrant__in=policies.visible_registrants(user).values("pk")
    ).select_related("cycle__programme")


# --- registry ------------------------------------------------------------------------------


@router.get(
    "/registrants/",
    response={200: list[RegistrantOut], **errors(403, 422)},
    summary="Registri Perkasa dalam wilayah Anda",
)
@paginate(CappedLimitOffsetPagination, max_limit=MAX_LIMIT)
def registrant_list(
    request: HttpRequest,
    status: str | None = Query(None, pattern=_pattern(choices.Status)),  # noqa: B008
    kelurahan: str | None = Query(None, pattern=KELURAHAN_PATTERN),  # noqa: B008
) -> QuerySet[Registrant]:
    user = _registry_user(request)
    return selectors.registrant_list(user, status=str(status or ""), kelurahan=kelurahan or "")


@router.post(
    "/registrants/search",
    response={200: list[RegistrantOut], **errors(403, 422)},
    summary="Cari pendaftar dengan NIK (indeks buta)",
)
def registrant_search(request: HttpRequest, payload: NikSearchIn) -> list[Registrant]:
    user = _registry_user(request)
    rows = list(selectors.registrant_list(user, query=payload.nik)[:20])
    if rows:
        access_records(
            actor=user,
            targets=[(r, f"Perkasa #{r.pk}") for r in rows],
            purpose="perkasa.search.api",
        )
    return rows


@router.get(
    "/registrants/{pk}",
    response={200: RegistrantDetailOut, **errors(403, 404)},
    summary="Satu pendaftar",
)
def registrant_detail(request: HttpRequest, pk: int) -> Registrant:
    user = _registry_user(request)
    registrant = _registrant_detail(user, pk)
    access_record(
        actor=user, target=registrant, purpose="perkasa.view.api", target_label=f"Perkasa #{pk}"
    )
    return registrant


@router.post(
    "/registrants/",
    response={200: RegistrantCreatedOut, 201: RegistrantCreatedOut, **errors(403, 409, 422)},
    summary="Daftarkan perempuan kepala keluarga",
)
def registrant_create(
    request: HttpRequest,
    payload: RegistrantCreateIn,
    response: HttpResponse,
    idempotency_key: str = Header(
        ..., alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN, description=KEY_DESCRIPTION
    ),
) -> tuple[int, dict[str, Any]]:
    user = _registry_user(request)
    kelurahan = Region.objects.filter(code=payload.kelurahan_code).first()
    if kelurahan is None:
        raise _unknown("kelurahan_code", _("Kelurahan tidak dikenal."))
    data = services.RegistrationInput(
        name=payload.name,
        nik=payload.nik,
        kelurahan=kelurahan,
        head_reason=payload.head_reason,
        kk=payload.kk,
        phone=payload.phone,
        birth_date=payload.birth_date,
        address=payload.address,
        head_reason_detail=payload.head_reason_detail,
        livelihood=str(payload.livelihood or ""),
        income_band=str(payload.income_band or ""),
        has_business=payload.has_business,
        assistance=[str(a) for a in payload.assistance],
        dtsen_decile=payload.dtsen_decile,
        members=[
            services.MemberInput(
                relationship=m.relationship,
                age=m.age,
                sex=m.sex,
                schooling=str(m.schooling or ""),
                disability=m.disability,
            )
            for m in payload.members
        ],
    )
    warnings: list[str] = []

    def write() -> Registrant:
        result = services.registrant_register(actor=user, data=data)
        warnings.extend(result.warnings)
        return result.registrant

    created, pk = idempotent(user, "registrant_create", idempotency_key, payload, write)
    registrant = _registrant_detail(user, pk)
    access_record(
        actor=user, target=registrant, purpose="perkasa.view.api", target_label=f"Perkasa #{pk}"
    )
    response["Location"] = f"{request.path.rstrip('/')}/{pk}"
    body = {"registrant": registrant, "created": created, "warnings": warnings}
    return (201 if created else 200), body


# --- scoring -------------------------------------------------------------------------------


@router.get(
    "/scoring/model",
    response={200: ScoringModelOut, **errors(403, 404)},
    summary="Model skor yang berlaku",
)
def scoring_model(request: HttpRequest) -> Any:
    user = _caller(request)
    if not (policies.can_register(user) or policies.can_manage_scoring(user)):
        raise ApiError(403)
    model = services.current_model()
    if model is None:
        raise ApiError(404)
    return model


@router.get(
    "/registrants/{pk}/scores",
    response={200: list[ScoreOut], **errors(403, 404)},
    summary="Skor seorang pendaftar dengan rinciannya",
)
def registrant_scores(request: HttpRequest, pk: int) -> list[Score]:
    user = _registry_user(request)
    registrant = _registrant_detail(user, pk)
    return selectors.score_history(registrant)


# --- programmes and enrolments -------------------------------------------------------------


@router.get(
    "/programmes/",
    response={200: list[ProgrammeOut], **errors(403)},
    summary="Katalog program dengan siklusnya",
)
def programme_list(request: HttpRequest) -> list[Programme]:
    _officer(request)
    return list(
        Programme.objects.prefetch_related(Prefetch("cycles", ProgrammeCycle.objects.all()))
    )


@router.get(
    "/enrolments/",
    response={200: list[EnrolmentOut], **errors(403, 422)},
    summary="Kepesertaan program dalam wilayah Anda",
)
@paginate(CappedLimitOffsetPagination, max_limit=MAX_LIMIT)
def enrolment_list(
    request: HttpRequest,
    registrant_id: int | None = Query(None, ge=1),  # noqa: B008
    cycle_id: int | None = Query(None, ge=1),  # noqa: B008
) -> QuerySet[Enrolment]:
    user = _officer(request)
    qs = _visible_enrolments(user)
    if registrant_id:
        qs = qs.filter(registrant_id=registrant_id)
    if cycle_id:
        qs = qs.filter(cycle_id=cycle_id)
    return qs.order_by("-enrolled_at", "-id")


@router.post(
    "/enrolments/",
    response={200: EnrolmentOut, 201: EnrolmentOut, **errors(403, 404, 409, 422)},
    summary="Daftarkan ke siklus program",
)
def enrolment_create(
    request: HttpRequest,
    payload: EnrolmentIn,
    idempotency_key: str = Header(
        ..., alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN, description=KEY_DESCRIPTION
    ),
) -> tuple[int, Enrolment]:
    user = _officer(request)
    registrant = policies.visible_registrants(user).filter(pk=payload.registrant_id).first()
    if registrant is None:
        raise _unknown("registrant_id", _("Pendaftar tidak ditemukan di wilayah Anda."))
    cycle = ProgrammeCycle.objects.filter(pk=payload.cycle_id).first()
    if cycle is None:
        raise _unknown("cycle_id", _("Siklus program tidak dikenal."))
    created, pk = idempotent(
        user,
        "enrolment_create",
        idempotency_key,
        payload,
        lambda: programmes.enrol(actor=user, cycle=cycle, registrant=registrant),
    )
    return (201 if created else 200), _visible_enrolments(user).get(pk=pk)


# --- disbursements -------------------------------------------------------------------------


def _visible_disbursement(user: User, pk: int) -> Disbursement:
    disbursement = (
        Disbursement.objects.filter(
            pk=pk, enrolment__registrant__in=policies.visible_registrants(user).values("pk")
        )
        .select_related("enrolment__registrant")
        .first()
    )
    if disbursement is None:
        raise ApiError(404)
    return disbursement


@router.post(
    "/disbursements/",
    response={200: DisbursementOut, 201: DisbursementOut, **errors(403, 409, 422)},
    summary="Usulkan pencairan satu tahap",
)
def disbursement_propose(
    request: HttpRequest,
    payload: DisbursementIn,
    idempotency_key: str = Header(
        ..., alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN, description=KEY_DESCRIPTION
    ),
) -> tuple[int, Disbursement]:
    user = _officer(request)
    enrolment = (
        _visible_enrolments(user)
        .select_related("registrant")
        .filter(pk=payload.enrolment_id)
        .first()
    )
    if enrolment is None:
        raise _unknown("enrolment_id", _("Kepesertaan tidak ditemukan di wilayah Anda."))
    created, pk = idempotent(
        user,
        "disbursement_propose",
        idempotency_key,
        payload,
        lambda: programmes.disbursement_propose(
            actor=user, enrolment=enrolment, amount=payload.amount, proof_note=payload.proof_note
        ),
    )
    return (201 if created else 200), _visible_disbursement(user, pk)


@router.post(
    "/disbursements/{pk}/decide",
    response={200: DisbursementOut, **errors(403, 404, 409, 422)},
    summary="Setujui atau tolak usulan pencairan (orang lain dari pengusul)",
)
def disbursement_decide(
    request: HttpRequest,
    pk: int,
    payload: DecisionIn,
    idempotency_key: str = Header(
        ..., alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN, description=KEY_DESCRIPTION
    ),
) -> Disbursement:
    user = _officer(request)
    disbursement = _visible_disbursement(user, pk)
    _created, decided = idempotent(
        user,
        f"disbursement_decide:{pk}",
        idempotency_key,
        payload,
        lambda: programmes.disbursement_decide(
            actor=user,
            disbursement=disbursement,
            approve=payload.approve,
            proof_note=payload.proof_note,
        ),
    )
    return _visible_disbursement(user, decided)
