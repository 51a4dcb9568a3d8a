from __future__ import annotations

from django.urls import path

from payung.outreach import public_views

app_name = "outreach_public"

urlpatterns = [
    path("kuis/<str:token>/<str:phase>/", public_views.quiz, name="quiz"),
    path("jadwal-sosialisasi/", public_views.calendar, name="calendar"),
    path("aman-digital/", public_views.digital_safety, name="digital_safety"),
]
