"""Programme pages, included from perkasa/urls.py under ``program/`` (namespace ``perkasa``)."""

from __future__ import annotations

from django.urls import path

from payung.perkasa import views_programmes as views

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("baru/", views.programme_new, name="programme_new"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("<int:pk>/ubah/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/siklus-baru/", views.cycle_new, name="cycle_new"),
    path("<int:pk>/peserta.xlsx", views.participants_export, name="participants_export"),
    path("siklus/<int:pk>/", views.cycle_detail, name="cycle"),
    path("siklus/<int:pk>/daftarkan/", views.cycle_enrol, name="cycle_enrol"),
    path("siklus/<int:pk>/sesi/", views.session_new, name="session_new"),
    path("sesi/<int:pk>/", views.session_attendance, name="session"),
    path("peserta/<int:pk>/", views.participant, name="participant"),
    path("peserta/<int:pk>/usaha/", views.business_save, name="business_save"),
    path("peserta/<int:pk>/pendampingan/", views.mentoring_add, name="mentoring_add"),
    path("peserta/<int:pk>/usulkan/", views.disbursement_propose, name="disbursement_propose"),
    path("pencairan/<int:pk>/putuskan/", views.disbursement_decide, name="disbursement_decide"),
    path("pencairan/<int:pk>/bukti/<int:proof_pk>/", views.proof_download, name="proof_download"),
    path("pendaftar/<int:pk>/", views.registrant_programmes, name="registrant_programmes"),
]
