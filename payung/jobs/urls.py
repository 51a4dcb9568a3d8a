from __future__ import annotations

from django.urls import path

from payung.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/unduh/", views.job_download, name="download"),
]
