"""Staff pages of outreach: thin — parse, call a service or selector, render."""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.cases.services import ReportInput
from payung.core import charts
from payung.core.downloads import secure_download
from payung.core.forms import add_validation_errors
from payung.outreach import policies, selectors, services
from payung.outreach.choices import ActivityStatus, PhotoKind
from payung.outreach.forms import (
    ActivityForm,
    ActivityReportForm,
    CancelForm,
    DisclosureForm,
    TargetForm,
)
from payung.outreach.models import ActivityPhoto, Quiz
from payung.regions import schematic
from payung.regions.models import Region


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


@require_GET
@capability_required(Cap.OUTREACH)
def activity_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    past_only = request.GET.get("lewat") == "1"
    activities = selectors.activity_list(request.user, status=status, past_only=past_only)[:200]
    return render(
        request,
        "outreach/activity_list.html",
        {
            "activities": activities,
            "status": status,
            "statuses": ActivityStatus.choices,
            "past_only": past_only,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.OUTREACH)
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activity = services.activity_plan(
                actor=request.user,
                type=d["type"],
                title=d["title"],
                region=d["region"],
                venue=d["venue"],
                starts_at=form.starts_at(),
                topics=d["topics"],
                partners=d["partners"],
                public_figures=d["public_figures"],
                speakers=d["speakers"],
                forum=d.get("forum"),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Kegiatan direncanakan."))
            return redirect("outreach:activity_detail", pk=activity.pk)
    return render(request, "outreach/activity_form.html", {"form": form})


@require_GET
@capability_required(Cap.OUTREACH)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_detail(request.user, pk)
    quiz = Quiz.objects.filter(activity=activity).first()
    return render(
        request,
        "outreach/activity_detail.html",
        {
            "activity": activity,
            "quiz": quiz,
            "scores": selectors.quiz_scores(quiz) if quiz else None,
            "cancel_form": CancelForm(),
            "can_hold": activity.status == ActivityStatus.PLANNED
            and activity.starts_at <= timezone.now(),
        },
    )


@require_POST
@capability_required(Cap.OUTREACH)
def activity_hold(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policies.get_activity_for(request.user, pk)
    try:
        services.activity_hold(actor=request.user, activity=activity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kegiatan ditandai terlaksana."))
    return redirect("outreach:activity_detail", pk=activity.pk)


@require_POST
@capability_required(Cap.OUTREACH)
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policies.get_activity_for(request.user, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.activity_cancel(
                actor=request.user, activity=activity, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Kegiatan dibatalkan."))
    else:
        messages.error(request, _("Tuliskan alasan pembatalan."))
    return redirect("outreach:activity_detail", pk=activity.pk)


@require_http_methods(["GET", "POST"])
@capability_required(Cap.OUTREACH)
def activity_report(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policies.get_activity_for(request.user, pk)
    initial = {
        k: getattr(activity, k)
        for k in (
            "women",
            "men",
            "girls",
            "boys",
            "total",
            "materials",
            "questions_raised",
            "follow_ups",
        )
        if getattr(activity, k) not in (None, "")
    }
    form = ActivityReportForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            photos = [
                (kind, d[field])
                for kind, field in (
                    (PhotoKind.SIGN_IN, "sign_in_photo"),
                    (PhotoKind.EVENT, "event_photo"),
                )
                if d.get(field)
            ]
            try:
                services.activity_report(
                    actor=request.user,
                    activity=activity,
                    attendance=services.Attendance(
                        d["women"], d["men"], d["girls"], d["boys"], d["total"]
                    ),
                    materials=d["materials"],
                    questions_raised=d["questions_raised"],
                    follow_ups=d["follow_ups"],
                    photos=photos,
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Laporan kegiatan disimpan."))
                return redirect("outreach:activity_detail", pk=activity.pk)
        status = 422
    return render(
        request,
        "outreach/activity_report.html",
        {"activity": activity, "form": form},
        status=status,
    )


@require_GET
@capability_required(Cap.OUTREACH)
def activity_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    activity = policies.get_activity_for(request.user, pk)
    photo = ActivityPhoto.objects.filter(activity=activity, pk=photo_pk).first()
    if photo is None:
        raise Http404
    return secure_download(
        photo.unseal(),
        photo.content_type,
        f"kegiatan-{activity.pk}-foto-{photo.pk}.{photo.extension}",
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.OUTREACH)
def disclosure_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policies.get_activity_for(request.user, pk)
    form = DisclosureForm(request.POST or None, initial={"token": secrets.token_urlsafe(16)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = ReportInput(
            channel="penjangkauan",
            reporter_relation=d["reporter_relation"],
            violence_forms=d["violence_forms"],
            description=d["description"],
            place_category=d["place_category"],
            victim_sex=d["victim_sex"],
            victim_is_child=d["victim_is_child"],
            contact_channel=d["contact_channel"],
            reporter_phone=d["reporter_phone"],
            danger_now=d["danger_now"],
        )
        try:
            services.disclosure_record(
                actor=request.user, activity=activity, data=data, idempotency_key=d["token"]
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("Laporan dicatat dan masuk ke antrean pemilahan pusat layanan.")
            )
            return redirect("outreach:activity_detail", pk=activity.pk)
    return render(request, "outreach/disclosure_form.html", {"activity": activity, "form": form})


@require_POST
@capability_required(Cap.OUTREACH)
def quiz_open(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policies.get_activity_for(request.user, pk)
    try:
        services.quiz_open(actor=request.user, activity=activity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("outreach:activity_detail", pk=activity.pk)


@require_GET
@capability_required(Cap.OUTREACH)
def quiz_qr(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    """The QR code participants scan, as a page the officer shows on a screen."""
    activity = policies.get_activity_for(request.user, pk)
    quiz = Quiz.objects.filter(activity=activity).first()
    if quiz is None or phase not in ("sebelum", "sesudah"):
        raise Http404
    url = request.build_absolute_uri(reverse("outreach_public:quiz", args=[quiz.token, phase]))
    svg = segno.make(url, error="m").svg_inline(scale=6, title=_("Kode QR kuis"))
    return render(
        request,
        "outreach/quiz_qr.html",
        {"activity": activity, "quiz": quiz, "phase": phase, "url": url, "svg": svg},
    )


@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not policies.can_view_coverage(request.user):
        raise PermissionDenied
    year = _year(request)
    board = selectors.coverage_board(request.user, year)
    target_form = (
        TargetForm(user=request.user, initial={"min_sessions": 2, "min_religious": 1})
        if request.user.role == "outreach_officer"
        else None
    )
    coverage_map, legend = _coverage_map(board)
    return render(
        request,
        "outreach/coverage.html",
        {
            "board": board,
            "year": year,
            "years": range(year - 2, year + 2),
            "target_form": target_form,
            "perms_outreach": policies.can_manage(request.user),
            "map": coverage_map,
            "legend": legend,
        },
    )


#: Above this many kelurahan the tile map is left out (the table carries the numbers): the
#: layout's optimal assignment is O(n²m) and 500 tiles are unreadable on a phone anyway.
MAP_MAX_PLACES = 120


def _coverage_map(board: selectors.CoverageBoard) -> tuple[Any, Any]:
    """The schematic map coloured by the sessions held in the current quarter (or the
    year's last quarter for a past year), with its legend.

    The layout is built from the places' positions only, so ``build_tile_map``'s cache
    serves every request; the colours and titles are applied to its tiles afterwards."""
    if len(board.rows) > MAP_MAX_PLACES:
        return None, ()
    year, quarter = board.current
    index = quarter - 1 if year == board.year else 3
    values: dict[str, float | None] = {
        row.region.code: float(row.quarters[index]) for row in board.rows
    }
    colours, legend = schematic.choropleth(values, classes=3, unit=_("sesi"))
    places = []
    sessions = {}
    for row in board.rows:
        region = row.region
        if region.label_lat is None or region.label_lng is None:
            continue
        sessions[region.code] = (region.name, row.quarters[index])
        places.append(
            schematic.MapPlace(
                code=region.code,
                name=region.name,
                group_code=region.parent.code if region.parent else "",
                group_name=region.parent.name if region.parent else "",
                lat=float(region.label_lat),
                lng=float(region.label_lng),
            )
        )
    if not places:
        return None, ()
    layout = schematic.build_tile_map(tuple(places))
    tiles = []
    for tile in layout.tiles:
        fill, stroke = colours[tile.code]
        name, n = sessions[tile.code]
        title = _("%(name)s: %(n)s sesi di triwulan %(q)s") % {"name": name, "n": n, "q": index + 1}
        tiles.append(dataclasses.replace(tile, fill=fill, stroke=stroke, title=title))
    return dataclasses.replace(layout, tiles=tuple(tiles), legend=()), legend


@require_POST
@capability_required(Cap.OUTREACH)
def target_set(request: HttpRequest) -> HttpResponse:
    if not policies.can_set_targets(request.user):
        raise PermissionDenied
    year = _year(request)
    form = TargetForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        kelurahan = Region.objects.get(code=d["kelurahan"])
        try:
            services.target_set(
                actor=request.user,
                year=year,
                kelurahan=kelurahan,
                min_sessions=d["min_sessions"],
                min_religious=d["min_religious"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Target tahunan disimpan."))
    else:
        messages.error(request, _("Periksa isian target."))
    return redirect(f"{reverse('outreach:coverage')}?tahun={year}")


@require_GET
def prevention(request: HttpRequest) -> HttpResponse:
    """Did reporting follow? Reports per 10,000 residents before and after sessions."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not policies.can_view_coverage(request.user):
        raise PermissionDenied
    year = _year(request)
    data = selectors.prevention(request.user, year)
    items = [
        charts.ChartItem(label=row.region.name, value=row.year_rate or 0.0)
        for row in data.rows
        if row.year_rate is not None
    ]
    chart = charts.bar_chart(
        items,
        title=_("Laporan per 10.000 penduduk, %(year)s") % {"year": year},
        unit=_("per 10.000"),
    )
    return render(
        request,
        "outreach/prevention.html",
        {
            "data": data,
            "year": year,
            "years": range(year - 2, year + 2),
            "chart": chart,
            "window": selectors.WINDOW_DAYS,
        },
    )


@require_GET
@capability_required(Cap.OUTREACH)
def activity_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from payung.outreach.outputs import activity_pdf as build

    activity = selectors.activity_detail(request.user, pk)
    return secure_download(build(activity), "application/pdf", f"kegiatan-{activity.pk}.pdf")


@require_POST
@capability_required(Cap.OUTREACH)
def recap_start(request: HttpRequest) -> HttpResponse:
    job = services.recap_start(actor=request.user, year=_year(request))
    return redirect(job.get_absolute_url())
