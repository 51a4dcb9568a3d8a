from __future__ import annotations

from django.urls import path

from payung.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.home, name="home"),
    path("pemberitahuan/", views.notice, name="notice"),
    path("insiden/", views.breach_list, name="breach_list"),
    path("insiden/baru/", views.breach_create, name="breach_create"),
    path("insiden/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("insiden/<int:pk>/ubah/", views.breach_update, name="breach_update"),
    path("insiden/<int:pk>/surat/", views.breach_notice, name="breach_notice"),
    path("insiden/<int:pk>/rencana-kontak/", views.breach_contact_plan, name="breach_contact_plan"),
    path("insiden/<int:pk>/diberitahukan/", views.breach_notified, name="breach_notified"),
    path("insiden/<int:pk>/tutup/", views.breach_close, name="breach_close"),
    path("permintaan/", views.request_list, name="request_list"),
    path("permintaan/baru/", views.request_create, name="request_create"),
    path("permintaan/<int:pk>/", views.request_detail, name="request_detail"),
    path("permintaan/<int:pk>/putuskan/", views.request_decide, name="request_decide"),
    path("permintaan/<int:pk>/salinan/", views.request_export, name="request_export"),
    path("permintaan/<int:pk>/akhiri-pembatasan/", views.request_lift, name="request_lift"),
    path("retensi/", views.retention_page, name="retention"),
    path("retensi/tahan/", views.hold_create, name="hold_create"),
    path("retensi/tahan/<int:pk>/lepas/", views.hold_release, name="hold_release"),
    path("retensi/berita-acara/<int:pk>/", views.destruction_detail, name="destruction_detail"),
    path(
        "retensi/berita-acara/<int:pk>/sahkan/",
        views.destruction_sign_off,
        name="destruction_sign_off",
    ),
    path("rekaman/", views.register_page, name="register"),
    path("rekaman/unduh.<str:fmt>", views.register_export, name="register_export"),
    path("perjanjian/", views.agreement_list, name="agreement_list"),
    path("perjanjian/<int:pk>/", views.agreement_edit, name="agreement_edit"),
]
