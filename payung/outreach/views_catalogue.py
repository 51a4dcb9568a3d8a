"""The editable catalogues: activity types, topics and the quiz bank (the outreach officer of
the city or the system admin; ``policies.can_manage_catalogue``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from payung.outreach import policies, services
from payung.outreach.models import ActivityType, QuizQuestion, Topic


class ActivityTypeForm(forms.ModelForm):
    class Meta:
        model = ActivityType
        fields = ["code", "name", "religious", "is_active", "order"]


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["code", "name", "is_active", "order"]


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=gettext_lazy("Pilihan jawaban (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = QuizQuestion
        fields = ["topic", "text", "correct", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(self.instance.options)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        self.instance.options = [
            line.strip() for line in data.get("options_text", "").splitlines() if line.strip()
        ]
        return data


KINDS: dict[str, tuple[type[forms.ModelForm], Any]] = {
    "jenis": (ActivityTypeForm, ActivityType),
    "topik": (TopicForm, Topic),
    "soal": (QuestionForm, QuizQuestion),
}


def _check(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policies.can_manage_catalogue(request.user):
        raise PermissionDenied
    return None


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    if (response := _check(request)) is not None:
        return response
    return render(
        request,
        "outreach/catalogue.html",
        {
            "types": ActivityType.objects.all(),
            "topics": Topic.objects.all(),
            "questions": QuizQuestion.objects.select_related("topic"),
        },
    )


@require_http_methods(["GET", "POST"])
def catalogue_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if (response := _check(request)) is not None:
        return response
    if kind not in KINDS:
        raise Http404
    form_class, model = KINDS[kind]
    instance = None
    if pk is not None:
        instance = model.objects.filter(pk=pk).first()
        if instance is None:
            raise Http404
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_save(actor=request.user, instance=form.instance)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Katalog disimpan."))
            return redirect("outreach:catalogue")
    return render(request, "outreach/catalogue_edit.html", {"form": form, "kind": kind})
