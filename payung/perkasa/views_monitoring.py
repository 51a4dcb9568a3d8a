"""Staff pages of Perkasa monitoring: the work lists, overrides, appeals, re-assessment,
graduation, follow-ups and the funnel by kelurahan (docs/perkasa.md#monitoring)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.audit.services import access_record
from payung.core.charts import ChartItem, bar_chart
from payung.core.exports import CSV_TYPE, XLSX_TYPE, Sheet, csv_bytes, xlsx_bytes
from payung.core.forms import add_validation_errors
from payung.perkasa import forms_monitoring as forms
from payung.perkasa import monitoring, policies
from payung.perkasa import monitoring_selectors as selectors
from payung.perkasa.models import Appeal, CategoryOverride, FollowUp, Registrant


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def _officer_registrant(request: HttpRequest, pk: int) -> Registrant:
    registrant = policies.get_registrant_for(request.user, pk)
    _require(policies.is_officer(request.user))
    return registrant


def _audit_view(request: HttpRequest, registrant: Registrant, purpose: str) -> None:
    access_record(
        actor=request.user,
        target=registrant,
        purpose=purpose,
        target_label=f"Perkasa #{registrant.pk}",
    )


@login_required
@require_GET
def monitoring_home(request: HttpRequest) -> HttpResponse:
    """What needs doing: appeals (overdue first), overrides to approve, re-assessments and
    follow-ups due, relapses. Lists show the registration number and kelurahan, no name."""
    _require(policies.is_officer(request.user))
    today = timezone.localdate()
    return render(
        request,
        "perkasa/monitoring/home.html",
        {
            "today": today,
            "appeals": list(selectors.pending_appeals(request.user)[:100]),
            "overrides": list(selectors.pending_overrides(request.user)[:100]),
            "due": list(selectors.reassessments_due(request.user, today)[:100]),
            "followups": list(selectors.followups_due(request.user, today)[:100]),
            "relapses": list(selectors.relapses(request.user)[:100]),
            "policy": monitoring.current_policy(),
        },
    )


def _stage_labels() -> list[str]:
    labels = {
        "terdaftar": _("Terdaftar"),
        "terverifikasi": _("Terverifikasi"),
        "layak": _("Layak"),
        "peserta": _("Peserta"),
        "lulus": _("Lulus"),
    }
    return [labels[stage] for stage, _statuses in selectors.FUNNEL_STAGES]


@login_required
@require_GET
def funnel(request: HttpRequest) -> HttpResponse:
    """Registered → verified → eligible → participant → graduated per kelurahan in scope:
    counts only, as a table, a chart, .csv and .xlsx."""
    _require(policies.is_officer(request.user))
    rows = selectors.funnel_by_kelurahan(request.user)
    headers = [_("Kode kelurahan"), _("Kelurahan"), *_stage_labels()]
    table = [[row.code, row.name, *row.counts] for row in rows]
    fmt = request.GET.get("format", "")
    stamp = timezone.localdate().isoformat()
    if fmt in ("csv", "xlsx"):
        if fmt == "csv":
            data, content_type = csv_bytes(headers, table), CSV_TYPE
        else:
            sheet = Sheet(_("Alur per kelurahan"), headers, table)
            data, content_type = xlsx_bytes([sheet]), XLSX_TYPE
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="perkasa-alur-{stamp}.{fmt}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    if fmt:
        raise Http404
    totals = [sum(row.counts[i] for row in rows) for i in range(len(selectors.FUNNEL_STAGES))]
    chart = bar_chart(
        [ChartItem(row.name, row.counts[3]) for row in rows],
        title=_("Peserta program per kelurahan"),
    )
    return render(
        request,
        "perkasa/monitoring/funnel.html",
        {
            "rows": rows,
            "stages": _stage_labels(),
            "totals": totals,
            "chart": chart if rows else None,
            "total_chart": bar_chart(
                [
                    ChartItem(label, total)
                    for label, total in zip(_stage_labels(), totals, strict=True)
                ],
                title=_("Alur peserta Perkasa"),
            ),
        },
    )


# --- overrides -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def override_new(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = _officer_registrant(request, pk)
    effective = monitoring.effective_category(registrant)
    form = forms.OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            monitoring.override_propose(
                actor=request.user, registrant=registrant, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Usulan penyesuaian kategori menunggu persetujuan."))
            return redirect(registrant)
    return render(
        request,
        "perkasa/monitoring/override_form.html",
        {"r": registrant, "form": form, "effective": effective},
    )


@login_required
@require_POST
def override_decide(request: HttpRequest, pk: int) -> HttpResponse:
    override = (
        CategoryOverride.objects.filter(
            pk=pk, registrant__in=policies.visible_registrants(request.user).values("pk")
        )
        .select_related("registrant")
        .first()
    )
    if override is None:
        raise Http404
    _require(policies.is_officer(request.user))
    form = forms.OverrideDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih setujui atau tolak."))
        return redirect(override.registrant)
    try:
        monitoring.override_decide(
            actor=request.user,
            override=override,
            approve=form.cleaned_data["decision"] == "setuju",
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Keputusan penyesuaian kategori tersimpan."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(override.registrant)


# --- appeals -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = _officer_registrant(request, pk)
    form = forms.AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = monitoring.appeal_record(
                actor=request.user, registrant=registrant, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Keberatan tercatat; batas keputusan %(d)s.")
                % {"d": appeal.due_on.strftime("%d/%m/%Y")},
            )
            return redirect(registrant)
    return render(
        request,
        "perkasa/monitoring/appeal_form.html",
        {"r": registrant, "form": form, "working_days": monitoring.APPEAL_WORKING_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = (
        Appeal.objects.filter(
            pk=pk, registrant__in=policies.visible_registrants(request.user).values("pk")
        )
        .select_related("registrant__kelurahan", "recorded_by", "decided_by")
        .first()
    )
    if appeal is None:
        raise Http404
    _require(policies.is_officer(request.user))
    registrant = appeal.registrant
    form = forms.AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            monitoring.appeal_decide(
                actor=request.user,
                appeal=appeal,
                upheld=d["decision"] == "terima",
                reason=d["reason"],
                category=d["category"],
                status=d["status"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Keputusan keberatan tersimpan."))
            return redirect(registrant)
    _audit_view(request, registrant, "perkasa.appeal.view")
    return render(
        request,
        "perkasa/monitoring/appeal_detail.html",
        {
            "appeal": appeal,
            "r": registrant,
            "form": form,
            "overdue": appeal.state == Appeal.State.PENDING
            and appeal.due_on < timezone.localdate(),
            "may_decide": appeal.state == Appeal.State.PENDING
            and request.user.pk != appeal.recorded_by_id,
            "effective": monitoring.effective_category(registrant),
        },
    )


# --- re-assessment, graduation, follow-up ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reassess(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = _officer_registrant(request, pk)
    form = forms.AssessmentForm(
        request.POST or None, initial=forms.AssessmentForm.initial_for(registrant)
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = monitoring.reassessment_record(
                actor=request.user, registrant=registrant, data=form.to_input()
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Penilaian ulang tersimpan: skor %(t)s, %(c)s.")
                % {"t": assessment.total, "c": assessment.get_category_display()},
            )
            return redirect(registrant)
    return render(
        request,
        "perkasa/monitoring/assessment_form.html",
        {"r": registrant, "form": form, "title": _("Penilaian ulang")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def graduate(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = _officer_registrant(request, pk)
    criteria = monitoring.graduation_check(registrant)
    form = forms.GraduationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            monitoring.graduate(
                actor=request.user,
                registrant=registrant,
                reason=form.cleaned_data["reason"],
                graduated_on=form.cleaned_data["graduated_on"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Ia dinyatakan lulus; tindak lanjut sudah dijadwalkan."))
            return redirect(registrant)
    return render(
        request,
        "perkasa/monitoring/graduation_form.html",
        {"r": registrant, "form": form, "criteria": criteria},
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        FollowUp.objects.filter(
            pk=pk, registrant__in=policies.visible_registrants(request.user).values("pk")
        )
        .select_related("registrant__kelurahan", "graduation")
        .first()
    )
    if item is None:
        raise Http404
    _require(policies.is_officer(request.user))
    registrant = item.registrant
    if item.done_on is not None:
        messages.info(request, _("Tindak lanjut ini sudah dicatat."))
        return redirect(registrant)
    form = forms.FollowUpForm(
        request.POST or None, initial=forms.AssessmentForm.initial_for(registrant)
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = monitoring.followup_record(
                actor=request.user,
                followup=item,
                data=form.to_input(),
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if done.relapse:
                messages.warning(request, _("Kategorinya kembali rentan atau lebih miskin."))
            else:
                messages.success(request, _("Tindak lanjut tersimpan."))
            return redirect(registrant)
    return render(
        request,
        "perkasa/monitoring/assessment_form.html",
        {
            "r": registrant,
            "form": form,
            "title": _("Tindak lanjut %(m)s bulan setelah lulus") % {"m": item.months},
        },
    )


def _indicator_rows(series: list[monitoring.SeriesPoint]) -> list[tuple[str, list[Any]]]:
    """One row per indicator (in the order first seen), its points at each assessment."""
    labels: dict[str, str] = {}
    for point in series:
        for code, label in point.labels.items():
            labels.setdefault(code, label)
    return [(label, [p.indicators.get(code) for p in series]) for code, label in labels.items()]


def registrant_panel(user: Any, registrant: Registrant) -> dict[str, Any]:
    """The context of the monitoring block on the registrant page (templatetags)."""
    from payung.core.charts import column_chart

    series = monitoring.assessment_series(registrant)
    policy = monitoring.current_policy()
    pending = registrant.overrides.filter(state=CategoryOverride.State.PROPOSED).first()
    return {
        "r": registrant,
        "effective": monitoring.effective_category(registrant),
        "series": series,
        "series_chart": column_chart(
            [ChartItem(p.on.strftime("%d/%m/%y"), p.total) for p in series],
            title=_("Skor dari waktu ke waktu"),
        )
        if len(series) > 1
        else None,
        "indicator_rows": _indicator_rows(series),
        "next_assessment": monitoring.add_months(series[-1].on, policy.reassess_months)
        if series
        else None,
        "pending_override": pending,
        "may_decide_override": pending is not None
        and monitoring.can_decide_override(user, pending),
        "override_decision_form": forms.OverrideDecisionForm(),
        "appeals": list(registrant.appeals.order_by("-received_on", "-id")),
        "graduation": registrant.graduations.prefetch_related("followups").first(),
        "today": timezone.localdate(),
    }
