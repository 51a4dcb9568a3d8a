"""``/api/v1/cases/`` and ``/api/v1/people/``: the case record for integrations, scoped like
the staff pages.

- Only roles that work cases (PPT officer, case manager, supervisor) may call these; others
  get 403. A case outside the caller's scope answers 404, the same as one that does not exist.
- Edits carry ``version`` (optimistic locking): a stale edit answers 409 ``edit_conflict``
  with the other person's changes in ``details``, and nothing is overwritten.
- A move the state machine does not allow answers 409 ``invalid_transition``.
- Reading a case, its people or a document is recorded in the access log.
"""

# No ``from __future__ import annotations``: django-ninja reads these signatures at run time.

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate

from payung.accounts.models import User
from payung.api.errors import ApiError, errors
from payung.audit.services import access_record
from payung.cases import policies, selectors, services, uploads
from payung.cases.choices import (
    AssessmentDomain,
    CaseStatus,
    CaseUnit,
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    DeadlineState,
    DisabilityKind,
    DocumentKind,
    Education,
    GbvCoreType,
    MaritalStatus,
    NeedLevel,
    Occupation,
    PartyRole,
    PerpetratorKind,
    PlaceCategory,
    Relationship,
    Religion,
    RiskLevel,
    Sex,
    TraffickingSubtype,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.models import (
    Assessment,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseParty,
    CaseStatusChange,
    Consent,
    Incident,
)
from payung.core.pagination import CappedLimitOffsetPagination
from payung.regions.models import Region

router = Router(tags=["kasus"])
people_router = Router(tags=["kasus"])

MAX_LIMIT = 200
KELURAHAN_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"


# --- schemas -------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    number: str
    status: CaseStatus
    unit: CaseUnit
    region_code: str
    kelurahan_code: str | None
    risk_level: RiskLevel
    owner: str | None
    flags: dict[str, bool]
    violence_forms: list[str]
    opened_at: datetime
    overdue: bool
    version: int

    @staticmethod
    def resolve_kelurahan_code(obj: Case) -> str | None:
        return obj.kelurahan.code if obj.kelurahan_id and obj.kelurahan else None

    @staticmethod
    def resolve_owner(obj: Case) -> str | None:
        return obj.owner.username if obj.owner_id and obj.owner else None

    @staticmethod
    def resolve_flags(obj: Case) -> dict[str, bool]:
        return {"kdrt": obj.flag_kdrt, "tpks": obj.flag_tpks, "child": obj.flag_child}

    @staticmethod
    def resolve_violence_forms(obj: Case) -> list[str]:
        return obj.violence_forms()

    @staticmethod
    def resolve_opened_at(obj: Case) -> datetime:
        return obj.created_at

    @staticmethod
    def resolve_overdue(obj: Case) -> bool:
        value = getattr(obj, "overdue", None)
        if value is None:
            value = obj.deadlines.filter(
                state=DeadlineState.OPEN, due_at__lte=timezone.now()
            ).exists()
        return bool(value)


class DeadlineOut(Schema):
    id: int
    rule: str | None
    title: str
    due_at: datetime
    state: DeadlineState
    overdue: bool
    met_at: datetime | None
    requested_on: date | None
    granted_on: date | None
    protection_until: date | None
    basis: str

    @staticmethod
    def resolve_rule(obj: CaseDeadline) -> str | None:
        return obj.rule.code if obj.rule else None

    @staticmethod
    def resolve_overdue(obj: CaseDeadline) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_basis(obj: CaseDeadline) -> str:
        return obj.rule.basis if obj.rule else ""


class CaseDetailOut(CaseOut):
    team: list[str]
    closed_at: datetime | None
    closure_reason: str
    next_statuses: list[str]
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_team(obj: Case) -> list[str]:
        return [u.username for u in obj.team.all()]

    @staticmethod
    def resolve_next_statuses(obj: Case) -> list[str]:
        from payung.cases import workflow

        return [] if obj.is_closed else [str(m.to) for m in workflow.moves_from(obj.status)]

    @staticmethod
    def resolve_deadlines(obj: Case) -> list[Any]:
        return list(obj.deadlines.select_related("rule").order_by("due_at", "pk"))


class CaseEditIn(Schema):
    version: int = Field(..., ge=1)
    risk_level: RiskLevel
    kelurahan_code: str | None = Field(None, pattern=KELURAHAN_PATTERN)


class PersonOut(Schema):
    id: int
    name: str
    alias: str
    nik: str
    kk: str
    sex: Sex
    birth_date: date | None
    age: int | None
    age_is_estimate: bool
    disability: YesNoUnknown
    disability_kinds: list[str]
    education: str
    occupation: str
    marital_status: str
    religion: str
    phone: str
    address: str
    kelurahan_code: str | None

    @staticmethod
    def resolve_age(obj: Any) -> int | None:
        return obj.age()

    @staticmethod
    def resolve_age_is_estimate(obj: Any) -> bool:
        return obj.birth_date is None and obj.age_estimate is not None

    @staticmethod
    def resolve_kelurahan_code(obj: Any) -> str | None:
        return obj.kelurahan.code if obj.kelurahan_id else None


class PartyOut(Schema):
    id: int
    role: PartyRole
    display_name: str
    person: PersonOut | None
    perpetrator_kind: str
    group_size: int | None
    organisation_name: str
    relationship: str
    guardian_for: int | None
    anonymous: bool

    @staticmethod
    def resolve_guardian_for(obj: CaseParty) -> int | None:
        return obj.guardian_for_id


class PersonIn(Schema):
    name: str = Field("", max_length=150)
    alias: str = Field("", max_length=100)
    nik: str = Field("", max_length=30)
    kk: str = Field("", max_length=30)
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    age_estimate: int | None = Field(None, ge=0, le=120)
    disability: YesNoUnknown = YesNoUnknown.UNKNOWN
    disability_kinds: list[DisabilityKind] = Field(default_factory=list)
    education: Education | None = None
    occupation: Occupation | None = None
    marital_status: MaritalStatus | None = None
    religion: Religion | None = None
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=500)
    kelurahan_code: str | None = Field(None, pattern=KELURAHAN_PATTERN)


class PartyIn(Schema):
    role: PartyRole
    person: PersonIn | None = None
    perpetrator_kind: PerpetratorKind | None = None
    group_size: int | None = Field(None, ge=2)
    organisation_name: str = Field("", max_length=200)
    relationship: Relationship | None = None
    guardian_for: int | None = Field(None, description="party id of the victim")
    guardian_relation: str = Field("", max_length=100)
    anonymous: bool = False


class PersonUpdateIn(PersonIn):
    version: int = Field(..., ge=1)


class PartyCreatedOut(Schema):
    party: PartyOut
    warnings: list[str] = Field(..., description="e.g. a NIK whose sex digit disagrees")


class IncidentOut(Schema):
    id: int
    occurred_on: date | None
    date_approximate: bool
    place_category: PlaceCategory
    kelurahan_code: str | None
    address: str
    violence_forms: list[str]
    trafficking_subtypes: list[str]
    gbv_core_type: str
    chronology: str
    relationship: Relationship
    kdrt: bool
    tpks: bool
    victims: list[int]
    perpetrators: list[int]

    @staticmethod
    def resolve_kelurahan_code(obj: Incident) -> str | None:
        return obj.kelurahan.code if obj.kelurahan_id and obj.kelurahan else None

    @staticmethod
    def resolve_victims(obj: Incident) -> list[int]:
        return [p.pk for p in obj.victims.all()]

    @staticmethod
    def resolve_perpetrators(obj: Incident) -> list[int]:
        return [p.pk for p in obj.perpetrators.all()]


class IncidentIn(Schema):
    occurred_on: date | None = None
    date_approximate: bool = False
    place_category: PlaceCategory
    kelurahan_code: str | None = Field(None, pattern=KELURAHAN_PATTERN)
    address: str = Field("", max_length=500)
    violence_forms: list[ViolenceForm] = Field(..., min_length=1)
    trafficking_subtypes: list[TraffickingSubtype] = Field(default_factory=list)
    gbv_core_type: GbvCoreType | None = None
    chronology: str = Field("", max_length=10000)
    relationship: Relationship = Relationship.UNKNOWN
    kdrt: bool = False
    tpks: bool = False
    victims: list[int] = Field(default_factory=list, description="party ids")
    perpetrators: list[int] = Field(default_factory=list, description="party ids")


class StatusChangeOut(Schema):
    from_status: CaseStatus
    to_status: CaseStatus
    at: datetime
    actor: str | None
    reason: str

    @staticmethod
    def resolve_actor(obj: CaseStatusChange) -> str | None:
        return obj.actor.username if obj.actor_id and obj.actor else None


class TransitionIn(Schema):
    to: CaseStatus
    note: str = Field("", max_length=2000)
    version: int | None = Field(None, ge=1, description="the case version you saw")


class UndeliveredReasonIn(Schema):
    plan_item: int = Field(..., description="id of a planned service not delivered")
    reason: str = Field(..., min_length=1, max_length=2000)


class ClosureRequestIn(Schema):
    reason: ClosureReason
    note: str = Field("", max_length=2000)
    undelivered: list[UndeliveredReasonIn] = Field(
        default_factory=list,
        description="why each planned service not delivered was not (the closure checklist)",
    )


class ClosureDecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=2000)


class ClosureOut(Schema):
    id: int
    state: str
    reason: ClosureReason
    requested_at: datetime
    decided_at: datetime | None


class AssessmentOut(Schema):
    id: int
    victim: int
    assessed_on: date
    levels: dict[str, str]
    notes: dict[str, str]
    summary: str
    economic_empowerment_need: bool
    disability_accommodation: bool

    @staticmethod
    def resolve_victim(obj: Assessment) -> int:
        return obj.victim_id

    @staticmethod
    def resolve_notes(obj: Assessment) -> dict[str, str]:
        return {code: getattr(obj, field) for code, field in Assessment.NOTE_FIELDS.items()}


class AssessmentIn(Schema):
    victim: int = Field(..., description="party id of the victim")
    assessed_on: date
    levels: dict[AssessmentDomain, NeedLevel]
    notes: dict[AssessmentDomain, str] = Field(default_factory=dict)
    summary: str = Field("", max_length=5000)
    economic_empowerment_need: bool = False
    disability_accommodation: bool = False


class ConsentOut(Schema):
    id: int
    subject: int
    given_by: int
    purpose: ConsentPurpose
    organisation_id: int | None
    organisation_name: str
    method: ConsentMethod
    given_on: date
    active: bool
    withdrawn_at: datetime | None

    @staticmethod
    def resolve_subject(obj: Consent) -> int:
        return obj.subject_id

    @staticmethod
    def resolve_given_by(obj: Consent) -> int:
        return obj.given_by_id


class ConsentIn(Schema):
    subject: int = Field(..., description="party id of the victim")
    given_by: int = Field(..., description="party id: the victim, or a child's guardian")
    purpose: ConsentPurpose
    organisation_id: int | None = None
    organisation_name: str = Field("", max_length=200)
    method: ConsentMethod
    given_on: date
    note: str = Field("", max_length=1000)


class WithdrawIn(Schema):
    note: str = Field("", max_length=1000)


class DocumentOut(Schema):
    id: int
    kind: DocumentKind
    party: int | None
    content_type: str
    size: int
    uploaded_at: datetime
    description: str

    @staticmethod
    def resolve_party(obj: CaseDocument) -> int | None:
        return obj.party_id


class PersonMatchOut(Schema):
    case_id: int
    case_number: str
    party_id: int
    role: PartyRole
    display_name: str


# --- helpers -------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    if not policies.can_use_cases(user):
        raise ApiError(403)
    return user


def _case(request: HttpRequest, pk: int, need: policies.CaseNeed = "view") -> tuple[User, Case]:
    user = _user(request)
    if need != "view":
        # Visible but not allowed: 403 says only what the caller may not do.
        case = policies.get_case_for(user, pk)
        if not policies.can_act_on_case(user, case, need):
            raise ApiError(403)
        return user, case
    return user, policies.get_case_for(user, pk)


def _validation(exc: ValidationError) -> ApiError:
    details: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            details.extend(
                {"loc": ["body", name], "message": m, "type": "value_error"} for m in messages
            )
    else:
        details = [{"loc": ["body"], "message": m, "type": "value_error"} for m in exc.messages]
    return ApiError(422, "validation_error", _("Data yang dikirim tidak valid."), details=details)


def _run(action: Any) -> Any:
    try:
        return action()
    except services.EditConflict as exc:
        raise ApiError(
            409,
            "edit_conflict",
            exc.message,
            details=[
                {"current_version": exc.current_version},
                *(
                    {
                        "field": c.label,
                        "before": c.before,
                        "after": c.after,
                        "by": c.actor,
                        "at": c.at,
                    }
                    for c in exc.changes
                ),
            ],
        ) from exc
    except services.TransitionError as exc:
        raise ApiError(409, "invalid_transition", " ".join(exc.messages)) from exc
    except ValidationError as exc:
        raise _validation(exc) from exc


def _kelurahan(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ApiError(
            422,
            "validation_error",
            _("Kelurahan tidak dikenal."),
            details=[
                {"loc": ["body", "kelurahan_code"], "message": "unknown", "type": "value_error"}
            ],
        )
    return region


def _party(case: Case, pk: int | None, field: str) -> CaseParty | None:
    if pk is None:
        return None
    party = case.parties.select_related("person").filter(pk=pk).first()
    if party is None:
        raise ApiError(
            422,
            "validation_error",
            _("Pihak tidak ditemukan dalam kasus ini."),
            details=[{"loc": ["body", field], "message": "unknown party", "type": "value_error"}],
        )
    return party


def _person_input(data: PersonIn) -> services.PersonInput:
    return services.PersonInput(
        name=data.name,
        alias=data.alias,
        nik=data.nik,
        kk=data.kk,
        sex=data.sex,
        birth_date=data.birth_date,
        age_estimate=data.age_estimate,
        disability=data.disability,
        disability_kinds=[str(k) for k in data.disability_kinds],
        education=str(data.education or ""),
        occupation=str(data.occupation or ""),
        marital_status=str(data.marital_status or ""),
        religion=str(data.religion or ""),
        phone=data.phone,
        address=data.address,
        kelurahan=_kelurahan(data.kelurahan_code),
    )


def _detail(case_pk: int) -> Case:
    return Case.objects.select_related("owner", "kelurahan").get(pk=case_pk)


# --- cases ---------------------------------------------------------------------------------


@router.get("/", response={200: list[CaseOut], **errors(403, 422)}, summary="Cari kasus")
@paginate(CappedLimitOffsetPagination, max_limit=MAX_LIMIT)
def case_list(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="number, name, NIK/KK or phone"),  # noqa: B008
    status: CaseStatus | None = Query(None),  # noqa: B008
    risk: RiskLevel | None = Query(None),  # noqa: B008
    kelurahan: str = Query("", description="Kemendagri code"),  # noqa: B008
    violence_form: ViolenceForm | None = Query(None),  # noqa: B008
    opened_from: date | None = Query(None),  # noqa: B008
    opened_to: date | None = Query(None),  # noqa: B008
    overdue: bool = Query(False),  # noqa: B008
    mine: bool = Query(False),  # noqa: B008
) -> QuerySet[Case]:
    user = _user(request)
    return selectors.case_list(
        user,
        selectors.CaseFilters(
            q=q,
            status=str(status or ""),
            risk=str(risk or ""),
            kelurahan=kelurahan,
            violence_form=str(violence_form or ""),
            opened_from=opened_from,
            opened_to=opened_to,
            overdue=overdue,
            mine=mine,
        ),
    )


@router.get("/{pk}", response={200: CaseDetailOut, **errors(403, 404)}, summary="Satu kasus")
def case_detail(request: HttpRequest, pk: int) -> Case:
    user, case = _case(request, pk)
    access_record(actor=user, target=case, purpose="case.view.api", target_label=case.number)
    return case


@router.patch(
    "/{pk}", response={200: CaseDetailOut, **errors(403, 404, 409, 422)}, summary="Ubah kasus"
)
def case_update(request: HttpRequest, pk: int, payload: CaseEditIn) -> Case:
    user, case = _case(request, pk, "edit")
    kelurahan = _kelurahan(payload.kelurahan_code)
    _run(
        lambda: services.case_update(
            actor=user,
            case=case,
            version=payload.version,
            risk_level=payload.risk_level,
            kelurahan=kelurahan,
        )
    )
    return _detail(case.pk)


@router.get(
    "/{pk}/people", response={200: list[PartyOut], **errors(403, 404)}, summary="Orang dalam kasus"
)
def party_list(request: HttpRequest, pk: int) -> list[CaseParty]:
    user, case = _case(request, pk)
    access_record(actor=user, target=case, purpose="case.people.api", target_label=case.number)
    return list(case.parties.select_related("person", "person__kelurahan"))


@router.post(
    "/{pk}/people",
    response={201: PartyCreatedOut, **errors(403, 404, 409, 422)},
    summary="Tambah orang ke kasus",
)
def party_add(request: HttpRequest, pk: int, payload: PartyIn) -> tuple[int, dict[str, Any]]:
    user, case = _case(request, pk, "edit")
    guardian_for = _party(case, payload.guardian_for, "guardian_for")
    result = _run(
        lambda: services.party_add(
            actor=user,
            case=case,
            role=payload.role,
            person=_person_input(payload.person) if payload.person else None,
            perpetrator_kind=str(payload.perpetrator_kind or ""),
            group_size=payload.group_size,
            organisation_name=payload.organisation_name,
            relationship=str(payload.relationship or ""),
            guardian_for=guardian_for,
            guardian_relation=payload.guardian_relation,
            anonymous=payload.anonymous,
        )
    )
    return 201, {"party": result.party, "warnings": result.warnings}


@router.patch(
    "/{pk}/people/{party_pk}",
    response={200: PartyCreatedOut, **errors(403, 404, 409, 422)},
    summary="Ubah data orang",
)
def person_update(
    request: HttpRequest, pk: int, party_pk: int, payload: PersonUpdateIn
) -> dict[str, Any]:
    user, case = _case(request, pk, "edit")
    party = case.parties.select_related("person").filter(pk=party_pk).first()
    if party is None or party.person is None:
        raise ApiError(404)
    warnings = _run(
        lambda: services.person_update(
            actor=user, case=case, party=party, version=payload.version, data=_person_input(payload)
        )
    )
    party = CaseParty.objects.select_related("person", "person__kelurahan").get(pk=party.pk)
    return {"party": party, "warnings": warnings}


@router.get(
    "/{pk}/incidents", response={200: list[IncidentOut], **errors(403, 404)}, summary="Kejadian"
)
def incident_list(request: HttpRequest, pk: int) -> list[Incident]:
    _user_, case = _case(request, pk)
    return list(
        case.incidents.select_related("kelurahan").prefetch_related("victims", "perpetrators")
    )


@router.post(
    "/{pk}/incidents",
    response={201: IncidentOut, **errors(403, 404, 409, 422)},
    summary="Tambah kejadian",
)
def incident_add(request: HttpRequest, pk: int, payload: IncidentIn) -> tuple[int, Incident]:
    user, case = _case(request, pk, "edit")
    victims = [p for p in (_party(case, v, "victims") for v in payload.victims) if p]
    perpetrators = [p for p in (_party(case, v, "perpetrators") for v in payload.perpetrators) if p]
    data = services.IncidentInput(
        place_category=payload.place_category,
        violence_forms=[str(v) for v in payload.violence_forms],
        occurred_on=payload.occurred_on,
        date_approximate=payload.date_approximate,
        kelurahan=_kelurahan(payload.kelurahan_code),
        address=payload.address,
        trafficking_subtypes=[str(t) for t in payload.trafficking_subtypes],
        gbv_core_type=str(payload.gbv_core_type or ""),
        chronology=payload.chronology,
        relationship=payload.relationship,
        kdrt=payload.kdrt,
        tpks=payload.tpks,
        victims=victims,
        perpetrators=perpetrators,
    )
    incident = _run(lambda: services.incident_add(actor=user, case=case, data=data))
    return 201, incident


@router.get(
    "/{pk}/transitions",
    response={200: list[StatusChangeOut], **errors(403, 404)},
    summary="Riwayat status",
)
def transition_list(request: HttpRequest, pk: int) -> list[CaseStatusChange]:
    _user_, case = _case(request, pk)
    return list(case.status_changes.select_related("actor"))


@router.post(
    "/{pk}/transitions",
    response={200: CaseDetailOut, **errors(403, 404, 409, 422)},
    summary="Pindahkan status kasus",
)
def transition(request: HttpRequest, pk: int, payload: TransitionIn) -> Case:
    user, case = _case(request, pk, "transition")
    _run(
        lambda: services.case_transition(
            actor=user, case=case, to=payload.to, note=payload.note, version=payload.version
        )
    )
    return _detail(case.pk)


@router.post(
    "/{pk}/closure",
    response={201: ClosureOut, **errors(403, 404, 409, 422)},
    summary="Minta penutupan kasus",
)
def closure_request(request: HttpRequest, pk: int, payload: ClosureRequestIn) -> tuple[int, Any]:
    user, case = _case(request, pk, "request_closure")
    closure = _run(
        lambda: services.closure_request(
            actor=user,
            case=case,
            reason=payload.reason,
            note=payload.note,
            undelivered_reasons={u.plan_item: u.reason for u in payload.undelivered},
        )
    )
    return 201, closure


@router.post(
    "/{pk}/closure/decision",
    response={200: ClosureOut, **errors(403, 404, 409, 422)},
    summary="Setujui atau tolak penutupan (supervisor)",
)
def closure_decide(request: HttpRequest, pk: int, payload: ClosureDecisionIn) -> Any:
    user, case = _case(request, pk, "approve_closure")
    pending = case.closure_requests.filter(state="menunggu").first()
    if pending is None:
        raise ApiError(
            409, "no_pending_closure", _("Tidak ada permintaan penutupan yang menunggu.")
        )
    return _run(
        lambda: services.closure_decide(
            actor=user, request=pending, approve=payload.approve, note=payload.note
        )
    )


@router.get(
    "/{pk}/assessments", response={200: list[AssessmentOut], **errors(403, 404)}, summary="Asesmen"
)
def assessment_list(request: HttpRequest, pk: int) -> list[Assessment]:
    _user_, case = _case(request, pk)
    return list(case.assessments.all())


@router.post(
    "/{pk}/assessments",
    response={201: AssessmentOut, **errors(403, 404, 409, 422)},
    summary="Catat asesmen",
)
def assessment_add(request: HttpRequest, pk: int, payload: AssessmentIn) -> tuple[int, Any]:
    user, case = _case(request, pk, "edit")
    victim = _party(case, payload.victim, "victim")
    assert victim is not None
    assessment = _run(
        lambda: services.assessment_record(
            actor=user,
            case=case,
            victim=victim,
            assessed_on=payload.assessed_on,
            levels={str(k): str(v) for k, v in payload.levels.items()},
            notes={str(k): v for k, v in payload.notes.items()},
            summary=payload.summary,
            economic_empowerment_need=payload.economic_empowerment_need,
            disability_accommodation=payload.disability_accommodation,
        )
    )
    return 201, assessment


@router.get(
    "/{pk}/consents", response={200: list[ConsentOut], **errors(403, 404)}, summary="Persetujuan"
)
def consent_list(request: HttpRequest, pk: int) -> list[Consent]:
    _user_, case = _case(request, pk)
    return list(case.consents.all())


@router.post(
    "/{pk}/consents",
    response={201: ConsentOut, **errors(403, 404, 409, 422)},
    summary="Catat persetujuan",
)
def consent_add(request: HttpRequest, pk: int, payload: ConsentIn) -> tuple[int, Any]:
    user, case = _case(request, pk, "edit")
    subject = _party(case, payload.subject, "subject")
    given_by = _party(case, payload.given_by, "given_by")
    assert subject is not None and given_by is not None
    organisation: Any = payload.organisation_id or payload.organisation_name or None
    if payload.organisation_id and payload.organisation_name:
        organisation = payload.organisation_name
    consent = _run(
        lambda: services.consent_record(
            actor=user,
            case=case,
            subject=subject,
            given_by=given_by,
            purpose=payload.purpose,
            method=payload.method,
            given_on=payload.given_on,
            organisation=organisation,
            note=payload.note,
        )
    )
    if payload.organisation_id and payload.organisation_name:
        Consent.objects.filter(pk=consent.pk).update(organisation_id=payload.organisation_id)
        consent.refresh_from_db()
    return 201, consent


@router.post(
    "/{pk}/consents/{consent_pk}/withdraw",
    response={200: ConsentOut, **errors(403, 404, 409, 422)},
    summary="Catat pencabutan persetujuan",
)
def consent_withdraw(
    request: HttpRequest, pk: int, consent_pk: int, payload: WithdrawIn
) -> Consent:
    user, case = _case(request, pk, "edit")
    consent = case.consents.filter(pk=consent_pk).first()
    if consent is None:
        raise ApiError(404)
    return _run(
        lambda: services.consent_withdraw(actor=user, case=case, consent=consent, note=payload.note)
    )


@router.get(
    "/{pk}/deadlines", response={200: list[DeadlineOut], **errors(403, 404)}, summary="Tenggat"
)
def deadline_list(request: HttpRequest, pk: int) -> list[CaseDeadline]:
    _user_, case = _case(request, pk)
    return list(case.deadlines.select_related("rule").order_by("due_at", "pk"))


@router.get(
    "/{pk}/documents",
    response={200: list[DocumentOut], **errors(403, 404)},
    summary="Dokumen (metadata)",
)
def document_list(request: HttpRequest, pk: int) -> list[CaseDocument]:
    _user_, case = _case(request, pk)
    return list(case.documents.defer("sealed"))


@router.post(
    "/{pk}/documents",
    response={201: DocumentOut, **errors(403, 404, 409, 413, 415, 422)},
    summary="Unggah dokumen",
)
def document_upload(
    request: HttpRequest,
    pk: int,
    kind: str = Form("", description="one of DocumentKind"),  # noqa: B008
    file: UploadedFile | None = File(None),  # noqa: B008
    party: int | None = Form(None, description="party id; empty: the case in general"),  # noqa: B008
    description: str = Form("", max_length=500),  # noqa: B008
) -> tuple[int, Any]:
    # The caller is authorised before the form is looked at: an outsider learns nothing.
    user, case = _case(request, pk, "note")
    if kind not in DocumentKind.values or file is None:
        raise ApiError(
            422,
            "validation_error",
            _("Kirim berkas (file) dan jenis dokumen (kind)."),
            details=[
                {
                    "loc": ["form", "kind"],
                    "message": "kind and file are required",
                    "type": "missing",
                }
            ],
        )
    about = _party(case, party, "party")
    try:
        attachment = uploads.check_upload(file)
    except ValidationError as exc:
        status = 413 if exc.code == "too_large" else 415
        raise ApiError(status, message=" ".join(exc.messages)) from exc
    document = _run(
        lambda: services.document_upload(
            actor=user,
            case=case,
            kind=kind,
            attachment=attachment,
            party=about,
            description=description,
        )
    )
    return 201, document


@router.get(
    "/{pk}/documents/{document_pk}",
    response={200: None, **errors(403, 404)},
    summary="Unduh dokumen (tercatat di log akses)",
)
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    document = case.documents.filter(pk=document_pk).first()
    if document is None:
        raise ApiError(404)
    access_record(
        actor=user, target=document, purpose="case.document.api", target_label=case.number
    )
    response = HttpResponse(document.unseal(), content_type=document.content_type)
    safe = case.number.replace("/", "-")
    response["Content-Disposition"] = (
        f'attachment; filename="{safe}-dokumen-{document.pk}.{document.extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- people --------------------------------------------------------------------------------


@people_router.get(
    "/",
    response={200: list[PersonMatchOut], **errors(403, 422)},
    summary="Cari orang (NIK, telepon, nama) dalam kasus yang boleh Anda lihat",
)
def people_search(
    request: HttpRequest,
    nik: str = Query("", max_length=30),  # noqa: B008
    phone: str = Query("", max_length=30),  # noqa: B008
    name: str = Query("", max_length=150),  # noqa: B008
) -> list[dict[str, Any]]:
    user = _user(request)
    text = nik or phone or name
    if not text.strip():
        raise ApiError(
            422, "validation_error", _("Isi salah satu: nik, phone, atau name."), details=[]
        )
    cases = selectors.case_list(user, selectors.CaseFilters(q=text))
    parties = (
        CaseParty.objects.filter(case__in=cases.values("pk"), person__isnull=False)
        .select_related("case", "person")
        .order_by("case__number", "pk")
    )
    match = selectors.person_match_ids(text)
    return [
        {
            "case_id": p.case_id,
            "case_number": p.case.number,
            "party_id": p.pk,
            "role": p.role,
            "display_name": p.display_name,
        }
        for p in parties
        if p.person_id in match
    ][:100]
