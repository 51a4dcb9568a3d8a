"""Staff pages of the Perkasa registry (docs/perkasa.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from payung.accounts.models import User
from payung.audit.services import access_record, access_records
from payung.core.charts import ChartItem, bar_chart
from payung.core.forms import add_validation_errors
from payung.perkasa import choices, forms, policies, scoring, selectors, services
from payung.perkasa.models import ScoringModel


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


@dataclass
class ListWindow:
    """One page of the registry without counting it: a province's registry holds 100,000
    rows, and ``COUNT(*)`` cost more than the page itself (docs/performance.md#perkasa-at-
    province-scale). One more row than the page says whether a next page exists."""

    number: int
    object_list: list[Any]
    has_next: bool
    size: ClassVar[int] = 25

    @classmethod
    def of(cls, qs: Any, raw: str | None) -> ListWindow:
        number = int(raw) if raw and raw.isdigit() and 0 < int(raw) < 100_000 else 1
        start = (number - 1) * cls.size
        rows = list(qs[start : start + cls.size + 1])
        return cls(number, rows[: cls.size], len(rows) > cls.size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@login_required
def registrant_list(request: HttpRequest) -> HttpResponse:
    _require(policies.can_register(request.user))
    query = request.GET.get("q", "")
    status = request.GET.get("status", "")
    qs = selectors.registrant_list(request.user, query=query, status=status)
    page = ListWindow.of(qs, request.GET.get("page"))
    rows = page.object_list
    if rows:
        access_records(
            actor=request.user,
            targets=[(r, f"Perkasa #{r.pk}") for r in rows],
            purpose="perkasa.list" if not query else "perkasa.search",
        )
    funnel = selectors.funnel(request.user) if policies.is_officer(request.user) else None
    return render(
        request,
        "perkasa/registrant_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "status": status,
            "statuses": choices.Status.choices,
            "is_officer": policies.is_officer(request.user),
            "see_marker": policies.can_see_referral_marker(request.user),
            "funnel": funnel,
            "funnel_chart": bar_chart(
                [ChartItem(label, value) for label, value in _funnel_labels(funnel)],
                title=_("Alur peserta Perkasa"),
            )
            if funnel
            else None,
            "funnel_rows": _funnel_labels(funnel) if funnel else [],
        },
    )


def _funnel_labels(funnel: dict[str, int] | None) -> list[tuple[str, int]]:
    if not funnel:
        return []
    labels = {
        "terdaftar": _("Terdaftar"),
        "terverifikasi": _("Terverifikasi"),
        "layak": _("Layak"),
        "peserta": _("Peserta"),
        "lulus": _("Lulus"),
    }
    return [(labels[key], value) for key, value in funnel.items()]


@login_required
@require_http_methods(["GET", "POST"])
def registrant_new(request: HttpRequest) -> HttpResponse:
    _require(policies.can_register(request.user))
    region_q = cast(User, request.user).region_q("code")
    form = forms.RegistrationForm(request.POST or None, region_q=region_q)
    members = forms.MemberFormSet(request.POST or None, prefix="anggota")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        try:
            result = services.registrant_register(
                actor=request.user, data=form.to_input(forms.members_from(members))
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("Pendaftaran #%(pk)s tersimpan.") % {"pk": result.registrant.pk}
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect(result.registrant)
    return render(request, "perkasa/registrant_form.html", {"form": form, "members": members})


@login_required
def registrant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = policies.get_registrant_for(request.user, pk)
    access_record(
        actor=request.user,
        target=registrant,
        purpose="perkasa.view",
        target_label=f"Perkasa #{registrant.pk}",
    )
    is_officer = policies.is_officer(request.user)
    return render(
        request,
        "perkasa/registrant_detail.html",
        {
            "r": registrant,
            "members": list(registrant.members.all()),
            "scores": selectors.score_history(registrant),
            "is_officer": is_officer,
            "see_marker": policies.can_see_referral_marker(request.user),
            "decide_form": forms.DecideForm() if is_officer else None,
            "move_form": forms.MoveForm() if is_officer else None,
            "housing_labels": [
                (label, (registrant.housing or {}).get(key))
                for key, label in choices.HOUSING_CRITERIA
            ],
            "assistance_labels": [
                label
                for value, label in choices.Assistance.choices
                if value in (registrant.assistance or [])
            ],
            "checklist": [
                (label, (registrant.home_visit or {}).get("checklist", {}).get(key))
                for key, label in services.HOME_VISIT_CHECKLIST
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registrant_verify(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = policies.get_registrant_for(request.user, pk)
    _require(policies.is_officer(request.user))
    if registrant.status != choices.Status.PRE_REGISTERED:
        messages.info(request, _("Pendaftaran ini sudah diverifikasi."))
        return redirect(registrant)
    initial = {
        "livelihood": registrant.livelihood,
        "income_band": registrant.income_band,
        "has_business": registrant.has_business,
        "assistance": registrant.assistance,
        "dtsen_decile": registrant.dtsen_decile,
    }
    form = forms.VerifyForm(request.POST or None, initial=initial)
    existing = [
        {
            "relationship": m.relationship,
            "age": m.age,
            "sex": m.sex,
            "schooling": m.schooling,
            "disability": m.disability,
        }
        for m in registrant.members.all()
    ]
    members = forms.MemberFormSet(request.POST or None, prefix="anggota", initial=existing)
    if request.method == "POST" and form.is_valid() and members.is_valid():
        try:
            services.registrant_verify(
                actor=request.user,
                registrant=registrant,
                data=form.to_input(forms.members_from(members)),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Kunjungan rumah tercatat dan skor dihitung."))
            return redirect(registrant)
    return render(
        request, "perkasa/verify.html", {"r": registrant, "form": form, "members": members}
    )


@login_required
@require_POST
def registrant_decide(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = policies.get_registrant_for(request.user, pk)
    _require(policies.is_officer(request.user))
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        try:
            services.registrant_decide(
                actor=request.user,
                registrant=registrant,
                eligible=form.cleaned_data["eligible"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Keputusan kelayakan tersimpan."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Pilih layak atau tidak layak."))
    return redirect(registrant)


@login_required
@require_POST
def registrant_move(request: HttpRequest, pk: int) -> HttpResponse:
    registrant = policies.get_registrant_for(request.user, pk)
    _require(policies.is_officer(request.user))
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        try:
            services.registrant_move(
                actor=request.user,
                registrant=registrant,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Status diperbarui."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(registrant)


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    _require(policies.is_officer(request.user))
    flags = list(selectors.open_duplicates(request.user)[:100])
    return render(request, "perkasa/duplicates.html", {"flags": flags})


@login_required
@require_POST
def duplicate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.get_duplicate_for(request.user, pk)
    merge = request.POST.get("decision") == "merge"
    try:
        services.duplicate_decide(actor=request.user, flag=flag, merge=merge)
        messages.success(request, _("Digabung.") if merge else _("Ditandai bukan duplikat."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("perkasa:duplicates")


@login_required
def models(request: HttpRequest) -> HttpResponse:
    _require(policies.can_manage_scoring(request.user))
    versions = list(ScoringModel.objects.all())
    current = next((m for m in versions if m.state == ScoringModel.State.PUBLISHED), None)
    changes = selectors.category_changes(current.version, request.user) if current else None
    return render(
        request,
        "perkasa/models.html",
        {"versions": versions, "current": current, "changes": changes},
    )


@login_required
@require_http_methods(["GET", "POST"])
def model_new(request: HttpRequest) -> HttpResponse:
    _require(policies.can_manage_scoring(request.user))
    base = services.current_model()
    initial = (
        {"name": base.name, "indicators": base.indicators, "thresholds": base.thresholds}
        if base
        else {}
    )
    form = forms.ModelDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.scoring_model_draft(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Draf versi %(v)s tersimpan.") % {"v": model.version})
            return redirect("perkasa:model", pk=model.pk)
    return render(
        request, "perkasa/model_form.html", {"form": form, "facts": sorted(scoring.FACTS.items())}
    )


@login_required
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(policies.can_manage_scoring(request.user))
    model = get_object_or_404(ScoringModel, pk=pk)
    return render(request, "perkasa/model_detail.html", {"model": model})


@login_required
@require_POST
def model_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require(policies.can_manage_scoring(request.user))
    model = get_object_or_404(ScoringModel, pk=pk)
    try:
        services.scoring_model_publish(actor=request.user, model=model)
        messages.success(
            request, _("Versi %(v)s diterbitkan. Skor lama tetap tersimpan.") % {"v": model.version}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("perkasa:model", pk=model.pk)


@login_required
@require_POST
def model_rescore(request: HttpRequest, pk: int) -> HttpResponse:
    _require(policies.can_manage_scoring(request.user))
    model = get_object_or_404(ScoringModel, pk=pk)
    try:
        job = services.rescore_start(actor=request.user, model=model)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("perkasa:model", pk=model.pk)
    return redirect(job.get_absolute_url())
