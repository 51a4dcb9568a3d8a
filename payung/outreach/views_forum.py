"""Forum Anak: forums, child members (the minimum), facilitators, voices and responses.
Children's records are the outreach officer's only (``policies.can_manage_forum``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from payung.outreach import policies, services
from payung.outreach.choices import VoiceStatus
from payung.outreach.forms import MemberForm
from payung.outreach.models import ForumVoice
from payung.regions.models import Region


class ForumForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama forum"), max_length=150)
    kelurahan = forms.ChoiceField(label=gettext_lazy("Kelurahan"), required=False)


class FacilitatorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama fasilitator"), max_length=150)
    phone = forms.CharField(label=gettext_lazy("Telepon"), max_length=30, required=False)


class VoiceForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Usulan"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agency = forms.CharField(label=gettext_lazy("Instansi yang dituju"), max_length=150)


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=gettext_lazy("Tanggapan instansi"), widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=VoiceStatus.choices)


def forum_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_manage_forum(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _kelurahan_choices(user: Any) -> list[tuple[str, str]]:
    from payung.outreach.forms import region_choices

    return [("", _("Forum Anak tingkat kota")), *region_choices(user, with_city=False)]


@require_GET
@forum_required
def forum_list(request: HttpRequest) -> HttpResponse:
    form = ForumForm()
    form.fields["kelurahan"].choices = _kelurahan_choices(request.user)  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/forum_list.html",
        {"forums": policies.visible_forums(request.user).select_related("kelurahan"), "form": form},
    )


@require_POST
@forum_required
def forum_create(request: HttpRequest) -> HttpResponse:
    form = ForumForm(request.POST)
    form.fields["kelurahan"].choices = _kelurahan_choices(request.user)  # type: ignore[attr-defined]
    if form.is_valid():
        code = form.cleaned_data["kelurahan"]
        kelurahan = Region.objects.filter(code=code).first() if code else None
        forum = services.forum_create(
            actor=request.user, name=form.cleaned_data["name"], kelurahan=kelurahan
        )
        return redirect("outreach:forum_detail", pk=forum.pk)
    messages.error(request, _("Isi nama forum."))
    return redirect("outreach:forum_list")


def _detail(request: HttpRequest, forum: Any, **forms_: Any) -> HttpResponse:
    today = timezone.localdate()
    members = [
        {"member": m, "alumni": m.is_alumni(today)}
        for m in forum.members.select_related("kelurahan").order_by("birth_year", "pk")
    ]
    context = {
        "forum": forum,
        "members": members,
        "facilitators": forum.facilitators.all(),
        "voices": forum.voices.all(),
        "member_form": forms_.get("member_form") or MemberForm(user=request.user),
        "facilitator_form": FacilitatorForm(),
        "voice_form": VoiceForm(),
        "response_form": ResponseForm(),
    }
    return render(request, "outreach/forum_detail.html", context, status=422 if forms_ else 200)


@require_GET
@forum_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, policies.get_forum_for(request.user, pk))


@require_POST
@forum_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    forum = policies.get_forum_for(request.user, pk)
    form = MemberForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.member_add(
                actor=request.user,
                forum=forum,
                nickname=d["nickname"],
                birth_year=d["birth_year"],
                sex=d["sex"],
                kelurahan=Region.objects.get(code=d["kelurahan"]),
                school_level=d["school_level"],
                guardian_consent_on=d["guardian_consent_on"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Anggota ditambahkan."))
            return redirect("outreach:forum_detail", pk=forum.pk)
    return _detail(request, forum, member_form=form)


@require_POST
@forum_required
def facilitator_add(request: HttpRequest, pk: int) -> HttpResponse:
    forum = policies.get_forum_for(request.user, pk)
    form = FacilitatorForm(request.POST)
    if form.is_valid():
        services.facilitator_add(actor=request.user, forum=forum, **form.cleaned_data)
    else:
        messages.error(request, _("Isi nama fasilitator."))
    return redirect("outreach:forum_detail", pk=forum.pk)


@require_POST
@forum_required
def voice_add(request: HttpRequest, pk: int) -> HttpResponse:
    forum = policies.get_forum_for(request.user, pk)
    form = VoiceForm(request.POST)
    if form.is_valid():
        services.voice_add(
            actor=request.user, forum=forum, submitted_on=timezone.localdate(), **form.cleaned_data
        )
    else:
        messages.error(request, _("Isi usulan dan instansi yang dituju."))
    return redirect("outreach:forum_detail", pk=forum.pk)


@require_POST
@forum_required
def voice_respond(request: HttpRequest, pk: int, voice_pk: int) -> HttpResponse:
    forum = policies.get_forum_for(request.user, pk)
    voice = ForumVoice.objects.filter(forum=forum, pk=voice_pk).first()
    if voice is None:
        raise Http404
    form = ResponseForm(request.POST)
    if form.is_valid():
        services.voice_respond(actor=request.user, voice=voice, **form.cleaned_data)
    else:
        messages.error(request, _("Isi tanggapan dan status."))
    return redirect("outreach:forum_detail", pk=forum.pk)
