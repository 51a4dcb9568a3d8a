"""Small actions on the case page (POST, then back to the page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from payung.accounts.http import StaffRequest
from payung.audit.services import access_record
from payung.cases import extensions, forms, policies, selectors, services
from payung.cases.choices import CaseStatus
from payung.cases.models import PlanItem
from payung.cases.views.case_pages import _act, _back, _invalid, cases_required
from payung.core.downloads import secure_download

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
    case = policies.get_case_for(request.user, pk, need="request_closure")
    undelivered = extensions.undelivered(case)
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
        lambda: services.case_reopen(
            actor=request.user,
            case=case,
            note=form.cleaned_data["note"],
            restore_tasks=form.cleaned_data["restore_tasks"],
        ),
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
def case_lawful_basis(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="edit")
    form = forms.LawfulBasisForm(request.POST, prefix="basis")
    if not form.is_valid():
        return _invalid(request, case, form, "persetujuan")
    return _act(
        request,
        case,
        lambda: services.case_lawful_basis_set(
            actor=request.user,
            case=case,
            basis=form.cleaned_data["basis"],
            note=form.cleaned_data["note"],
        ),
        _("Dasar pemrosesan dicatat."),
        "persetujuan",
    )


@require_POST
@cases_required
def case_restrict(request: StaffRequest, pk: int) -> HttpResponse:
    case = policies.get_case_for(request.user, pk, need="restrict")
    form = forms.RestrictForm(
        request.POST, people=selectors.restrict_choices(case), prefix="restrict"
    )
    if not form.is_valid():
        return _invalid(request, case, form, "tim")
    return _act(
        request,
        case,
        lambda: services.case_restrict(
            actor=request.user,
            case=case,
            restricted=form.cleaned_data["restricted"],
            staff=form.chosen(),
            note=form.cleaned_data["note"],
        ),
        _("Akses kasus diperbarui."),
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
    item = PlanItem.objects.filter(pk=item_pk, plan__case=case).first()
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
        request.POST,
        parties=list(case.parties.select_related("person")),
        allow_override=policies.is_supervisor(request.user),
        prefix="consent",
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
            perpetrator_override=d.get("perpetrator_override") or "",
        ),
        _("Persetujuan dicatat."),
        "persetujuan",
    )


@require_POST
@cases_required
def empowerment_refer(request: StaffRequest, pk: int) -> HttpResponse:
    """The plan's "Pemberdayaan ekonomi": refer a victim to the registry, with her consent."""
    case = policies.get_case_for(request.user, pk, need="edit")
    raw = request.POST.get("subject", "")
    subject = case.parties.filter(pk=int(raw)).first() if raw.isdigit() else None
    if subject is None:
        messages.error(request, _("Pilih korban dari kasus ini."))
        return _back(case, "pemberdayaan")
    return _act(
        request,
        case,
        lambda: services.empowerment_refer(actor=request.user, case=case, subject=subject),
        _("Korban dirujuk ke pemberdayaan ekonomi."),
        "pemberdayaan",
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
    return secure_download(
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
    return secure_download(pdf, "application/pdf", f"dokumen-hasil-penanganan-{safe_number}.pdf")
