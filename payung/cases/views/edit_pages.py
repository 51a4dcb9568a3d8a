"""Edit pages of a case: each a form of its own, carrying the version it was loaded at."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from payung.accounts.http import StaffRequest
from payung.audit.services import access_record
from payung.cases import forms, policies, selectors, services
from payung.cases.models import CasePlan
from payung.cases.views.case_pages import _back, cases_required
from payung.core.forms import add_validation_errors

# --- edit pages (a form of their own, carrying the version) ------------------------------------


def _form_page(
    request: StaffRequest,
    case: Any,
    form: Any,
    *,
    title: str,
    action: str,
    conflict: Any = None,
    warnings: list[str] | None = None,
    status: int = 200,
    template: str = "cases/case_form.html",
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "case": case,
            "form": form,
            "title": title,
            "action": action,
            "conflict": conflict,
            "warnings": warnings or [],
        },
        status=status,
    )


def _conflict_form(form: Any, conflict: services.EditConflict) -> Any:
    """The same input again, now carrying the current version: saving once more is a
    conscious decision after reading the other person's changes."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(conflict.current_version)
    return type(form)(data, **form.init_kwargs)


def _init(form_class: Any, *args: Any, **kwargs: Any) -> Any:
    form = form_class(*args, **kwargs)
    form.init_kwargs = kwargs
    return form


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def case_edit(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    kw = {"kelurahan_options": selectors.kelurahan_options()}
    title = _("Ubah data kasus")
    action = request.path
    if request.method == "GET":
        form = _init(
            forms.CaseEditForm,
            initial={
                "version": case.version,
                "risk_level": case.risk_level,
                "kelurahan": case.kelurahan,
            },
            **kw,
        )
        return _form_page(request, case, form, title=title, action=action)
    form = _init(forms.CaseEditForm, request.POST, **kw)
    if not form.is_valid():
        return _form_page(request, case, form, title=title, action=action, status=400)
    try:
        services.case_update(
            actor=request.user,
            case=case,
            version=form.cleaned_data["version"],
            risk_level=form.cleaned_data["risk_level"],
            kelurahan=form.cleaned_data["kelurahan"],
        )
    except services.EditConflict as exc:
        return _form_page(
            request,
            case,
            _conflict_form(form, exc),
            title=title,
            action=action,
            conflict=exc,
            status=409,
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _form_page(request, case, form, title=title, action=action, status=400)
    messages.success(request, _("Data kasus disimpan."))
    return _back(case)


def _party_page(
    request: StaffRequest,
    case: Any,
    form: Any = None,
    *,
    matches: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Step one (``form`` None): which role. Step two: that role's fields, and when the NIK
    entered is already someone's, the question whether it is the same person."""
    if form is None:
        return render(
            request,
            "cases/party_role.html",
            {"case": case, "kinds": forms.PARTY_KINDS, "title": _("Tambah orang ke kasus")},
            status=status,
        )
    return render(
        request,
        "cases/party_form.html",
        {
            "case": case,
            "form": form,
            "kind": form.party_kind,
            "title": _("Tambah ke kasus: %(kind)s") % {"kind": form.party_kind.label},
            "matches": matches or [],
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def party_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    parties = list(case.parties.select_related("person"))
    kw: dict[str, Any] = {
        "kelurahan_options": selectors.kelurahan_options(),
        "parties": parties,
        "allow_override": policies.is_supervisor(request.user),
    }
    if request.method == "GET":
        kind = forms.party_kind(request.GET.get("peran"), request.GET.get("jenis"))
        if kind is None:
            return _party_page(request, case)
        return _party_page(request, case, forms.PartyForm(party_kind=kind, **kw))
    kind = forms.party_kind(request.POST.get("role"), request.POST.get("kind"))
    if kind is None:
        return _party_page(request, case, status=400)
    form = forms.PartyForm(request.POST, party_kind=kind, **kw)
    if not form.is_valid():
        return _party_page(request, case, form, status=400)
    nik = form.cleaned_data.get("nik") or ""
    matches = selectors.nik_matches(request.user, nik) if kind.needs_person and nik else []
    if matches:
        form = forms.PartyForm(request.POST, party_kind=kind, matches=matches, **kw)
        if not form.is_valid():  # a choice that is not one of the people offered
            return _party_page(request, case, form, matches=matches, status=400)
        if not form.decision():
            # Other cases' numbers and a person's alias are about to be shown: logged.
            access_record(
                actor=request.user,
                target=case,
                purpose="case.person.nik_match",
                target_label=case.number,
            )
            return _party_page(request, case, form, matches=matches)
    d = form.cleaned_data
    existing = form.existing_person() if matches else None
    try:
        result = services.party_add(
            actor=request.user,
            case=case,
            role=kind.role,
            person=form.person_input() if kind.needs_person and existing is None else None,
            perpetrator_kind=kind.perpetrator_kind,
            group_size=d.get("group_size"),
            organisation_name=d.get("organisation_name") or "",
            relationship=d.get("relationship") or "",
            guardian_for={str(p.pk): p for p in parties}.get(d.get("guardian_for") or ""),
            guardian_relation=d.get("guardian_relation") or "",
            anonymous=kind.anonymous,
            existing_person=existing,
            perpetrator_override=d.get("perpetrator_override") or "",
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _party_page(request, case, form, matches=matches, status=400)
    if existing is not None:
        messages.success(request, _("Orang yang sudah tercatat ditautkan ke kasus ini."))
    else:
        messages.success(request, _("Orang ditambahkan ke kasus."))
    for warning in result.warnings:
        messages.warning(request, warning)
    return _back(case, "pihak")


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def person_edit(request: StaffRequest, pk: int, party_pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    party = case.parties.select_related("person").filter(pk=party_pk, person__isnull=False).first()
    if party is None:
        raise Http404
    access_record(
        actor=request.user, target=case, purpose="case.person.edit", target_label=case.number
    )
    kw = {"kelurahan_options": selectors.kelurahan_options()}
    title = _("Ubah data %(role)s") % {"role": party.get_role_display().lower()}
    if request.method == "GET":
        initial = {**forms.PersonForm.initial_for(party.person), "version": case.version}
        form = _init(forms.PersonEditForm, initial=initial, **kw)
        return _form_page(request, case, form, title=title, action=request.path)
    form = _init(forms.PersonEditForm, request.POST, **kw)
    if not form.is_valid():
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    try:
        warnings = services.person_update(
            actor=request.user,
            case=case,
            party=party,
            version=form.cleaned_data["version"],
            data=form.person_input(),
        )
    except services.EditConflict as exc:
        return _form_page(
            request,
            case,
            _conflict_form(form, exc),
            title=title,
            action=request.path,
            conflict=exc,
            status=409,
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    messages.success(request, _("Data orang disimpan."))
    for warning in warnings:
        messages.warning(request, warning)
    return _back(case, "pihak")


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def incident_add(request: StaffRequest, pk: int) -> HttpResponse:
    return _incident_form(request, pk, None)


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def incident_edit(request: StaffRequest, pk: int, incident_pk: int) -> HttpResponse:
    return _incident_form(request, pk, incident_pk)


def _incident_form(request: StaffRequest, pk: int, incident_pk: int | None) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    incident = None
    if incident_pk is not None:
        incident = (
            case.incidents.prefetch_related("victims", "perpetrators")
            .filter(pk=incident_pk)
            .first()
        )
        if incident is None:
            raise Http404
        access_record(
            actor=request.user, target=case, purpose="case.incident.edit", target_label=case.number
        )
    parties = list(case.parties.select_related("person"))
    kw = {"parties": parties, "kelurahan_options": selectors.kelurahan_options()}
    title = _("Ubah kejadian") if incident else _("Tambah kejadian")
    if request.method == "GET":
        initial = (
            forms.IncidentForm.initial_for(incident) if incident else {"kelurahan": case.kelurahan}
        )
        initial["version"] = case.version
        form = _init(forms.IncidentForm, initial=initial, **kw)
        return _form_page(request, case, form, title=title, action=request.path)
    form = _init(forms.IncidentForm, request.POST, **kw)
    if not form.is_valid():
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    try:
        if incident is None:
            services.incident_add(actor=request.user, case=case, data=form.incident_input())
        else:
            services.incident_update(
                actor=request.user,
                case=case,
                incident=incident,
                version=form.cleaned_data["version"],
                data=form.incident_input(),
            )
    except services.EditConflict as exc:
        return _form_page(
            request,
            case,
            _conflict_form(form, exc),
            title=title,
            action=request.path,
            conflict=exc,
            status=409,
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    messages.success(request, _("Kejadian disimpan."))
    return _back(case, "kejadian")


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def assessment_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    parties = list(case.parties.select_related("person"))
    title = _("Asesmen biopsikososial")
    if request.method == "GET":
        form = forms.AssessmentForm(parties=parties, initial={"assessed_on": timezone.localdate()})
        return _form_page(
            request,
            case,
            form,
            title=title,
            action=request.path,
            template="cases/assessment_form.html",
        )
    form = forms.AssessmentForm(request.POST, parties=parties)
    if not form.is_valid():
        return _form_page(
            request,
            case,
            form,
            title=title,
            action=request.path,
            status=400,
            template="cases/assessment_form.html",
        )
    d = form.cleaned_data
    try:
        services.assessment_record(
            actor=request.user,
            case=case,
            victim=form.parties[d["victim"]],
            assessed_on=d["assessed_on"],
            levels=form.levels(),
            notes=form.notes(),
            summary=d.get("summary", ""),
            economic_empowerment_need=bool(d.get("economic_empowerment_need")),
            disability_accommodation=bool(d.get("disability_accommodation")),
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _form_page(
            request,
            case,
            form,
            title=title,
            action=request.path,
            status=400,
            template="cases/assessment_form.html",
        )
    messages.success(request, _("Asesmen disimpan."))
    return _back(case, "asesmen")


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def plan_edit(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    parties = list(case.parties.select_related("person"))
    title = _("Rencana intervensi")
    plan = CasePlan.objects.filter(case=case).first()
    if request.method == "GET":
        initial: dict[str, Any] = {"version": case.version}
        if plan is not None:
            initial.update(
                goals=plan.goals,
                agreed=plan.agreed,
                agreed_on=plan.agreed_on,
                agreed_by=str(plan.agreed_by_id or ""),
                child_views=plan.child_views,
                best_interests=plan.best_interests,
            )
        form = _init(forms.PlanForm, initial=initial, parties=parties)
        return _form_page(request, case, form, title=title, action=request.path)
    form = _init(forms.PlanForm, request.POST, parties=parties)
    if not form.is_valid():
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    d = form.cleaned_data
    try:
        services.plan_save(
            actor=request.user,
            case=case,
            version=d["version"],
            goals=d.get("goals", ""),
            agreed=bool(d.get("agreed")),
            agreed_on=d.get("agreed_on"),
            agreed_by=form.agreed_party(),
            child_views=d.get("child_views", ""),
            best_interests=d.get("best_interests", ""),
        )
    except services.EditConflict as exc:
        return _form_page(
            request,
            case,
            _conflict_form(form, exc),
            title=title,
            action=request.path,
            conflict=exc,
            status=409,
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    messages.success(request, _("Rencana intervensi disimpan."))
    return _back(case, "rencana")
