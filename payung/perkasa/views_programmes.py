"""Staff pages of Perkasa programmes: the catalogue, cycles, enrolment with the eligibility
explained, sessions and attendance, mentoring, the business, grants in tranches, and the
owning agency's participant list (docs/perkasa.md#programmes).

Two kinds of user reach these pages: the Perkasa officer (every programme, women of her
region) and the staff of a partner agency (the programmes their organisation owns, and the
participants in them — ``policies.visible_enrolments``). Anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.audit.services import access_record, access_records
from payung.core.downloads import secure_download
from payung.core.forms import add_validation_errors
from payung.perkasa import choices, policies, programmes, selectors
from payung.perkasa import forms_programmes as forms
from payung.perkasa.models import (
    Disbursement,
    Enrolment,
    ProgrammeCycle,
    ProgrammeSession,
)


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def _see(request: HttpRequest) -> None:
    """Programme pages exist only for officers and partner-agency staff: 404 for the rest."""
    if not policies.can_see_programmes(request.user):
        raise Http404


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _cycle_is_active(cycle: ProgrammeCycle, today: dt.date) -> bool:
    if cycle.starts_on and cycle.starts_on > today:
        return False
    return not (cycle.ends_on and cycle.ends_on < today)


# --- the catalogue -----------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    _see(request)
    today = timezone.localdate()
    items = list(
        policies.visible_programmes(request.user)
        .select_related("organisation")
        .prefetch_related("cycles")
        .order_by("agency", "name")
    )
    rows = [
        {
            "programme": p,
            "rules": _rule_lines(p.eligibility or {}),
            "active": [c for c in p.cycles.all() if _cycle_is_active(c, today)],
        }
        for p in items
    ]
    return render(
        request,
        "perkasa/programmes/list.html",
        {"rows": rows, "is_officer": policies.is_officer(request.user)},
    )


def _rule_lines(rules: dict[str, Any]) -> list[str]:
    """The programme's rules as short Indonesian lines for the catalogue."""
    lines = []
    categories = rules.get("categories") or []
    if categories:
        labels = ", ".join(str(choices.Category(c).label) for c in categories)
        lines.append(_("Kategori: %(c)s") % {"c": labels})
    if rules.get("min_age") is not None:
        lines.append(_("Umur paling rendah %(n)s tahun") % {"n": rules["min_age"]})
    if rules.get("max_age") is not None:
        lines.append(_("Umur paling tinggi %(n)s tahun") % {"n": rules["max_age"]})
    if rules.get("needs_business"):
        lines.append(_("Sudah punya usaha"))
    return lines or [_("Tanpa syarat khusus")]


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    _see(request)
    _require(policies.is_officer(request.user))
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes.programme_create(actor=request.user, **form.to_kwargs())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Program tersimpan. Buka siklus pertamanya."))
            return redirect("perkasa:programme", pk=programme.pk)
    return render(
        request,
        "perkasa/programmes/programme_form.html",
        {"form": form, "programme": None, "agencies": forms.AGENCIES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    programme = policies.get_programme_for(request.user, pk)
    _require(policies.is_officer(request.user))
    form = forms.ProgrammeForm(
        request.POST or None, initial=forms.ProgrammeForm.initial_for(programme)
    )
    if request.method == "POST" and form.is_valid():
        try:
            programmes.programme_update(actor=request.user, programme=programme, **form.to_kwargs())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Program diperbarui."))
            return redirect("perkasa:programme", pk=programme.pk)
    return render(
        request,
        "perkasa/programmes/programme_form.html",
        {"form": form, "programme": programme, "agencies": forms.AGENCIES},
    )


@login_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    programme = policies.get_programme_for(request.user, pk)
    cycles = list(
        selectors.cycle_summaries(
            policies.visible_cycles(request.user).filter(programme=programme), request.user
        )
    )
    return render(
        request,
        "perkasa/programmes/programme_detail.html",
        {
            "programme": programme,
            "rules": _rule_lines(programme.eligibility or {}),
            "cycles": cycles,
            "is_officer": policies.is_officer(request.user),
            "cycle_form": forms.CycleForm() if policies.is_officer(request.user) else None,
        },
    )


@login_required
@require_POST
def cycle_new(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    programme = policies.get_programme_for(request.user, pk)
    _require(policies.is_officer(request.user))
    form = forms.CycleForm(request.POST)
    if form.is_valid():
        try:
            cycle = programmes.cycle_open(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Siklus %(label)s dibuka.") % {"label": cycle.label})
            return redirect("perkasa:cycle", pk=cycle.pk)
    cycles = list(
        selectors.cycle_summaries(
            policies.visible_cycles(request.user).filter(programme=programme), request.user
        )
    )
    return render(
        request,
        "perkasa/programmes/programme_detail.html",
        {
            "programme": programme,
            "rules": _rule_lines(programme.eligibility or {}),
            "cycles": cycles,
            "is_officer": True,
            "cycle_form": form,
        },
        status=400,
    )


@never_cache
@login_required
@require_GET
def participants_export(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    programme = policies.get_programme_for(request.user, pk)
    export = programmes.participants_export(actor=request.user, programme=programme)
    return secure_download(export.data, export.content_type, export.filename)


# --- a cycle: participants, quota, budget, sessions, enrolment ----------------------------


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    cycle = policies.get_cycle_for(request.user, pk)
    summary = selectors.cycle_summaries(ProgrammeCycle.objects.filter(pk=cycle.pk), request.user)[0]
    rows = programmes.participant_rows(
        policies.visible_enrolments(request.user).filter(cycle=cycle).order_by("-enrolled_at")
    )
    if rows:
        access_records(
            actor=request.user,
            targets=[
                (r.enrolment.registrant, f"Perkasa #{r.enrolment.registrant_id}") for r in rows
            ],
            purpose="perkasa.programme_participants",
        )
    is_officer = policies.is_officer(request.user)
    query = request.GET.get("q", "").strip() if is_officer else ""
    candidates = []
    if query:
        found = list(selectors.registrant_list(request.user, query=query)[:5])
        if found:
            access_records(
                actor=request.user,
                targets=[(r, f"Perkasa #{r.pk}") for r in found],
                purpose="perkasa.search",
            )
        enrolled = set(
            Enrolment.objects.filter(cycle=cycle, registrant__in=found).values_list(
                "registrant_id", flat=True
            )
        )
        for registrant in found:
            checks = programmes.eligibility(cycle.programme, registrant)
            candidates.append(
                {
                    "r": registrant,
                    "checks": checks,
                    "enrolled": registrant.pk in enrolled,
                    "status_ok": registrant.status in programmes.ENROLLABLE,
                    "ok": all(c.ok for c in checks),
                }
            )
    pending = list(
        Disbursement.objects.filter(
            enrolment__in=policies.visible_enrolments(request.user).filter(cycle=cycle),
            state=Disbursement.State.PROPOSED,
        ).select_related("enrolment__registrant", "proposed_by")
    )
    return render(
        request,
        "perkasa/programmes/cycle_detail.html",
        {
            "cycle": cycle,
            "programme": cycle.programme,
            "summary": summary,
            "rows": rows,
            "sessions": list(cycle.sessions.all()),
            "session_form": forms.SessionForm(initial={"held_on": timezone.localdate()}),
            "pending": pending,
            "is_officer": is_officer,
            "query": query,
            "candidates": candidates,
        },
    )


@login_required
@require_POST
def cycle_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol a woman (from the cycle page or from her registry page). An ineligible woman,
    a full quota or a second enrolment (a double submit too) is refused with the reasons."""
    _see(request)
    cycle = policies.get_cycle_for(request.user, pk)
    _require(policies.is_officer(request.user))
    try:
        registrant_pk = int(request.POST.get("registrant", ""))
    except ValueError:
        messages.error(request, _("Pilih pendaftar yang akan didaftarkan."))
        return redirect("perkasa:cycle", pk=cycle.pk)
    registrant = policies.get_registrant_for(request.user, registrant_pk)
    back = request.POST.get("back") == "registrant"
    try:
        programmes.enrol(actor=request.user, cycle=cycle, registrant=registrant)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s terdaftar di %(cycle)s.") % {"name": registrant.name, "cycle": cycle},
        )
    if back:
        return redirect("perkasa:registrant_programmes", pk=registrant.pk)
    return redirect("perkasa:cycle", pk=cycle.pk)


@login_required
@require_GET
def registrant_programmes(request: HttpRequest, pk: int) -> HttpResponse:
    """From her registry page: the open cycles, each rule met or not and why, and where she
    is already enrolled."""
    registrant = policies.get_registrant_for(request.user, pk)  # 404 to anyone out of scope
    _require(policies.is_officer(request.user))
    access_record(
        actor=request.user,
        target=registrant,
        purpose="perkasa.eligibility",
        target_label=f"Perkasa #{registrant.pk}",
    )
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(registrant=registrant).select_related("cycle__programme")
    )
    enrolled = {e.cycle_id for e in enrolments}
    offers = []
    for cycle in ProgrammeCycle.objects.select_related("programme").order_by(
        "programme__name", "-id"
    ):
        if cycle.pk in enrolled or not _cycle_is_active(cycle, today):
            continue
        checks = programmes.eligibility(cycle.programme, registrant)
        offers.append({"cycle": cycle, "checks": checks, "ok": all(c.ok for c in checks)})
    return render(
        request,
        "perkasa/programmes/registrant_programmes.html",
        {
            "r": registrant,
            "enrolments": enrolments,
            "offers": offers,
            "status_ok": registrant.status in programmes.ENROLLABLE,
        },
    )


# --- sessions and attendance -------------------------------------------------------------


@login_required
@require_POST
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    cycle = policies.get_cycle_for(request.user, pk)
    form = forms.SessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tanggal dan topik sesi."))
        return redirect("perkasa:cycle", pk=cycle.pk)
    try:
        session = programmes.session_create(actor=request.user, cycle=cycle, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("perkasa:cycle", pk=cycle.pk)
    messages.success(request, _("Sesi tersimpan. Catat kehadirannya."))
    return redirect("perkasa:session", pk=session.pk)


def _get_session_for(user: Any, pk: int) -> ProgrammeSession:
    session = (
        ProgrammeSession.objects.filter(pk=pk, cycle__in=policies.visible_cycles(user))
        .select_related("cycle__programme")
        .first()
    )
    if session is None:
        raise Http404
    return session


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    session = _get_session_for(request.user, pk)
    enrolments = list(
        policies.visible_enrolments(request.user)
        .filter(cycle_id=session.cycle_id)
        .select_related("registrant__kelurahan")
        .order_by("id")
    )
    if request.method == "POST":
        marks = {}
        for enrolment in enrolments:
            state = request.POST.get(f"hadir-{enrolment.pk}", "")
            if state:
                marks[enrolment.pk] = state
        try:
            programmes.attendance_record(actor=request.user, session=session, marks=marks)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Kehadiran tersimpan."))
            return redirect("perkasa:cycle", pk=session.cycle_id)
    if enrolments:
        access_records(
            actor=request.user,
            targets=[(e.registrant, f"Perkasa #{e.registrant_id}") for e in enrolments],
            purpose="perkasa.attendance",
        )
    recorded = dict(session.attendance.values_list("enrolment_id", "state"))
    return render(
        request,
        "perkasa/programmes/session.html",
        {
            "session": session,
            "cycle": session.cycle,
            "rows": [(e, recorded.get(e.pk, "")) for e in enrolments],
            "states": choices.AttendanceState.choices,
        },
    )


# --- a participant: business, mentoring, tranches ------------------------------------------


@login_required
@require_GET
def participant(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    enrolment = policies.get_enrolment_for(request.user, pk)
    return _participant_page(request, enrolment)


def _participant_page(
    request: HttpRequest,
    enrolment: Enrolment,
    *,
    business_form: forms.BusinessForm | None = None,
    mentoring_form: forms.MentoringForm | None = None,
    propose_form: forms.ProposeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    registrant = enrolment.registrant
    access_record(
        actor=request.user,
        target=registrant,
        purpose="perkasa.participant",
        target_label=f"Perkasa #{registrant.pk}",
    )
    row = programmes.participant_rows(Enrolment.objects.filter(pk=enrolment.pk))[0]
    # A missing reverse one-to-one raises an AttributeError subclass: getattr's default.
    business = getattr(registrant, "business", None)
    disbursements = list(
        enrolment.disbursements.select_related("proposed_by", "decided_by").prefetch_related(
            "proofs"
        )
    )
    summary = selectors.cycle_summaries(
        ProgrammeCycle.objects.filter(pk=enrolment.cycle_id), request.user
    )[0]
    next_tranche = len(disbursements) + 1
    if business_form is None:
        initial = (
            {
                "kind": business.kind,
                "status": business.status,
                "revenue_band": business.revenue_band,
                "started_on": business.started_on,
            }
            if business
            else {}
        )
        business_form = forms.BusinessForm(initial=initial)
    return render(
        request,
        "perkasa/programmes/participant.html",
        {
            "e": enrolment,
            "r": registrant,
            "cycle": enrolment.cycle,
            "programme": enrolment.cycle.programme,
            "row": row,
            "business": business,
            "attendance": list(
                enrolment.attendance.select_related("session").order_by("session__held_on")
            ),
            "visits": list(enrolment.mentoring_visits.all()),
            "disbursements": disbursements,
            "summary": summary,
            "is_officer": policies.is_officer(request.user),
            "business_form": business_form,
            "mentoring_form": mentoring_form
            or forms.MentoringForm(initial={"visited_on": timezone.localdate()}),
            "propose_form": propose_form or forms.ProposeForm(initial={"tranche": next_tranche}),
            "next_tranche": next_tranche,
            "is_grant": enrolment.cycle.programme.kind == choices.ProgrammeKind.GRANT,
        },
        status=status,
    )


@login_required
@require_POST
def business_save(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    enrolment = policies.get_enrolment_for(request.user, pk)
    form = forms.BusinessForm(request.POST)
    if form.is_valid():
        try:
            programmes.business_record(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Data usaha tersimpan."))
            return redirect("perkasa:participant", pk=enrolment.pk)
    return _participant_page(request, enrolment, business_form=form, status=400)


@login_required
@require_POST
def mentoring_add(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    enrolment = policies.get_enrolment_for(request.user, pk)
    form = forms.MentoringForm(request.POST)
    if form.is_valid():
        try:
            programmes.mentoring_visit_add(
                actor=request.user, enrolment=enrolment, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Kunjungan pendampingan tercatat."))
            return redirect("perkasa:participant", pk=enrolment.pk)
    return _participant_page(request, enrolment, mentoring_form=form, status=400)


@login_required
@require_POST
def disbursement_propose(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    enrolment = policies.get_enrolment_for(request.user, pk)
    form = forms.ProposeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            disbursement = programmes.disbursement_propose(
                actor=request.user,
                enrolment=enrolment,
                amount=form.cleaned_data["amount"],
                proof_note=form.cleaned_data.get("proof_note") or "",
                proof=form.cleaned_data.get("proof"),
                expected_tranche=form.cleaned_data["tranche"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Usulan pencairan tahap %(t)s tersimpan; menunggu persetujuan.")
                % {"t": disbursement.tranche},
            )
            return redirect("perkasa:participant", pk=enrolment.pk)
    return _participant_page(request, enrolment, propose_form=form, status=400)


def _get_disbursement_for(user: Any, pk: int) -> Disbursement:
    disbursement = (
        Disbursement.objects.filter(pk=pk, enrolment__in=policies.visible_enrolments(user))
        .select_related("enrolment__registrant", "enrolment__cycle__programme")
        .first()
    )
    if disbursement is None:
        raise Http404
    return disbursement


@login_required
@require_POST
def disbursement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The checker approves or rejects (maker-checker: the service refuses the proposer)."""
    _see(request)
    disbursement = _get_disbursement_for(request.user, pk)
    _require(policies.is_officer(request.user))
    approve = request.POST.get("decision") == "setujui"
    try:
        programmes.disbursement_decide(
            actor=request.user, disbursement=disbursement, approve=approve
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(
            request,
            " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc),
        )
    else:
        messages.success(
            request,
            _("Pencairan tahap %(t)s disetujui.") % {"t": disbursement.tranche}
            if approve
            else _("Usulan tahap %(t)s ditolak.") % {"t": disbursement.tranche},
        )
    target = request.POST.get("next", "")
    if target == "cycle":
        return redirect("perkasa:cycle", pk=disbursement.cycle_id)
    return redirect(reverse("perkasa:participant", args=[disbursement.enrolment_id]))


@never_cache
@login_required
@require_GET
def proof_download(request: HttpRequest, pk: int, proof_pk: int) -> HttpResponse:
    _see(request)
    disbursement = _get_disbursement_for(request.user, pk)
    proof = disbursement.proofs.filter(pk=proof_pk).first()
    if proof is None:
        raise Http404
    access_record(
        actor=request.user,
        target=proof,
        purpose="perkasa.disbursement_proof",
        target_label=f"Perkasa #{disbursement.enrolment.registrant_id}",
    )
    return secure_download(
        proof.unseal(),
        proof.content_type,
        f"bukti-pencairan-{disbursement.pk}-{proof.pk}.{proof.extension}",
    )
