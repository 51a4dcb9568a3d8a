"""Schemas of the cases API (input and output)."""

from datetime import date, datetime
from typing import Any

from django.db.models import F
from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict

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

# --- schemas -------------------------------------------------------------------------------

KELURAHAN_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"


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
    due_at: datetime | None  # empty while the item waits for the step it counts from
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
        return list(
            obj.deadlines.select_related("rule").order_by(F("due_at").asc(nulls_last=True), "pk")
        )


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
    existing_person: int | None = Field(
        None,
        description="id of a person already recorded (e.g. with the same NIK, in a case you "
        "may see) to link instead of creating a new record; `person` is then ignored",
    )


def _without_defaults(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class PersonUpdateIn(PersonIn):
    """A partial update (PATCH): only the fields sent change; a field left out keeps its
    value. ``null`` clears a field that may be empty (a date, a choice, the kelurahan)."""

    model_config = ConfigDict(json_schema_extra=_without_defaults)

    version: int = Field(..., ge=1, description="the case version you saw")


class PartyCreatedOut(Schema):
    party: PartyOut
    warnings: list[str] = Field(..., description="e.g. a NIK whose sex digit disagrees")
    version: int = Field(..., description="the case's version now: send it with the next edit")


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
