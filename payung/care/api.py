"""``/api/v1/care/``: the services catalogue, the partner directory, shelter occupancy,
referrals (both sides) and delivered services.

- ``services/``: the ten services and their SIMFONI-PPA categories; any signed-in caller.
- ``organisations/``: partner organisations, filtered by kind and by service; callers who may
  use the directory (case managers, supervisors, the system admin), within their region scope.
  A shelter's organisation carries no address and no region: its location is confidential.
- ``shelters/``: capacity and occupancy for case managers and supervisors (active shelters in
  scope) and for shelter staff (their own). ``address`` is the confidential address for the
  shelter's own staff and supervisors, and ``null`` for everyone else.
- ``referrals/``, ``inbox/``, ``service-records/``: see the section further down.

Lists run a constant number of queries per page.
"""

# No ``from __future__ import annotations``: django-ninja reads these signatures at run time
# (and resolves annotations behind ``@paginate`` in another module's namespace).

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate

from payung.audit.services import access_record
from payung.care import policies, selectors, services
from payung.care.choices import InternalUnit, ReferralStatus, ServiceOutcome, SharedField, Urgency
from payung.care.models import Referral, ReferralReport, ServiceRecord, Shelter
from payung.cases import uploads
from payung.cases.policies import can_use_cases
from payung.core.api_errors import ApiError, errors, validation_error
from payung.core.downloads import secure_download
from payung.core.pagination import BoundedLimitOffsetPagination
from payung.partners import policies as partner_policies
from payung.partners import selectors as partner_selectors
from payung.partners.choices import OrganisationKind, ServiceCode, SimfoniCategory
from payung.partners.models import Organisation, Service

router = Router(tags=["layanan"])

MAX_LIMIT = 200


class ServiceOut(Schema):
    code: ServiceCode = Field(..., description="stable identifier of the service")
    name: str
    simfoni_category: SimfoniCategory = Field(
        ..., description="SIMFONI-PPA service category a delivery is exported under by default"
    )
    simfoni_category_label: str
    simfoni_alternatives: list[SimfoniCategory] = Field(
        ..., description="categories a single delivery may be recorded under instead"
    )
    description: str

    @staticmethod
    def resolve_simfoni_category_label(obj: Service) -> str:
        return str(obj.get_simfoni_category_display())


class RegionRef(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    kind_label: str
    is_shelter: bool
    region: RegionRef | None = Field(
        None, description="where the organisation sits; null for a shelter (confidential)"
    )
    address: str = Field(..., description="office address; always empty for a shelter")
    contact_name: str
    phone: str
    email: str
    services: list[ServiceCode]
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region(obj: Organisation) -> Any:
        return None if obj.is_shelter else obj.region

    @staticmethod
    def resolve_services(obj: Organisation) -> list[str]:
        return [service.code for service in obj.services.all()]


class ShelterOut(Schema):
    id: int
    organisation_id: int
    name: str
    phone: str
    capacity: int
    occupied: int
    free: int
    is_full: bool
    address_visible: bool = Field(
        ..., description="whether the caller may read the confidential address"
    )
    address: str | None = Field(
        None, description="the confidential address; null unless address_visible"
    )


def _require(request: HttpRequest, allowed: bool) -> Any:
    if not allowed:
        raise ApiError(403)
    return request.auth  # type: ignore[attr-defined]


def _shelter_out(shelter: Shelter, addresses: dict[int, str]) -> dict[str, Any]:
    occupancy = selectors.occupancy_of(shelter)
    visible = shelter.pk in addresses
    return {
        "id": shelter.pk,
        "organisation_id": shelter.organisation_id,
        "name": shelter.organisation.name,
        "phone": shelter.organisation.phone,
        "capacity": occupancy.capacity,
        "occupied": occupancy.current,
        "free": occupancy.free,
        "is_full": occupancy.is_full,
        "address_visible": visible,
        "address": addresses.get(shelter.pk) if visible else None,
    }


@router.get("/services/", response={200: list[ServiceOut]}, summary="Katalog layanan")
def service_list(request: HttpRequest) -> QuerySet[Service]:
    return partner_selectors.service_list()


@router.get(
    "/organisations/",
    response={200: list[OrganisationOut], **errors(403, 422)},
    summary="Daftar lembaga mitra",
)
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def organisation_list(
    request: HttpRequest,
    kind: OrganisationKind | None = None,
    service: ServiceCode | None = None,
) -> QuerySet[Organisation]:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, partner_policies.may_view_directory(user))
    return partner_selectors.directory(actor=user, kind=kind or "", service=service or "")


@router.get(
    "/organisations/{pk}",
    response={200: OrganisationOut, **errors(403, 404)},
    summary="Satu lembaga mitra",
)
def organisation_detail(request: HttpRequest, pk: int) -> Organisation:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, partner_policies.may_view_directory(user))
    return partner_selectors.organisation_detail(actor=user, pk=pk)


@router.get(
    "/shelters/",
    response={200: list[ShelterOut], **errors(403)},
    summary="Rumah aman dan keterisiannya",
)
def shelter_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, policies.may_view_shelters(user))
    shelters = list(selectors.shelters_with_occupancy(actor=user))
    addresses = selectors.shelter_addresses_for(user, shelters)
    return [_shelter_out(shelter, addresses) for shelter in shelters]


@router.get(
    "/shelters/{pk}",
    response={200: ShelterOut, **errors(403, 404)},
    summary="Satu rumah aman",
)
def shelter_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    _require(request, policies.may_view_shelters(user))
    shelter = selectors.shelter_with_occupancy(actor=user, pk=pk)
    addresses = selectors.shelter_addresses_for(user, [shelter])
    if shelter.pk in addresses:
        # The confidential address is in the answer.
        access_record(
            actor=user,
            target=shelter,
            purpose="shelter.address.api",
            target_label=shelter.organisation.name,
        )
    return _shelter_out(shelter, addresses)


# =========================================================================================
# Referrals (both sides) and delivered services
#
# - ``referrals/``: the case worker's side, for the cases the caller may see (PPT officers,
#   case managers, supervisors); sending and cancelling need ``Cap.REFERRAL_MAKE``. Without
#   the victim's consent to share with the organisation the answer is 409
#   ``consent_required``, unless a supervisor gives ``override_reason`` (recorded, audited).
# - ``inbox/``: the provider's side (``Cap.REFERRAL_INBOX``): referrals to the caller's own
#   organisation only, and of each only the snapshot that was shared. Reading one is logged.
#   A step the referral's status does not allow answers 409 ``invalid_transition``.
# - ``service-records/``: services delivered to the victims of the cases the caller may see.
# A referral or case outside the caller's reach is 404, the same as one that does not exist.
# =========================================================================================


class ReferralReportOut(Schema):
    """A provider's report attached to a referral (not a reporter's report: ``ReportOut``)."""

    id: int
    content_type: str
    size: int
    uploaded_at: datetime
    description: str


class ReferralOut(Schema):
    id: int
    case_id: int
    case_number: str
    victim_id: int = Field(..., description="the victim's party id in the case")
    service: ServiceCode
    organisation_id: int
    organisation_name: str
    urgency: Urgency
    status: ReferralStatus
    shared_fields: list[SharedField] = Field(
        ..., description="what was shared beyond the minimal data set"
    )
    consent_override: bool = Field(..., description="sent without consent, by a supervisor")
    sent_at: datetime
    due_at: datetime = Field(..., description="the provider is expected to answer by then")
    overdue: bool
    scheduled_for: datetime | None
    outcome: ServiceOutcome | None
    decline_reason: str
    cancel_reason: str
    reports: list[ReferralReportOut]

    @staticmethod
    def resolve_case_number(obj: Referral) -> str:
        return obj.case.number

    @staticmethod
    def resolve_service(obj: Referral) -> str:
        return obj.service.code

    @staticmethod
    def resolve_organisation_name(obj: Referral) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_consent_override(obj: Referral) -> bool:
        return obj.consent_override_id is not None

    @staticmethod
    def resolve_overdue(obj: Referral) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_outcome(obj: Referral) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_reports(obj: Referral) -> list[ReferralReport]:
        return list(obj.reports.all())


class ReferralIn(Schema):
    case_id: int
    victim_id: int = Field(..., description="the victim's party id in the case")
    service: ServiceCode
    organisation_id: int
    urgency: Urgency = Urgency.NORMAL
    note: str = Field("", max_length=2000, description="for the provider; no names")
    share: list[SharedField] = Field(
        default_factory=list, description="extra fields to share, each by explicit choice"
    )
    override_reason: str = Field(
        "", max_length=2000, description="supervisors only: share without consent, with a reason"
    )


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class SharedOut(Schema):
    """Exactly what was shared when the referral was sent. Optional fields are absent
    (null) unless the case worker chose to share them."""

    case_number: str
    service: ServiceCode
    service_name: str
    urgency: Urgency
    alias: str
    age_group: str
    sex: str
    note: str
    name: str | None = None
    phone: str | None = None
    address: str | None = None
    nik: str | None = None
    chronology: str | None = None
    assessment: str | None = None


class InboxReferralOut(Schema):
    id: int
    case_number: str
    service: ServiceCode
    urgency: Urgency
    status: ReferralStatus
    sent_at: datetime
    due_at: datetime
    overdue: bool
    scheduled_for: datetime | None

    @staticmethod
    def resolve_case_number(obj: Referral) -> str:
        return obj.case.number

    @staticmethod
    def resolve_service(obj: Referral) -> str:
        return obj.service.code

    @staticmethod
    def resolve_overdue(obj: Referral) -> bool:
        value = getattr(obj, "overdue", None)
        return bool(obj.is_overdue() if value is None else value)


class InboxReferralDetailOut(Schema):
    id: int
    service: ServiceCode
    urgency: Urgency
    status: ReferralStatus
    sent_at: datetime
    due_at: datetime
    overdue: bool
    scheduled_for: datetime | None
    outcome: ServiceOutcome | None
    shared: SharedOut | None = Field(
        None, description="null once the referral is declined or cancelled"
    )
    reports: list[ReferralReportOut]


class AcceptIn(Schema):
    note: str = Field("", max_length=2000)


class ScheduleIn(Schema):
    scheduled_for: datetime
    note: str = Field("", max_length=2000)


class CompleteIn(Schema):
    delivered_on: date
    outcome: ServiceOutcome
    description: str = Field(..., min_length=1, max_length=5000)


class ServiceRecordOut(Schema):
    id: int
    case_id: int
    victim_id: int
    service: ServiceCode
    simfoni_category: SimfoniCategory
    delivered_on: date
    organisation_id: int | None
    organisation_name: str | None
    internal_unit: InternalUnit | None
    outcome: ServiceOutcome
    referral_id: int | None
    description: str

    @staticmethod
    def resolve_service(obj: ServiceRecord) -> str:
        return obj.service.code

    @staticmethod
    def resolve_organisation_name(obj: ServiceRecord) -> str | None:
        return obj.organisation.name if obj.organisation_id and obj.organisation else None

    @staticmethod
    def resolve_internal_unit(obj: ServiceRecord) -> str | None:
        return obj.internal_unit or None


class ServiceRecordIn(Schema):
    case_id: int
    victim_id: int
    service: ServiceCode
    delivered_on: date
    outcome: ServiceOutcome
    description: str = Field("", max_length=5000)
    organisation_id: int | None = Field(None, description="a partner, or…")
    internal_unit: InternalUnit | None = Field(None, description="…one of our own units")
    simfoni_category: SimfoniCategory | None = Field(
        None, description="empty: the service's default category"
    )


def _case_user(request: HttpRequest) -> Any:
    return _require(request, can_use_cases(request.auth))  # type: ignore[attr-defined]


def _inbox_user(request: HttpRequest) -> Any:
    return _require(request, policies.may_use_inbox(request.auth))  # type: ignore[attr-defined]


def _run(action: Any) -> Any:
    try:
        return action()
    except services.ConsentRequired as exc:
        raise ApiError(409, "consent_required", " ".join(exc.messages)) from exc
    except services.ReferralTransitionError as exc:
        raise ApiError(409, "invalid_transition", " ".join(exc.messages)) from exc
    except ValidationError as exc:
        raise validation_error(exc) from exc


def _referral_detail(pk: int) -> Referral:
    return (
        Referral.objects.select_related("case", "service", "organisation")
        .prefetch_related(Prefetch("reports", queryset=ReferralReport.objects.defer("sealed")))
        .get(pk=pk)
    )


def _unknown(field: str) -> ApiError:
    return ApiError(
        422,
        "validation_error",
        _("Data yang dikirim tidak valid."),
        details=[{"loc": ["body", field], "message": "unknown", "type": "value_error"}],
    )


def _visible_organisation(user: Any, organisation_id: int) -> Organisation:
    """A partner organisation the user may address; an unknown one is a 422 on the field."""
    organisation = (
        partner_policies.organisations_visible_to(user).filter(pk=organisation_id).first()
    )
    if organisation is None:
        raise _unknown("organisation_id")
    return organisation


def _body_case(user: Any, pk: int) -> Any:
    """A case named in a request body: one the caller may see, else 422 (as for an unknown
    organisation). Whether they may act on it is the service's question (403, or 422 when
    the case is closed)."""
    case = policies.care_cases(user).select_related("owner").filter(pk=pk).first()
    if case is None:
        raise _unknown("case_id")
    return case


def _victim(case: Any, pk: int) -> Any:
    party = case.parties.select_related("person", "person__kelurahan").filter(pk=pk).first()
    if party is None:
        raise _unknown("victim_id")
    return party


@router.get(
    "/referrals/",
    response={200: list[ReferralOut], **errors(403, 422)},
    summary="Rujukan dari kasus yang boleh Anda lihat",
)
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def referral_list(
    request: HttpRequest,
    case: int | None = None,
    status: ReferralStatus | None = None,
) -> QuerySet[Referral]:
    user = _case_user(request)
    referrals = policies.case_referrals(user)
    if case is not None:
        referrals = referrals.filter(case_id=case)
    if status is not None:
        referrals = referrals.filter(status=status)
    return (
        referrals.select_related("case", "service", "organisation")
        .prefetch_related(Prefetch("reports", queryset=ReferralReport.objects.defer("sealed")))
        .defer("snapshot")
        .order_by("-sent_at", "-pk")
    )


@router.post(
    "/referrals/",
    response={201: ReferralOut, **errors(403, 404, 409, 422)},
    summary="Rujuk korban ke lembaga mitra (persetujuan diperiksa)",
)
def referral_send(request: HttpRequest, payload: ReferralIn) -> tuple[int, Referral]:
    user = _case_user(request)
    if not policies.may_refer(user):
        raise ApiError(403)
    case = _body_case(user, payload.case_id)
    victim = _victim(case, payload.victim_id)
    organisation = _visible_organisation(user, payload.organisation_id)
    service = Service.objects.get(code=payload.service)
    referral = _run(
        lambda: services.referral_send(
            actor=user,
            case=case,
            victim=victim,
            service=service,
            organisation=organisation,
            urgency=payload.urgency,
            note=payload.note,
            share=[str(s) for s in payload.share],
            override_reason=payload.override_reason,
        )
    )
    return 201, _referral_detail(referral.pk)


@router.get(
    "/referrals/{pk}",
    response={200: ReferralOut, **errors(403, 404)},
    summary="Satu rujukan (sisi manajer kasus)",
)
def referral_detail(request: HttpRequest, pk: int) -> Referral:
    user = _case_user(request)
    referral = policies.get_case_referral_for(user, pk)
    access_record(
        actor=user, target=referral, purpose="referral.api", target_label=referral.case.number
    )
    return _referral_detail(referral.pk)


@router.post(
    "/referrals/{pk}/cancel",
    response={200: ReferralOut, **errors(403, 404, 409, 422)},
    summary="Batalkan rujukan",
)
def referral_cancel(request: HttpRequest, pk: int, payload: ReasonIn) -> Referral:
    user = _case_user(request)
    if not policies.may_refer(user):
        raise ApiError(403)
    referral = policies.get_case_referral_for(user, pk, need="refer")
    _run(lambda: services.referral_cancel(actor=user, referral=referral, reason=payload.reason))
    return _referral_detail(referral.pk)


@router.get(
    "/referrals/{pk}/reports/{report_pk}",
    response={200: None, **errors(403, 404)},
    summary="Unduh laporan penyedia (tercatat di log akses)",
)
def referral_report_download(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    user = request.auth  # type: ignore[attr-defined]
    if not (can_use_cases(user) or policies.may_use_inbox(user)):
        raise ApiError(403)
    report = policies.get_referral_report_for(user, pk, report_pk)
    access_record(
        actor=user,
        target=report,
        purpose="referral.report.api",
        target_label=report.referral.case.number,
    )
    return secure_download(
        services.referral_report_read(report),
        report.content_type,
        f"{report.referral.case.number}-laporan-rujukan-{report.pk}.{report.extension}",
    )


# --- the provider's inbox -----------------------------------------------------------------------


def _inbox_out(referral: Referral) -> dict[str, Any]:
    shared = referral.shared() if referral.shows_shared_data else None
    return {
        "id": referral.pk,
        "service": referral.service.code,
        "urgency": referral.urgency,
        "status": referral.status,
        "sent_at": referral.sent_at,
        "due_at": referral.due_at,
        "overdue": referral.is_overdue(),
        "scheduled_for": referral.scheduled_for,
        "outcome": referral.outcome or None,
        "shared": shared,
        "reports": list(referral.reports.defer("sealed").order_by("pk")),
    }


def _inbox_referral(request: HttpRequest, pk: int) -> tuple[Any, Referral]:
    user = _inbox_user(request)
    return user, policies.get_inbox_referral_for(user, pk)


@router.get(
    "/inbox/",
    response={200: list[InboxReferralOut], **errors(403, 422)},
    summary="Rujukan masuk ke lembaga Anda (tanpa data korban)",
)
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def inbox_list(
    request: HttpRequest,
    show: str = Query("terbuka", pattern="^(terbuka|selesai|ditutup|semua)$"),  # noqa: B008
) -> QuerySet[Referral]:
    return selectors.inbox(_inbox_user(request), show=show)


@router.get(
    "/inbox/{pk}",
    response={200: InboxReferralDetailOut, **errors(403, 404)},
    summary="Satu rujukan masuk, dengan data yang dibagikan (tercatat di log akses)",
)
def inbox_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    user, referral = _inbox_referral(request, pk)
    access_record(
        actor=user,
        target=referral,
        purpose="referral.provider_api",
        target_label=referral.shared().get("case_number", ""),
    )
    return _inbox_out(referral)


@router.post(
    "/inbox/{pk}/accept",
    response={200: InboxReferralDetailOut, **errors(403, 404, 409, 422)},
    summary="Terima rujukan",
)
def inbox_accept(request: HttpRequest, pk: int, payload: AcceptIn) -> dict[str, Any]:
    user, referral = _inbox_referral(request, pk)
    return _inbox_out(
        _run(lambda: services.referral_accept(actor=user, referral=referral, note=payload.note))
    )


@router.post(
    "/inbox/{pk}/decline",
    response={200: InboxReferralDetailOut, **errors(403, 404, 409, 422)},
    summary="Tolak rujukan (dengan alasan)",
)
def inbox_decline(request: HttpRequest, pk: int, payload: ReasonIn) -> dict[str, Any]:
    user, referral = _inbox_referral(request, pk)
    return _inbox_out(
        _run(
            lambda: services.referral_decline(actor=user, referral=referral, reason=payload.reason)
        )
    )


@router.post(
    "/inbox/{pk}/schedule",
    response={200: InboxReferralDetailOut, **errors(403, 404, 409, 422)},
    summary="Jadwalkan (atau ubah jadwal) layanan",
)
def inbox_schedule(request: HttpRequest, pk: int, payload: ScheduleIn) -> dict[str, Any]:
    user, referral = _inbox_referral(request, pk)
    return _inbox_out(
        _run(
            lambda: services.referral_schedule(
                actor=user,
                referral=referral,
                scheduled_for=payload.scheduled_for,
                note=payload.note,
            )
        )
    )


@router.post(
    "/inbox/{pk}/complete",
    response={200: InboxReferralDetailOut, **errors(403, 404, 409, 422)},
    summary="Catat layanan yang diberikan dan hasilnya",
)
def inbox_complete(request: HttpRequest, pk: int, payload: CompleteIn) -> dict[str, Any]:
    user, referral = _inbox_referral(request, pk)
    return _inbox_out(
        _run(
            lambda: services.referral_complete(
                actor=user,
                referral=referral,
                delivered_on=payload.delivered_on,
                outcome=payload.outcome,
                description=payload.description,
            )
        )
    )


@router.post(
    "/inbox/{pk}/reports",
    response={201: ReferralReportOut, **errors(403, 404, 409, 413, 415, 422)},
    summary="Lampirkan laporan (JPEG, PNG atau PDF; disimpan terenkripsi)",
)
def inbox_report_upload(
    request: HttpRequest,
    pk: int,
    file: UploadedFile | None = File(None),  # noqa: B008
    description: str = Form("", max_length=500),  # noqa: B008
) -> tuple[int, ReferralReport]:
    # The caller is authorised before the upload is looked at: an outsider learns nothing.
    user, referral = _inbox_referral(request, pk)
    if file is None:
        raise ApiError(
            422,
            "validation_error",
            _("Kirim berkas laporan (file)."),
            details=[{"loc": ["form", "file"], "message": "file is required", "type": "missing"}],
        )
    try:
        attachment = uploads.check_upload(file)
    except ValidationError as exc:
        status = 413 if exc.code == "too_large" else 415
        raise ApiError(status, message=" ".join(exc.messages)) from exc
    report = _run(
        lambda: services.referral_report_upload(
            actor=user, referral=referral, attachment=attachment, description=description
        )
    )
    return 201, report


# --- delivered services ------------------------------------------------------------------------


@router.get(
    "/service-records/",
    response={200: list[ServiceRecordOut], **errors(403, 422)},
    summary="Layanan yang diberikan (kasus yang boleh Anda lihat)",
)
@paginate(BoundedLimitOffsetPagination, max_limit=MAX_LIMIT)
def service_record_list(request: HttpRequest, case: int | None = None) -> QuerySet[ServiceRecord]:
    user = _case_user(request)
    records = ServiceRecord.objects.filter(case__in=policies.care_cases(user).values("pk"))
    if case is not None:
        records = records.filter(case_id=case)
    return records.select_related("service", "organisation").order_by("-delivered_on", "-pk")


@router.post(
    "/service-records/",
    response={201: ServiceRecordOut, **errors(403, 404, 409, 422)},
    summary="Catat layanan yang diberikan",
)
def service_record_add(request: HttpRequest, payload: ServiceRecordIn) -> tuple[int, ServiceRecord]:
    user = _case_user(request)
    case = _body_case(user, payload.case_id)
    victim = _victim(case, payload.victim_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = _visible_organisation(user, payload.organisation_id)
    service = Service.objects.get(code=payload.service)
    record = _run(
        lambda: services.service_record_add(
            actor=user,
            case=case,
            victim=victim,
            service=service,
            delivered_on=payload.delivered_on,
            outcome=payload.outcome,
            description=payload.description,
            organisation=organisation,
            internal_unit=payload.internal_unit or "",
            simfoni_category=payload.simfoni_category or "",
        )
    )
    return 201, ServiceRecord.objects.select_related("service", "organisation").get(pk=record.pk)
