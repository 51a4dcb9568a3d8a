"""Routes of Perkasa monitoring, included in the ``perkasa`` namespace by urls.py."""

from __future__ import annotations

from django.urls import path

from payung.perkasa import views_monitoring as views

urlpatterns = [
    path("pemantauan/", views.monitoring_home, name="monitoring"),
    path("pemantauan/alur/", views.funnel, name="funnel"),
    path("<int:pk>/penyesuaian-kategori/", views.override_new, name="override_new"),
    path("penyesuaian/<int:pk>/putuskan/", views.override_decide, name="override_decide"),
    path("<int:pk>/keberatan/", views.appeal_new, name="appeal_new"),
    path("keberatan/<int:pk>/", views.appeal_detail, name="appeal"),
    path("<int:pk>/penilaian-ulang/", views.reassess, name="reassess"),
    path("<int:pk>/kelulusan/", views.graduate, name="graduate"),
    path("tindak-lanjut/<int:pk>/", views.followup, name="followup"),
]
