from __future__ import annotations

from django.urls import path

from payung.public import report_views

app_name = "report"

urlpatterns = [
    path("", report_views.report_form, name="form"),
    path("terima-kasih/", report_views.report_thanks, name="thanks"),
    path("cek/", report_views.report_status, name="status"),
]
