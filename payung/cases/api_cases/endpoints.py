"""Endpoints of the cases API: the case, its parties, incidents, status, assessments, consent, deadlines, documents."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, UploadedFile
from ninja.pagination import paginate

from payung.audit.services import access_record
from payung.cases import policies, selectors, services, uploads
from payung.cases.api_cases.common import (
    MAX_LIMIT,
    _case,
    _case_version,
    _detail,
    _kelurahan,
    _party,
    _person_input,
    _person_patch,
    _run,
    _user,
    router,
)
from payung.cases.api_cases.schemas import (
    AssessmentIn,
    AssessmentOut,
    CaseDetailOut,
    CaseEditIn,
    CaseOut,
    ClosureDecisionIn,
    ClosureOut,
    ClosureRequestIn,
    ConsentIn,
    ConsentOut,
    DeadlineOut,
    DocumentOut,
    IncidentIn,
    IncidentOut,
    PartyCreatedOut,
    PartyIn,
    PartyOut,
    PersonUpdateIn,
    StatusChangeOut,
    TransitionIn,
    WithdrawIn,
)
from payung.cases.choices import (
    CaseStatus,
    DocumentKind,
    RiskLevel,
    ViolenceForm,
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
from payung.core.api_errors import ApiError, errors
from payung.core.downloads import secure_download
from payung.core.pagination import CappedLimitOffsetPagination

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
    existing = None
    if payload.existing_person is not None:
        # Someone the user may not see is answered like someone who does not exist.
        existing = policies.visible_people(user).filter(pk=payload.existing_person).first()
        if existing is None:
            raise ApiError(
                422,
                "validation_error",
                _("Orang tidak ditemukan."),
                details=[
                    {
                        "loc": ["body", "existing_person"],
                        "message": "unknown person",
                        "type": "value_error",
                    }
                ],
            )
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
            existing_person=existing,
        )
    )
    return 201, {
        "party": result.party,
        "warnings": result.warnings,
        "version": _case_version(case.pk),
    }


@router.patch(
    "/{pk}/people/{party_pk}",
    response={200: PartyCreatedOut, **errors(403, 404, 409, 422)},
    summary="Ubah data orang (hanya kolom yang dikirim)",
)
def person_update(
    request: HttpRequest, pk: int, party_pk: int, payload: PersonUpdateIn
) -> dict[str, Any]:
    user, case = _case(request, pk, "edit")
    party = case.parties.select_related("person").filter(pk=party_pk).first()
    if party is None or party.person is None:
        raise ApiError(404)
    person = party.person
    warnings = _run(
        lambda: services.person_update(
            actor=user,
            case=case,
            party=party,
            version=payload.version,
            data=_person_patch(person, payload),
        )
    )
    party = CaseParty.objects.select_related("person", "person__kelurahan").get(pk=party.pk)
    return {"party": party, "warnings": warnings, "version": _case_version(case.pk)}


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
    consent = _run(
        lambda: services.consent_record(
            actor=user,
            case=case,
            subject=subject,
            given_by=given_by,
            purpose=payload.purpose,
            method=payload.method,
            given_on=payload.given_on,
            organisation=payload.organisation_id or payload.organisation_name or None,
            organisation_name=payload.organisation_name if payload.organisation_id else "",
            note=payload.note,
        )
    )
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
    return list(
        case.deadlines.select_related("rule").order_by(F("due_at").asc(nulls_last=True), "pk")
    )


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
    return secure_download(
        document.unseal(),
        document.content_type,
        f"{case.number}-dokumen-{document.pk}.{document.extension}",
    )
