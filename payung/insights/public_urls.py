from __future__ import annotations

from django.urls import path

from payung.insights import public_views

app_name = "statistik"

urlpatterns = [
    path("", public_views.public_statistics, name="index"),
    path("data.csv", public_views.public_csv, name="csv"),
]
