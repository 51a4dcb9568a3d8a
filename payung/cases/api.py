"""``/api/v1/reports/``: reports for hotlines and partner systems, and the triage actions.

- Creating needs ``Cap.REPORT_INTAKE`` and an ``Idempotency-Key`` header: the same key (per
  caller) returns the same report with 200 instead of 201, and the same key with a different
  body is refused with 409.
- Lists and single reports are limited to the caller's scope (``policies.visible_reports``);
  a report outside it answers 404, the same as one that does not exist.
- Triage actions need ``Cap.REPORT_TRIAGE``; a move the report's state does not allow is 409.

Lists never read an encrypted column and run a constant number of queries per page.
"""

# No ``from __future__ import annotations``: django-ninja reads these signatures at run time
# (and resolves annotations behind ``@paginate`` in another module's namespace).

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate

from payung.accounts.api_auth import require_capability
from payung.accounts.models import User
from payung.accounts.roles import Cap
from payung.audit.services import access_record
from payung.cases import policies, selectors, services
from payung.cases.choices import (
    AgeGroup,
    Channel,
    ContactChannel,
    NotCaseReason,
    PlaceCategory,
    PublicStatus,
    ReporterRelation,
    ReportStatus,
    RiskLevel,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.models import Case, Report
from payung.core.api_errors import ApiError, errors, validation_error
from payung.core.pagination import CappedLimitOffsetPagination
from payung.regions.models import Region

router = Router(tags=["laporan"])

MAX_LIMIT = 200
KELURAHAN_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
# Printable ASCII, no space at either end: the same key reaches the same report.
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]{6,198})[!-~]$"


# --- schemas -------------------------------------------------------------------------------


class ReportCreateIn(Schema):
    """A report received by a hotline or partner system (never the public web form)."""

    channel: Channel = Field(..., description="how it reached you; 'web' is the public form's own")
    source_reference: str = Field("", max_length=100, description="the sender's reference number")
    received_at: datetime | None = Field(None, description="when it was received; default now")
    kelurahan_code: str | None = Field(
        None, pattern=KELURAHAN_PATTERN, description="Kemendagri code of the kelurahan"
    )
    outside_city: bool = False
    outside_city_place: str = Field("", max_length=200)
    address_detail: str = Field("", max_length=300)
    place_category: PlaceCategory
    reporter_anonymous: bool = True
    reporter_name: str = Field("", max_length=150)
    reporter_relation: ReporterRelation
    reporter_phone: str = Field("", max_length=30)
    reporter_email: str = Field("", max_length=254)
    contact_channel: ContactChannel
    contact_safe_times: str = Field("", max_length=200)
    violence_forms: list[ViolenceForm] = Field(
        ..., min_length=1, max_length=len(ViolenceForm.values)
    )
    description: str = Field(..., min_length=1, max_length=5000)
    incident_date: date | None = None
    incident_date_approximate: bool = False
    victim_name: str = Field("", max_length=150)
    victim_age: int | None = Field(None, ge=0, le=120)
    victim_age_group: AgeGroup | None = None
    victim_sex: Sex
    victim_is_child: YesNoUnknown = YesNoUnknown.UNKNOWN
    victim_disability: YesNoUnknown = YesNoUnknown.UNKNOWN
    danger_now: bool = False
    risk_level: RiskLevel | None = Field(
        None, description="if already assessed; else derived and provisional"
    )
    consent: bool = Field(False, description="the reporter agreed to the data being recorded")


class RegionRef(Schema):
    code: str
    name: str


class Flags(Schema):
    child: bool
    sexual_violence: bool
    disability: bool
    danger_now: bool


class ReportOut(Schema):
    id: int
    tracking_code: str
    channel: Channel
    received_at: datetime
    region_code: str
    kelurahan: RegionRef | None
    outside_city: bool
    place_category: PlaceCategory
    violence_forms: list[str]
    risk_level: RiskLevel
    risk_provisional: bool
    due_at: datetime
    overdue: bool
    flags: Flags
    status: ReportStatus
    public_status: PublicStatus
    case_number: str | None

    @staticmethod
    def resolve_tracking_code(obj: Report) -> str:
        return obj.display_code

    @staticmethod
    def resolve_overdue(obj: Report) -> bool:
        return obj.status == ReportStatus.NEW and obj.due_at <= timezone.now()

    @staticmethod
    def resolve_flags(obj: Report) -> dict[str, bool]:
        return {
            "child": obj.flag_child,
            "sexual_violence": obj.flag_sexual,
            "disability": obj.flag_disability,
            "danger_now": obj.danger_now,
        }

    @staticmethod
    def resolve_case_number(obj: Report) -> str | None:
        return obj.case.number if obj.case is not None else None


class ReportEventOut(Schema):
    kind: str
    at: datetime
    actor: str | None
    data: dict[str, Any]
    note: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor_id else None


class AttachmentOut(Schema):
    id: int
    content_type: str
    size: int


class ReportDetailOut(ReportOut):
    source_reference: str
    outside_city_place: str
    address_detail: str
    reporter_anonymous: bool
    reporter_name: str
    reporter_relation: ReporterRelation
    reporter_phone: str
    reporter_email: str
    contact_channel: ContactChannel
    contact_safe_times: str
    description: str
    incident_date: date | None
    incident_date_approximate: bool
    victim_name: str
    victim_age: int | None
    victim_age_group: str
    victim_sex: Sex
    victim_is_child: YesNoUnknown
    victim_disability: YesNoUnknown
    referred_to: str
    not_case_reason: str
    public_message: str
    pin_locked: bool
    history: list[ReportEventOut]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_pin_locked(obj: Report) -> bool:
        return obj.is_locked

    @staticmethod
    def resolve_history(obj: Report) -> list[Any]:
        return list(selectors.report_history(obj))

    @staticmethod
    def resolve_attachments(obj: Report) -> list[Any]:
        return list(selectors.report_attachments(obj))


class ReportCreatedOut(Schema):
    report: ReportOut
    tracking_code: str = Field(..., description="give it to the reporter with the PIN")
    pin: str = Field(
        ...,
        description="6 digits; stored only as a hash, returned again only on a retry with the same key",
    )
    created: bool


class CaseSummaryOut(Schema):
    """The case a report opened; ``GET /api/v1/cases/{id}`` has all of it (``CaseDetailOut``)."""

    id: int
    number: str
    status: str
    region_code: str
    risk_level: RiskLevel
    owner: str | None
    version: int = Field(..., description="send it with the next edit of the case")

    @staticmethod
    def resolve_owner(obj: Case) -> str | None:
        return obj.owner.username if obj.owner is not None else None


class RiskIn(Schema):
    risk_level: RiskLevel
    note: str = Field("", max_length=2000)


class TriageNoteIn(Schema):
    note: str = Field("", max_length=2000)
    message: str | None = Field(None, max_length=1000, description="new message for the reporter")


class OpenCaseIn(TriageNoteIn):
    owner: str | None = Field(
        None, max_length=150, description="username of the case manager; default the caller"
    )


class AttachIn(TriageNoteIn):
    case_number: str = Field(..., max_length=40)


class ReferOutIn(TriageNoteIn):
    destination: str = Field(..., min_length=1, max_length=200)


class NotCaseIn(TriageNoteIn):
    reason: NotCaseReason


class MessageIn(Schema):
    message: str = Field(..., max_length=1000)


# --- helpers -------------------------------------------------------------------------------


def _run(action: Any) -> Any:
    try:
        return action()
    except services.TransitionError as exc:
        raise ApiError(409, "invalid_transition", " ".join(exc.messages)) from exc
    except ValidationError as exc:
        raise validation_error(exc) from exc


def _detail(user: User, pk: int) -> Report:
    return policies.get_report_for(user, pk)


def _triager(request: HttpRequest, pk: int) -> tuple[User, Report]:
    user = require_capability(request, Cap.REPORT_TRIAGE)
    return user, _detail(user, pk)


def _readable(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    if not policies.can_use_reports(user):
        raise ApiError(403)
    return user


# --- endpoints -----------------------------------------------------------------------------


@router.post(
    "/",
    response={200: ReportCreatedOut, 201: ReportCreatedOut, **errors(403, 409, 422)},
    summary="Catat laporan (hotline / sistem mitra)",
)
def report_create(
    request: HttpRequest,
    payload: ReportCreateIn,
    response: HttpResponse,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="required: 8–200 visible characters, unique per submission; a retry sends the same value",
    ),
) -> tuple[int, dict[str, Any]]:
    user = require_capability(request, Cap.REPORT_INTAKE)
    key = idempotency_key
    if payload.channel == Channel.WEB:
        raise ApiError(
            422,
            "validation_error",
            _("Saluran 'web' hanya untuk formulir publik."),
            details=[{"loc": ["body", "channel"], "message": "web is reserved", "type": "enum"}],
        )
    kelurahan = None
    if payload.kelurahan_code:
        kelurahan = Region.objects.filter(code=payload.kelurahan_code).first()
        if kelurahan is None:
            raise ApiError(
                422,
                "validation_error",
                _("Kelurahan tidak dikenal."),
                details=[
                    {
                        "loc": ["body", "kelurahan_code"],
                        "message": "unknown kelurahan",
                        "type": "value_error",
                    }
                ],
            )
    data = services.ReportInput(
        channel=payload.channel,
        reporter_relation=payload.reporter_relation,
        violence_forms=[str(v) for v in payload.violence_forms],
        description=payload.description,
        place_category=payload.place_category,
        victim_sex=payload.victim_sex,
        contact_channel=payload.contact_channel,
        kelurahan=kelurahan,
        outside_city=payload.outside_city,
        outside_city_place=payload.outside_city_place,
        address_detail=payload.address_detail,
        reporter_anonymous=payload.reporter_anonymous,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        reporter_email=payload.reporter_email,
        contact_safe_times=payload.contact_safe_times,
        incident_date=payload.incident_date,
        incident_date_approximate=payload.incident_date_approximate,
        victim_name=payload.victim_name,
        victim_age=payload.victim_age,
        victim_age_group=str(payload.victim_age_group or ""),
        victim_is_child=payload.victim_is_child,
        victim_disability=payload.victim_disability,
        danger_now=payload.danger_now,
        risk_level=str(payload.risk_level or ""),
        consent=payload.consent,
        consent_text="API" if payload.consent else "",
        source_reference=payload.source_reference,
        received_at=payload.received_at,
    )
    try:
        submission = _run(
            lambda: services.report_create(
                actor=user,
                data=data,
                idempotency_namespace=f"api:{user.pk}",
                idempotency_key=key,
                strict_idempotency=True,
            )
        )
    except services.IdempotencyConflict as exc:
        raise ApiError(
            409,
            "idempotency_key_reused",
            _("Idempotency-Key ini sudah dipakai untuk laporan dengan isi berbeda."),
            details=[{"report_id": exc.report.pk}],
        ) from exc
    report = Report.objects.select_related("kelurahan", "case").get(pk=submission.report.pk)
    body = {
        "report": report,
        "tracking_code": report.display_code,
        "pin": submission.pin or "",
        "created": submission.created,
    }
    response["Location"] = f"{request.path.rstrip('/')}/{report.pk}"
    return (201 if submission.created else 200), body


@router.get(
    "/",
    response={200: list[ReportOut], **errors(403, 422)},
    summary="Daftar laporan dalam wilayah Anda",
)
@paginate(CappedLimitOffsetPagination, max_limit=MAX_LIMIT)
def report_list(
    request: HttpRequest,
    status: ReportStatus | None = Query(None, description="filter by triage status"),  # noqa: B008
) -> QuerySet[Report]:
    user = _readable(request)
    return selectors.report_list(user, status=str(status or ""))


@router.get("/{pk}", response={200: ReportDetailOut, **errors(403, 404)}, summary="Satu laporan")
def report_detail(request: HttpRequest, pk: int) -> Report:
    user = _readable(request)
    report = _detail(user, pk)
    access_record(actor=user, target=report, purpose="report.view.api", target_label=report.label)
    return report


@router.post(
    "/{pk}/risk",
    response={200: ReportOut, **errors(403, 404, 409, 422)},
    summary="Tetapkan tingkat risiko",
)
def report_set_risk(request: HttpRequest, pk: int, payload: RiskIn) -> Report:
    user, report = _triager(request, pk)
    return _run(
        lambda: services.report_set_risk(
            actor=user, report=report, risk_level=payload.risk_level, note=payload.note
        )
    )


def _owner(user: User, username: str | None) -> User | None:
    if not username:
        return None
    owner = selectors.case_owner_choices(user).filter(username=username).first()
    if owner is None:
        raise ApiError(
            422,
            "validation_error",
            _("Manajer kasus tidak dikenal."),
            details=[
                {"loc": ["body", "owner"], "message": "unknown case manager", "type": "value_error"}
            ],
        )
    return owner


@router.post(
    "/{pk}/open-case",
    response={201: CaseSummaryOut, **errors(403, 404, 409, 422)},
    summary="Buka kasus baru dari laporan",
)
def report_open_case(request: HttpRequest, pk: int, payload: OpenCaseIn) -> tuple[int, Case]:
    user, report = _triager(request, pk)
    owner = _owner(user, payload.owner)
    case = _run(
        lambda: services.report_open_case(
            actor=user, report=report, owner=owner, note=payload.note, message=payload.message
        )
    )
    return 201, Case.objects.select_related("owner").get(pk=case.pk)


@router.post(
    "/{pk}/attach",
    response={200: ReportOut, **errors(403, 404, 409, 422)},
    summary="Gabungkan ke kasus yang ada",
)
def report_attach(request: HttpRequest, pk: int, payload: AttachIn) -> Report:
    user, report = _triager(request, pk)
    case = policies.attachable_cases(user).filter(number=payload.case_number.strip()).first()
    if case is None:
        raise ApiError(
            422,
            "validation_error",
            _("Kasus dengan nomor ini tidak ditemukan di wilayah Anda."),
            details=[
                {"loc": ["body", "case_number"], "message": "unknown case", "type": "value_error"}
            ],
        )
    return _run(
        lambda: services.report_attach_to_case(
            actor=user, report=report, case=case, note=payload.note, message=payload.message
        )
    )


@router.post(
    "/{pk}/refer-out",
    response={200: ReportOut, **errors(403, 404, 409, 422)},
    summary="Rujuk ke luar kota",
)
def report_refer_out(request: HttpRequest, pk: int, payload: ReferOutIn) -> Report:
    user, report = _triager(request, pk)
    return _run(
        lambda: services.report_refer_out(
            actor=user,
            report=report,
            destination=payload.destination,
            note=payload.note,
            message=payload.message,
        )
    )


@router.post(
    "/{pk}/close-not-case",
    response={200: ReportOut, **errors(403, 404, 409, 422)},
    summary="Tutup: bukan kasus",
)
def report_close_not_case(request: HttpRequest, pk: int, payload: NotCaseIn) -> Report:
    user, report = _triager(request, pk)
    return _run(
        lambda: services.report_close_not_case(
            actor=user,
            report=report,
            reason=payload.reason,
            note=payload.note,
            message=payload.message,
        )
    )


@router.post(
    "/{pk}/message",
    response={200: ReportOut, **errors(403, 404, 422)},
    summary="Pesan untuk pelapor",
)
def report_message(request: HttpRequest, pk: int, payload: MessageIn) -> Report:
    user = _readable(request)
    report = policies.get_report_for(user, pk, need="message")
    return _run(
        lambda: services.report_set_public_message(
            actor=user, report=report, message=payload.message
        )
    )
