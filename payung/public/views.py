from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from payung.regions.models import ServicePost


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


@require_GET
def posts(request: HttpRequest) -> HttpResponse:
    posts = ServicePost.objects.filter(is_active=True).select_related("region", "region__parent")
    return render(request, "public/posts.html", {"posts": posts})
