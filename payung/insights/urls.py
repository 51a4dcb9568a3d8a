from __future__ import annotations

from django.urls import path, re_path

from payung.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(
        r"^unduh/(?P<slug>[-a-z]+)\.(?P<fmt>csv|xlsx)$", views.table_download, name="table_download"
    ),
    path("peta/", views.region_map, name="map"),
]

urlpatterns += [
    path("simfoni/", views.simfoni_page, name="simfoni"),
    path("ekspor-kasus/", views.case_list_export, name="case_list_export"),
    path("laporan/", views.report_request, name="report"),
    path("perbarui/", views.refresh_request, name="refresh"),
]
