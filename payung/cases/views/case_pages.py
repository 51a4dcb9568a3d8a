"""Case lists and the case page, with the helpers the case's forms share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.audit.services import access_record, access_search
from payung.cases import extensions, forms, policies, selectors, services, workflow
from payung.cases.choices import CaseStatus, PlanItemStatus
from payung.cases.uploads import max_upload_bytes
from payung.core.pagination import KeysetPaginator

# =========================================================================================
# Casework (issue #4)
# =========================================================================================

CASE_PAGE_SIZE = 50


def cases_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and a role that works cases (403 otherwise: only the kind of page is
    revealed; single cases answer 404 through ``policies.get_case_for``). A URL that names a
    record (``pk``) answers 404 to a role outside casework too — a Perkasa officer, say —
    exactly as for a case that does not exist (issue #12: "404 on every case URL")."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_use_cases(request.user):
            if "pk" in kwargs or "number" in kwargs:
                raise Http404
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
        everyday=True,
        victim_sex=d.get("victim_sex", ""),
        place=d.get("place", ""),
        relationship=d.get("relationship", ""),
    )


def _case_list(request: StaffRequest, *, mine: bool) -> HttpResponse:
    form = forms.CaseFilterForm(
        request.GET or None, kelurahan_options=selectors.kelurahan_options()
    )
    filters = _filters(form, mine=mine)
    qs = selectors.case_list(request.user, filters)
    # Previous/next move by keyset (the links carry a cursor); a page number alone by OFFSET.
    page = KeysetPaginator(qs, CASE_PAGE_SIZE).get_page_at(
        request.GET.get("page"),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    # The list shows victims' names: what kind of search, how many, which cases — never
    # the search text (it may be a NIK or a name).
    access_search(
        actor=request.user,
        purpose="case.list.mine" if mine else "case.list",
        kind=selectors.search_kind(filters.q) if filters.q.strip() else "list",
        total=page.paginator.count,
        shown=[(c, c.number) for c in list(page)],
    )
    query = request.GET.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
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
            "hides_closed": selectors.hides_old_closed(filters),
            "closed_days": settings.CASE_CLOSED_LIST_DAYS,
            # The export (insights, when installed) carries the filters but never the search
            # text, which can be a name or a NIK.
            "export_params": [(k, v) for k, v in shown.items() if v],
            "perms_export": request.user.can(Cap.STATS),
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
        "restrict",
    )
    can = {need: policies.can_act_on_case(user, case, need) for need in needs}
    # Sections other apps add (care: referrals, services, visits, tasks, the closure
    # checklist), through the case's extension points.
    sections = extensions.page_sections(
        user, case, record=record, parties={p.pk: p for p in parties}
    )
    context: dict[str, Any] = {
        "case": case,
        "record": record,
        # The history is its own fragment (``case_timeline``): building and drawing it was a
        # fifth of the page's time, for a section read now and then (docs/performance.md).
        "can": can,
        "moves": [] if case.is_closed else list(workflow.moves_from(case.status)),
        "flow": [(s, dict(CaseStatus.choices)[s]) for s in workflow.ORDER],
        "now": timezone.now(),
        **sections,
        # The plan's "Pemberdayaan ekonomi" (Perkasa, when installed): consent and status.
        "empowerment": selectors.empowerment_panel(record),
        "extension_templates": [
            ext.page_template for ext in extensions.registered() if ext.page_template
        ],
        # The small forms of the page are built when the template shows them (most people
        # may use only some of them): building a form costs as much as a query.
        "closure_form": _lazy(
            forms.ClosureRequestForm,
            prefix="closure",
            undelivered=extensions.undelivered(case, sections),
        ),
        "reopen_form": _lazy(forms.ReopenForm, prefix="reopen"),
        "note_form": _lazy(forms.NoteForm, prefix="note"),
        "document_form": _lazy(forms.DocumentForm, parties=parties, prefix="doc"),
        "consent_form": _lazy(
            forms.ConsentForm,
            parties=parties,
            allow_override=can["override_consent"],
            prefix="consent",
            initial={"given_on": timezone.localdate(), "purpose": "pemrosesan"},
        ),
        "override_form": _lazy(forms.ConsentOverrideForm, parties=parties, prefix="override"),
        "followup_form": _lazy(forms.FollowupForm, prefix="followup"),
        "plan_item_form": _lazy(forms.PlanItemForm, prefix="item"),
        "transfer_form": _lazy(forms.TransferForm, prefix="transfer"),
        "basis_form": _lazy(
            forms.LawfulBasisForm, prefix="basis", initial={"basis": case.lawful_basis}
        ),
        "upload_limit": max_upload_bytes(),
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
    if can["restrict"]:
        context["restrict_form"] = forms.RestrictForm(
            people=selectors.restrict_choices(case),
            prefix="restrict",
            initial={
                "restricted": case.restricted,
                # Unrestricting a case empties its list (services.case_restrict): no query
                # for the unrestricted majority.
                "staff": [str(pk) for pk in case.restricted_to.values_list("pk", flat=True)]
                if case.restricted
                else [],
            },
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


@never_cache
@require_GET
@cases_required
def case_timeline(request: StaffRequest, pk: int) -> HttpResponse:
    """The case's history, on demand: the whole page without JavaScript, the section's
    content for htmx. A read of the record of its own in the access log."""
    user = request.user
    case = policies.get_case_for(user, pk)
    access_record(actor=user, target=case, purpose="case.timeline", target_label=case.number)
    record = selectors.case_record(user, case)
    sections = extensions.page_sections(
        user, case, record=record, parties={p.pk: p for p in record.parties}
    )
    context = {
        "case": case,
        "timeline": selectors.case_timeline(user, record, sections=sections),
    }
    template = (
        "cases/case_timeline.html#entries"
        if getattr(request, "htmx", False)
        else "cases/case_timeline.html"
    )
    return render(request, template, context)


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
