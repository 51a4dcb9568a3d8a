from __future__ import annotations

from django.urls import path

from payung.cases import views

app_name = "cases"

urlpatterns = [
    path("laporan/", views.report_list, name="report_list"),
    path("laporan/baru/", views.report_create, name="report_create"),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path(
        "laporan/<int:pk>/lampiran/<int:attachment_pk>/",
        views.report_attachment,
        name="report_attachment",
    ),
    path("laporan/<int:pk>/risiko/", views.report_set_risk, name="report_set_risk"),
    path("laporan/<int:pk>/buka-kasus/", views.report_open_case, name="report_open_case"),
    path("laporan/<int:pk>/gabung/", views.report_attach, name="report_attach"),
    path("laporan/<int:pk>/rujuk-keluar/", views.report_refer_out, name="report_refer_out"),
    path(
        "laporan/<int:pk>/bukan-kasus/", views.report_close_not_case, name="report_close_not_case"
    ),
    path("laporan/<int:pk>/pesan/", views.report_message, name="report_message"),
    path("laporan/<int:pk>/buka-kunci/", views.report_unlock, name="report_unlock"),
    path("triase/", views.triage_queue, name="triage_queue"),
    path("triase/aturan/", views.deadline_rules, name="deadline_rules"),
    path("triase/aturan/<int:pk>/", views.deadline_rule_update, name="deadline_rule_update"),
]
