"""Staff pages for intake and triage. Thin: parse, call a policy/selector/service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.audit.services import access_record
from payung.cases import codes, forms, policies, selectors, services, workflow
from payung.cases.choices import CaseStatus, PlanItemStatus, ReportStatus
from payung.cases.models import Report
from payung.core import crypto
from payung.core.pagination import CappedPaginator

PAGE_SIZE = 50
RECEIPT_KEY = "staff_report_receipt"
RECEIPT_LABEL = "cases.session.staff_report_receipt"


def reports_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, with REPORT_INTAKE or REPORT_TRIAGE (403 otherwise: only the kind of page
    is revealed; single reports answer 404 through the policy helpers)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_use_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- lists ---------------------------------------------------------------------------------


@require_GET
@reports_required
def report_list(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    page = CappedPaginator(selectors.report_list(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/report_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ReportStatus.choices,
            "can_record": policies.can_record_report(request.user),
        },
    )


@require_GET
@capability_required(Cap.REPORT_TRIAGE)
def triage_queue(request: StaffRequest) -> HttpResponse:
    now = timezone.now()
    page = CappedPaginator(selectors.triage_queue(request.user, now=now), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    template = (
        "cases/triage_queue.html#queue"
        if getattr(request, "htmx", False)
        else "cases/triage_queue.html"
    )
    return render(request, template, {"page": page, "now": now})


# --- recording a report --------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@capability_required(Cap.REPORT_INTAKE)
def report_create(request: StaffRequest) -> HttpResponse:
    city = services.city_code()
    if request.method == "GET":
        form = forms.StaffReportForm(
            user=request.user,
            city_code=city,
            initial={"submission_token": codes.new_submission_token()},
        )
        return render(request, "cases/report_form.html", {"form": form})
    form = forms.StaffReportForm(request.POST, request.FILES, user=request.user, city_code=city)
    if not form.is_valid():
        return render(request, "cases/report_form.html", {"form": form})
    try:
        submission = services.report_create(
            actor=request.user,
            data=form.to_input(),
            idempotency_namespace=f"staff:{request.user.pk}",
            idempotency_key=form.cleaned_data["submission_token"],
            attachment=form.cleaned_data.get("attachment"),
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return render(request, "cases/report_form.html", {"form": form})
    report = submission.report
    if submission.pin:
        # Shown once on the next page (not in a message cookie, not in the URL).
        request.session[RECEIPT_KEY] = {
            "report": report.pk,
            "pin": crypto.encrypt_str(submission.pin, RECEIPT_LABEL),
        }
    if submission.created:
        messages.success(request, _("Laporan tercatat."))
    else:
        messages.info(
            request, _("Formulir ini sudah terkirim sebelumnya; tidak ada laporan ganda.")
        )
    return redirect("cases:report_detail", pk=report.pk)


# --- one report ----------------------------------------------------------------------------


def _detail_context(request: StaffRequest, report: Report, **overrides: Any) -> dict[str, Any]:
    user = request.user
    can_triage = policies.can_act_on_report(user, report, "triage")
    context: dict[str, Any] = {
        "report": report,
        "history": selectors.report_history(report),
        "attachments": selectors.report_attachments(report),
        "can_triage": can_triage,
        "can_unlock": report.is_locked and policies.can_act_on_report(user, report, "unlock"),
        "message_form": forms.PublicMessageForm(
            initial={"message": report.public_message}, prefix="msg"
        ),
        # Link the case only for those who may open it (others see its number only).
        "case_link": report.case_id is not None
        and policies.visible_cases(user).filter(pk=report.case_id).exists(),
    }
    if can_triage:
        context.update(
            risk_form=forms.RiskForm(initial={"risk_level": report.risk_level}, prefix="risk"),
            open_form=forms.OpenCaseForm(owners=selectors.case_owner_choices(user), prefix="open"),
            attach_form=forms.AttachForm(prefix="attach"),
            refer_form=forms.ReferOutForm(prefix="refer"),
            close_form=forms.NotCaseForm(prefix="close"),
            duplicates=selectors.duplicate_suggestions(user, report),
        )
    context.update(overrides)
    return context


@never_cache
@require_GET
@reports_required
def report_detail(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    access_record(
        actor=request.user, target=report, purpose="report.view", target_label=report.label
    )
    receipt = request.session.get(RECEIPT_KEY)
    new_pin = ""
    if receipt and receipt.get("report") == report.pk:
        del request.session[RECEIPT_KEY]
        new_pin = crypto.decrypt_str(receipt["pin"], RECEIPT_LABEL)
    return render(
        request, "cases/report_detail.html", _detail_context(request, report, new_pin=new_pin)
    )


@never_cache
@require_GET
@reports_required
def report_attachment(request: StaffRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk, need="attachment")
    item = selectors.get_attachment(report, attachment_pk)
    if item is None:
        raise Http404
    access_record(
        actor=request.user, target=item, purpose="report.attachment", target_label=report.label
    )
    response = HttpResponse(services.attachment_read(item), content_type=item.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-{report.pk}-lampiran-{item.pk}.{item.extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _action_failed(
    request: StaffRequest, report: Report, form_name: str, form: Any
) -> HttpResponse:
    messages.error(request, _("Tindakan belum dilakukan: periksa isian di bawah."))
    access_record(
        actor=request.user, target=report, purpose="report.view", target_label=report.label
    )
    return render(
        request,
        "cases/report_detail.html",
        _detail_context(request, report, **{form_name: form}),
        status=400,
    )


def _run(
    request: HttpRequest, report: Report, action: Callable[[], Any], success: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("cases:report_detail", pk=report.pk)


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_set_risk(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.RiskForm(request.POST, prefix="risk")
    if not form.is_valid():
        return _action_failed(request, report, "risk_form", form)
    return _run(
        request,
        report,
        lambda: services.report_set_risk(
            actor=request.user,
            report=report,
            risk_level=form.cleaned_data["risk_level"],
            note=form.cleaned_data["note"],
        ),
        _("Tingkat risiko disimpan; batas respons dihitung ulang."),
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_open_case(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.OpenCaseForm(
        request.POST, owners=selectors.case_owner_choices(request.user), prefix="open"
    )
    if not form.is_valid():
        return _action_failed(request, report, "open_form", form)
    try:
        case = services.report_open_case(
            actor=request.user,
            report=report,
            owner=form.cleaned_data["owner"],
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Kasus %(number)s dibuka dari laporan ini.") % {"number": case.number}
        )
    return redirect("cases:report_detail", pk=report.pk)


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_attach(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.AttachForm(request.POST, prefix="attach")
    if not form.is_valid():
        return _action_failed(request, report, "attach_form", form)
    try:
        case = policies.get_case_for_attach(request.user, form.cleaned_data["case_number"])
    except Http404:
        form.add_error("case_number", _("Kasus dengan nomor ini tidak ditemukan di wilayah Anda."))
        return _action_failed(request, report, "attach_form", form)
    return _run(
        request,
        report,
        lambda: services.report_attach_to_case(
            actor=request.user,
            report=report,
            case=case,
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        ),
        _("Laporan digabungkan ke kasus %(number)s.") % {"number": case.number},
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_refer_out(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.ReferOutForm(request.POST, prefix="refer")
    if not form.is_valid():
        return _action_failed(request, report, "refer_form", form)
    return _run(
        request,
        report,
        lambda: services.report_refer_out(
            actor=request.user,
            report=report,
            destination=form.cleaned_data["destination"],
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        ),
        _("Laporan dicatat sebagai dirujuk ke luar kota."),
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_close_not_case(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    form = forms.NotCaseForm(request.POST, prefix="close")
    if not form.is_valid():
        return _action_failed(request, report, "close_form", form)
    return _run(
        request,
        report,
        lambda: services.report_close_not_case(
            actor=request.user,
            report=report,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            message=form.cleaned_data["message"],
        ),
        _("Laporan ditutup sebagai bukan kasus."),
    )


@require_POST
@reports_required
def report_message(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk, need="message")
    form = forms.PublicMessageForm(request.POST, prefix="msg")
    if not form.is_valid():
        return _action_failed(request, report, "message_form", form)
    return _run(
        request,
        report,
        lambda: services.report_set_public_message(
            actor=request.user, report=report, message=form.cleaned_data["message"]
        ),
        _("Pesan untuk pelapor disimpan."),
    )


@require_POST
@capability_required(Cap.REPORT_TRIAGE)
def report_unlock(request: StaffRequest, pk: int) -> HttpResponse:
    report = policies.get_report_for(request.user, pk)
    return _run(
        request,
        report,
        lambda: services.report_pin_unlock(actor=request.user, report=report),
        _("Kunci kode laporan dibuka; pelapor dapat mengecek status lagi."),
    )


# --- triage deadline rules (system admin) ----------------------------------------------------


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def deadline_rules(request: StaffRequest) -> HttpResponse:
    rules = list(selectors.deadline_rules())
    rows = [
        (
            rule,
            forms.DeadlineRuleForm(
                initial={
                    "hours": rule.hours,
                    "working_days": rule.working_days,
                    "basis": rule.basis,
                },
                prefix=f"r{rule.pk}",
            ),
        )
        for rule in rules
    ]
    return render(request, "cases/deadline_rules.html", {"rows": rows})


@require_POST
@capability_required(Cap.REFERENCE_MANAGE)
def deadline_rule_update(request: StaffRequest, pk: int) -> HttpResponse:
    rule = policies.get_deadline_rule_for(request.user, pk)
    form = forms.DeadlineRuleForm(request.POST, prefix=f"r{rule.pk}")
    if form.is_valid():
        try:
            services.triage_rule_update(
                actor=request.user,
                rule=rule,
                hours=form.cleaned_data["hours"],
                working_days=form.cleaned_data["working_days"],
                basis=form.cleaned_data["basis"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Aturan batas waktu disimpan; laporan yang menunggu dihitung ulang.")
            )
            return redirect("cases:deadline_rules")
    rows = [
        (
            r,
            form
            if r.pk == rule.pk
            else forms.DeadlineRuleForm(
                initial={"hours": r.hours, "working_days": r.working_days, "basis": r.basis},
                prefix=f"r{r.pk}",
            ),
        )
        for r in selectors.deadline_rules()
    ]
    return render(request, "cases/deadline_rules.html", {"rows": rows}, status=400)


# =========================================================================================
# Casework (issue #4)
# =========================================================================================

CASE_PAGE_SIZE = 50


def cases_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and a role that works cases (403 otherwise: only the kind of page is
    revealed; single cases answer 404 through ``policies.get_case_for``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_use_cases(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _filters(form: forms.CaseFilterForm, *, mine: bool) -> selectors.CaseFilters:
    d = form.cleaned_data if form.is_valid() else {}
    return selectors.CaseFilters(
        q=d.get("q", ""),
        status=d.get("status", ""),
        risk=d.get("risk", ""),
        kelurahan=d.get("kelurahan", ""),
        violence_form=d.get("violence_form", ""),
        opened_from=d.get("opened_from"),
        opened_to=d.get("opened_to"),
        overdue=bool(d.get("overdue")),
        mine=mine,
    )


def _case_list(request: StaffRequest, *, mine: bool) -> HttpResponse:
    form = forms.CaseFilterForm(
        request.GET or None, kelurahan_options=selectors.kelurahan_options()
    )
    qs = selectors.case_list(request.user, _filters(form, mine=mine))
    page = CappedPaginator(qs, CASE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Key of the cached filter fields: the filters without the search text (see template).
    shown = query.copy()
    shown.pop("q", None)
    template = (
        "cases/case_list.html#results"
        if getattr(request, "htmx", False)
        else "cases/case_list.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            "form": form,
            "mine": mine,
            "query": query.urlencode(),
            "filters_cache_key": f"{request.path}?{shown.urlencode()}",
            "now": timezone.now(),
        },
    )


@require_GET
@cases_required
def case_list(request: StaffRequest) -> HttpResponse:
    return _case_list(request, mine=False)


@require_GET
@cases_required
def my_cases(request: StaffRequest) -> HttpResponse:
    return _case_list(request, mine=True)


@require_GET
@cases_required
def case_by_number(request: StaffRequest, number: str) -> HttpResponse:
    case = policies.get_case_by_number_for(request.user, number)
    return redirect("cases:case_detail", pk=case.pk)


def _lazy(form_class: Any, **kwargs: Any) -> Any:
    """A form built on first use."""
    return SimpleLazyObject(lambda: form_class(**kwargs))


def _case_context(request: StaffRequest, case: Any, **overrides: Any) -> dict[str, Any]:
    user = request.user
    record = selectors.case_record(user, case)
    parties = record.parties
    needs: tuple[policies.CaseNeed, ...] = (
        "edit",
        "note",
        "transition",
        "request_closure",
        "approve_closure",
        "assign",
        "transfer",
        "reopen",
        "override_consent",
        "team",
    )
    can = {need: policies.can_act_on_case(user, case, need) for need in needs}
    # The care section: referrals, services, visits, tasks, the closure checklist.
    from payung.care.selectors import case_care

    care = case_care(
        user,
        case,
        plan_items=record.plan_items,
        present=record.present,
        parties={p.pk: p for p in parties},
    )
    context: dict[str, Any] = {
        "case": case,
        "record": record,
        "timeline": selectors.case_timeline(user, record, care=care),
        "can": can,
        "moves": [] if case.is_closed else list(workflow.moves_from(case.status)),
        "flow": [(s, dict(CaseStatus.choices)[s]) for s in workflow.ORDER],
        "now": timezone.now(),
        "care": care,
        # The small forms of the page are built when the template shows them (most people
        # may use only some of them): building a form costs as much as a query.
        "closure_form": _lazy(
            forms.ClosureRequestForm, prefix="closure", undelivered=care.undelivered
        ),
        "reopen_form": _lazy(forms.ReopenForm, prefix="reopen"),
        "note_form": _lazy(forms.NoteForm, prefix="note"),
        "document_form": _lazy(forms.DocumentForm, parties=parties, prefix="doc"),
        "consent_form": _lazy(
            forms.ConsentForm,
            parties=parties,
            prefix="consent",
            initial={"given_on": timezone.localdate(), "purpose": "pemrosesan"},
        ),
        "override_form": _lazy(forms.ConsentOverrideForm, parties=parties, prefix="override"),
        "followup_form": _lazy(forms.FollowupForm, prefix="followup"),
        "plan_item_form": _lazy(forms.PlanItemForm, prefix="item"),
        "transfer_form": _lazy(forms.TransferForm, prefix="transfer"),
        "upload_limit": forms.max_upload_bytes(),
        "item_statuses": PlanItemStatus.choices,
    }
    if can["assign"] or can["team"]:
        people = selectors.case_worker_choices(user, case)
        context["assign_form"] = forms.UserChoiceForm(
            people=people, prefix="assign", label=_("Manajer kasus baru")
        )
        context["team_form"] = forms.UserChoiceForm(
            people=[p for p in people if p.pk != case.owner_id],
            prefix="team",
            label=_("Tambah anggota tim"),
        )
    context.update(overrides)
    return context


@never_cache
@require_GET
@cases_required
def case_detail(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk)
    access_record(actor=request.user, target=case, purpose="case.view", target_label=case.number)
    return render(request, "cases/case_detail.html", _case_context(request, case))


def _back(case: Any, anchor: str = "") -> HttpResponse:
    from django.urls import reverse

    return redirect(reverse("cases:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else ""))


def _act(
    request: HttpRequest,
    case: Any,
    action: Callable[[], Any],
    success: str,
    anchor: str = "",
) -> HttpResponse:
    """Run a service for a small form on the case page; say what happened; back to the page."""
    try:
        action()
    except services.EditConflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return _back(case, anchor)


def _invalid(request: HttpRequest, case: Any, form: Any, anchor: str = "") -> HttpResponse:
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    messages.error(request, _("Belum disimpan: %(p)s") % {"p": "; ".join(problems)})
    return _back(case, anchor)


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
        _add_errors(form, exc)
        return _form_page(request, case, form, title=title, action=action, status=400)
    messages.success(request, _("Data kasus disimpan."))
    return _back(case)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@never_cache
@require_http_methods(["GET", "POST"])
@cases_required
def party_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    parties = list(case.parties.select_related("person"))
    kw = {"kelurahan_options": selectors.kelurahan_options(), "parties": parties}
    title = _("Tambah orang ke kasus")
    if request.method == "GET":
        form = _init(forms.PartyForm, initial={"role": request.GET.get("peran", "")}, **kw)
        return _form_page(request, case, form, title=title, action=request.path)
    form = _init(forms.PartyForm, request.POST, **kw)
    if not form.is_valid():
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    d = form.cleaned_data
    try:
        result = services.party_add(
            actor=request.user,
            case=case,
            role=d["role"],
            person=form.person_input(),
            perpetrator_kind=d.get("perpetrator_kind", ""),
            group_size=d.get("group_size"),
            organisation_name=d.get("organisation_name", ""),
            relationship=d.get("relationship", ""),
            guardian_for={str(p.pk): p for p in parties}.get(d.get("guardian_for") or ""),
            guardian_relation=d.get("guardian_relation", ""),
            anonymous=bool(d.get("anonymous")),
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _form_page(request, case, form, title=title, action=request.path, status=400)
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
        _add_errors(form, exc)
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
        _add_errors(form, exc)
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
        _add_errors(form, exc)
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
    plan = services.CasePlan.objects.filter(case=case).first()
    if request.method == "GET":
        initial: dict[str, Any] = {"version": case.version}
        if plan is not None:
            initial.update(
                goals=plan.goals,
                agreed=plan.agreed,
                agreed_on=plan.agreed_on,
                agreed_by=str(plan.agreed_by_id or ""),
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
        _add_errors(form, exc)
        return _form_page(request, case, form, title=title, action=request.path, status=400)
    messages.success(request, _("Rencana intervensi disimpan."))
    return _back(case, "rencana")


# --- small actions on the case page (POST, then back to the page) -----------------------------


@require_POST
@cases_required
def case_transition(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="transition")
    form = forms.TransitionForm(request.POST, prefix="move")
    if not form.is_valid():
        return _invalid(request, case, form)
    to = form.cleaned_data["to"]
    return _act(
        request,
        case,
        lambda: services.case_transition(
            actor=request.user,
            case=case,
            to=to,
            note=form.cleaned_data["note"],
            version=form.cleaned_data.get("version"),
        ),
        _("Status kasus: %(s)s.") % {"s": dict(CaseStatus.choices)[to]},
    )


@require_POST
@cases_required
def closure_request(request: StaffRequest, pk: int) -> HttpResponse:
    from payung.care.selectors import closure_checklist

    case = policies.get_case_for(request.user, pk, need="request_closure")
    undelivered = [row for row in closure_checklist(case) if not row.delivered]
    form = forms.ClosureRequestForm(request.POST, prefix="closure", undelivered=undelivered)
    if not form.is_valid():
        return _invalid(request, case, form, "penutupan")
    return _act(
        request,
        case,
        lambda: services.closure_request(
            actor=request.user,
            case=case,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            undelivered_reasons=form.undelivered_reasons(),
        ),
        _("Permintaan penutupan dikirim ke supervisor."),
        "penutupan",
    )


@require_POST
@cases_required
def case_reopen(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="reopen")
    form = forms.ReopenForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: services.case_reopen(actor=request.user, case=case, note=form.cleaned_data["note"]),
        _("Kasus dibuka kembali."),
    )


@require_POST
@cases_required
def case_assign(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="assign")
    form = forms.UserChoiceForm(
        request.POST, people=selectors.case_worker_choices(request.user, case), prefix="assign"
    )
    if not form.is_valid():
        return _invalid(request, case, form, "tim")
    return _act(
        request,
        case,
        lambda: services.case_assign(
            actor=request.user, case=case, owner=form.chosen(), note=form.cleaned_data["note"]
        ),
        _("Manajer kasus diganti."),
        "tim",
    )


@require_POST
@cases_required
def team_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="team")
    form = forms.UserChoiceForm(
        request.POST, people=selectors.case_worker_choices(request.user, case), prefix="team"
    )
    if not form.is_valid():
        return _invalid(request, case, form, "tim")
    return _act(
        request,
        case,
        lambda: services.case_team_add(actor=request.user, case=case, member=form.chosen()),
        _("Anggota tim ditambahkan."),
        "tim",
    )


@require_POST
@cases_required
def team_remove(request: StaffRequest, pk: int, user_pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="team")
    member = case.team.filter(pk=user_pk).first()
    if member is None:
        raise Http404
    return _act(
        request,
        case,
        lambda: services.case_team_remove(actor=request.user, case=case, member=member),
        _("Anggota tim dikeluarkan."),
        "tim",
    )


@require_POST
@cases_required
def case_transfer(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="transfer")
    form = forms.TransferForm(request.POST, prefix="transfer")
    if not form.is_valid():
        return _invalid(request, case, form, "tim")
    return _act(
        request,
        case,
        lambda: services.case_transfer(
            actor=request.user,
            case=case,
            unit=form.cleaned_data["unit"],
            note=form.cleaned_data["note"],
        ),
        _("Kasus dipindahkan."),
        "tim",
    )


@require_POST
@cases_required
def plan_item_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    form = forms.PlanItemForm(request.POST, prefix="item")
    if not form.is_valid():
        return _invalid(request, case, form, "rencana")
    d = form.cleaned_data
    return _act(
        request,
        case,
        lambda: services.plan_item_add(
            actor=request.user,
            case=case,
            service=d["service"],
            goal=d.get("goal", ""),
            provider_name=d.get("provider_name", ""),
            target_date=d.get("target_date"),
        ),
        _("Layanan ditambahkan ke rencana."),
        "rencana",
    )


@require_POST
@cases_required
def plan_item_status(request: StaffRequest, pk: int, item_pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    item = services.PlanItem.objects.filter(pk=item_pk, plan__case=case).first()
    if item is None:
        raise Http404
    form = forms.PlanItemStatusForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        return _invalid(request, case, form, "rencana")
    return _act(
        request,
        case,
        lambda: services.plan_item_set_status(
            actor=request.user, case=case, item=item, status=form.cleaned_data["status"]
        ),
        _("Status layanan disimpan."),
        "rencana",
    )


@require_POST
@cases_required
def deadline_record(request: StaffRequest, pk: int, deadline_pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    deadline = case.deadlines.filter(pk=deadline_pk).first()
    if deadline is None:
        raise Http404
    form = forms.DeadlineRecordForm(request.POST, prefix=f"dl{deadline.pk}")
    if not form.is_valid():
        return _invalid(request, case, form, "tenggat")
    d = form.cleaned_data
    return _act(
        request,
        case,
        lambda: services.deadline_record(
            actor=request.user,
            case=case,
            deadline=deadline,
            met_at=d.get("met_at"),
            requested_on=d.get("requested_on"),
            granted_on=d.get("granted_on"),
            note=d.get("note", ""),
        ),
        _("Tenggat dicatat."),
        "tenggat",
    )


@require_POST
@cases_required
def followup_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    form = forms.FollowupForm(request.POST, prefix="followup")
    if not form.is_valid():
        return _invalid(request, case, form, "tenggat")
    return _act(
        request,
        case,
        lambda: services.deadline_followup_add(
            actor=request.user,
            case=case,
            title=form.cleaned_data["title"],
            due_at=form.cleaned_data["due_at"],
        ),
        _("Tindak lanjut ditambahkan."),
        "tenggat",
    )


@require_POST
@cases_required
def consent_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    form = forms.ConsentForm(
        request.POST, parties=list(case.parties.select_related("person")), prefix="consent"
    )
    if not form.is_valid():
        return _invalid(request, case, form, "persetujuan")
    d = form.cleaned_data
    return _act(
        request,
        case,
        lambda: services.consent_record(
            actor=request.user,
            case=case,
            subject=form.parties[d["subject"]],
            given_by=form.parties[d["given_by"]],
            purpose=d["purpose"],
            method=d["method"],
            given_on=d["given_on"],
            organisation=d.get("organisation_name") or None,
            note=d.get("note", ""),
        ),
        _("Persetujuan dicatat."),
        "persetujuan",
    )


@require_POST
@cases_required
def consent_withdraw(request: StaffRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    consent = case.consents.filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    form = forms.WithdrawForm(request.POST, prefix=f"w{consent.pk}")
    if not form.is_valid():
        return _invalid(request, case, form, "persetujuan")
    return _act(
        request,
        case,
        lambda: services.consent_withdraw(
            actor=request.user, case=case, consent=consent, note=form.cleaned_data["note"]
        ),
        _("Persetujuan dicabut."),
        "persetujuan",
    )


@require_POST
@cases_required
def consent_override(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="override_consent")
    form = forms.ConsentOverrideForm(
        request.POST, parties=list(case.parties.select_related("person")), prefix="override"
    )
    if not form.is_valid():
        return _invalid(request, case, form, "persetujuan")
    d = form.cleaned_data
    return _act(
        request,
        case,
        lambda: services.consent_override_record(
            actor=request.user,
            case=case,
            subject=form.parties[d["subject"]],
            organisation=d["organisation_name"],
            reason=d["reason"],
        ),
        _("Pengecualian dicatat: data boleh dibagikan ke lembaga ini."),
        "persetujuan",
    )


@require_POST
@cases_required
def document_upload(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="note")
    form = forms.DocumentForm(
        request.POST,
        request.FILES,
        parties=list(case.parties.select_related("person")),
        prefix="doc",
    )
    if not form.is_valid():
        return _invalid(request, case, form, "dokumen")
    d = form.cleaned_data
    return _act(
        request,
        case,
        lambda: services.document_upload(
            actor=request.user,
            case=case,
            kind=d["kind"],
            attachment=d["file"],
            party=form.parties.get(d.get("party") or ""),
            description=d.get("description", ""),
        ),
        _("Dokumen diunggah dan disimpan terenkripsi."),
        "dokumen",
    )


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
@cases_required
def document_download(request: StaffRequest, pk: int, document_pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk)
    document = case.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    access_record(
        actor=request.user, target=document, purpose="case.document", target_label=case.number
    )
    safe_number = case.number.replace("/", "-")
    return _download(
        document.unseal(),
        document.content_type,
        f"{safe_number}-dokumen-{document.pk}.{document.extension}",
    )


@require_POST
@cases_required
def note_add(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="note")
    form = forms.NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _invalid(request, case, form, "catatan")
    return _act(
        request,
        case,
        lambda: services.note_add(
            actor=request.user,
            case=case,
            body=form.cleaned_data["body"],
            confidential=form.cleaned_data["confidential"],
        ),
        _("Catatan disimpan."),
        "catatan",
    )


@never_cache
@require_GET
@cases_required
def handling_document(request: StaffRequest, pk: int, party_pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk)
    victim = case.parties.select_related("person").filter(pk=party_pk, role="korban").first()
    if victim is None:
        raise Http404
    access_record(
        actor=request.user, target=case, purpose="case.handling_document", target_label=case.number
    )
    pdf = services.handling_document_issue(actor=request.user, case=case, victim=victim)
    safe_number = case.number.replace("/", "-")
    return _download(pdf, "application/pdf", f"dokumen-hasil-penanganan-{safe_number}.pdf")


# --- queues: my deadlines, breaches, closure approvals ----------------------------------------


@require_GET
@cases_required
def deadlines(request: StaffRequest) -> HttpResponse:
    now = timezone.now()
    supervisor = policies.is_supervisor(request.user)
    mine = list(selectors.my_deadlines(request.user)[:200])
    breaches = list(selectors.deadline_breaches(request.user, now=now)[:200]) if supervisor else []
    return render(
        request,
        "cases/deadlines.html",
        {"mine": mine, "breaches": breaches, "supervisor": supervisor, "now": now},
    )


@require_GET
@capability_required(Cap.CASE_APPROVE_CLOSURE)
def closure_queue(request: StaffRequest) -> HttpResponse:
    from payung.care.selectors import closure_checklists

    requests = list(selectors.closure_queue(request.user))
    checklists = closure_checklists(requests)
    rows = [
        (r, forms.ClosureDecisionForm(prefix=f"c{r.pk}"), checklists.get(r.pk, []))
        for r in requests
    ]
    return render(request, "cases/closure_queue.html", {"rows": rows})


@require_POST
@capability_required(Cap.CASE_APPROVE_CLOSURE)
def closure_decide(request: StaffRequest, pk: int) -> HttpResponse:
    closure = selectors.get_closure_request_for(request.user, pk)
    form = forms.ClosureDecisionForm(request.POST, prefix=f"c{closure.pk}")
    if not form.is_valid():
        messages.error(request, _("Pilih setujui atau tolak."))
        return redirect("cases:closure_queue")
    approve = form.cleaned_data["decision"] == "setuju"
    try:
        services.closure_decide(
            actor=request.user, request=closure, approve=approve, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:closure_queue")
    messages.success(
        request,
        (_("Kasus %(n)s ditutup.") if approve else _("Permintaan penutupan %(n)s ditolak."))
        % {"n": closure.case.number},
    )
    return redirect("cases:closure_queue")


# --- case deadline rules (system admin) -----------------------------------------------------


def _rule_form(rule: Any, data: Any = None) -> Any:
    return forms.CaseDeadlineRuleForm(
        data,
        prefix=f"r{rule.pk}",
        initial={
            "hours": rule.hours,
            "working_days": rule.working_days,
            "protection_days": rule.protection_days,
            "active": rule.active,
            "basis": rule.basis,
        },
    )


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def case_deadline_rules(request: StaffRequest) -> HttpResponse:
    rows = [(rule, _rule_form(rule)) for rule in selectors.case_deadline_rules()]
    return render(request, "cases/case_deadline_rules.html", {"rows": rows})


@require_POST
@capability_required(Cap.REFERENCE_MANAGE)
def case_deadline_rule_update(request: StaffRequest, pk: int) -> HttpResponse:
    rule = policies.get_case_deadline_rule_for(request.user, pk)
    form = _rule_form(rule, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.case_deadline_rule_update(
                actor=request.user,
                rule=rule,
                hours=d["hours"],
                working_days=d["working_days"],
                basis=d["basis"],
                active=d["active"],
                protection_days=d.get("protection_days"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Aturan tenggat disimpan; tenggat yang terbuka dihitung ulang.")
            )
            return redirect("cases:case_deadline_rules")
    rows = [
        (r, form if r.pk == rule.pk else _rule_form(r)) for r in selectors.case_deadline_rules()
    ]
    return render(request, "cases/case_deadline_rules.html", {"rows": rows}, status=400)
