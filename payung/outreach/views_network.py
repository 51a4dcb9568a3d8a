"""The community-leader network: list, add, withdrawal of consent, the contact sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.outreach import policies, selectors, services
from payung.outreach.forms import LeaderForm
from payung.outreach.models import Leader
from payung.regions.models import Region, ServicePost, ServicePostKind


@require_GET
@capability_required(Cap.OUTREACH)
def leader_list(request: HttpRequest) -> HttpResponse:
    leaders = (
        policies.visible_leaders(request.user)
        .select_related("kelurahan")
        .annotate(
            spoke_at=Count("activities", distinct=True),
            brought_in=Count("referrals", distinct=True),
        )
        .order_by("kelurahan__name", "name")
    )
    return render(
        request,
        "outreach/leader_list.html",
        {"leaders": leaders, "kelurahan": selectors.kelurahan_in_scope(request.user)},
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.OUTREACH)
def leader_create(request: HttpRequest) -> HttpResponse:
    form = LeaderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        leader = Leader(
            name=d["name"],
            kind=d["kind"],
            kelurahan=Region.objects.get(code=d["kelurahan"]),
            phone=d["phone"],
            consent_listed=d["consent_listed"],
            training=d["training"],
        )
        try:
            services.leader_save(actor=request.user, leader=leader)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Tokoh ditambahkan."))
            return redirect("outreach:leader_list")
    return render(request, "outreach/leader_form.html", {"form": form})


@require_POST
@capability_required(Cap.OUTREACH)
def leader_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    leader = policies.get_leader_for(request.user, pk)
    services.leader_withdraw_consent(actor=request.user, leader=leader)
    messages.success(request, _("Persetujuan ditarik; tokoh tidak lagi tercantum di daftar."))
    return redirect("outreach:leader_list")


@require_GET
@capability_required(Cap.OUTREACH)
def contact_sheet(request: HttpRequest, code: str) -> HttpResponse:
    """One printable page for a kelurahan's PPT: the post, the centre, emergency numbers and
    the leaders who agreed to be listed."""
    region = selectors.kelurahan_in_scope(request.user).filter(code=code).first()
    if region is None:
        raise Http404
    return render(
        request,
        "outreach/contact_sheet.html",
        {
            "region": region,
            "post": ServicePost.objects.filter(
                region=region, kind=ServicePostKind.PPT, is_active=True
            ).first(),
            "centre": ServicePost.objects.filter(
                kind=ServicePostKind.CENTRE, is_active=True
            ).first(),
            "leaders": selectors.listed_leaders(region.code),
        },
    )
