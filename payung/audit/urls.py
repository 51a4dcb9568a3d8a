from __future__ import annotations

from django.urls import path

from payung.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("akses/", views.access_list, name="access"),
    path("verifikasi/", views.verify, name="verify"),
]
