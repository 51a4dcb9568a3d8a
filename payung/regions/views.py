from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.regions.models import ServicePost


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def post_list(request: HttpRequest) -> HttpResponse:
    posts = ServicePost.objects.select_related("region", "region__parent")
    return render(request, "regions/post_list.html", {"posts": posts})
