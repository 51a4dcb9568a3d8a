from __future__ import annotations

from django.urls import path

from payung.perkasa import public_views

app_name = "perkasa_public"

urlpatterns = [
    path("", public_views.self_register, name="register"),
    path("terima-kasih/", public_views.thanks, name="thanks"),
    path("status/", public_views.self_status, name="status"),
]
