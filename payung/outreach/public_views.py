"""Public pages of outreach: the QR quiz, the calendar of sessions, the digital-safety page.
No JavaScript, no sign-in, no personal data asked or shown."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from payung.outreach import selectors, services
from payung.outreach.choices import QuizPhase
from payung.outreach.models import Quiz
from payung.regions.models import Region

COOKIE = "payung_kuis"
COOKIE_AGE = 2 * 24 * 3600


@never_cache
@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest, token: str, phase: str) -> HttpResponse:
    quiz_row = Quiz.objects.select_related("activity").filter(token=token).first()
    if quiz_row is None or phase not in QuizPhase.values:
        raise Http404
    questions = list(quiz_row.questions.order_by("pk"))
    context = {
        "quiz": quiz_row,
        "phase": phase,
        "phase_label": QuizPhase(phase).label,
        "questions": questions,
        "closed": not quiz_row.is_open(),
    }
    browser = request.COOKIES.get(COOKIE, "")
    if request.method == "GET" or context["closed"]:
        response = render(request, "outreach/public/quiz.html", context)
        if not browser:
            response.set_cookie(
                COOKIE, secrets.token_urlsafe(16), max_age=COOKIE_AGE, httponly=True, samesite="Lax"
            )
        return response
    if not browser:
        # A browser that refuses cookies gets a fresh id per sheet; it cannot be told apart.
        browser = secrets.token_urlsafe(16)
    answers: dict[int, int] = {}
    for q in questions:
        raw = request.POST.get(f"q{q.pk}", "")
        if raw.isdigit():
            answers[q.pk] = int(raw)
    try:
        saved = services.quiz_submit(
            actor=services.PUBLIC_QUIZ, quiz=quiz_row, phase=phase, browser=browser, answers=answers
        )
    except ValidationError:
        context["closed"] = True
        return render(request, "outreach/public/quiz.html", context)
    context["done"] = True
    context["repeat"] = saved is None
    response = render(request, "outreach/public/quiz.html", context)
    response.set_cookie(COOKIE, browser, max_age=COOKIE_AGE, httponly=True, samesite="Lax")
    return response


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kelurahan", "")
    region = None
    if code:
        region = Region.objects.within(selectors.city_code()).villages().filter(code=code).first()
    sessions = selectors.upcoming_public(region_code=region.code if region else "")
    kelurahan = Region.objects.within(selectors.city_code()).villages().order_by("name")
    return render(
        request,
        "outreach/public/calendar.html",
        {"sessions": sessions, "region": region, "kelurahan": kelurahan},
    )


@require_GET
def digital_safety(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/public/aman_digital.html")
