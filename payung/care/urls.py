from __future__ import annotations

from django.urls import path

from payung.care import views

app_name = "care"

urlpatterns = [
    # The partner directory (case managers and supervisors)
    path("mitra/", views.directory, name="directory"),
    path("mitra/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    # Reference data (system admin)
    path("kelola/", views.organisation_list, name="organisation_list"),
    path("kelola/mitra/baru/", views.organisation_create, name="organisation_create"),
    path("kelola/mitra/<int:pk>/ubah/", views.organisation_edit, name="organisation_edit"),
    path("kelola/layanan/", views.service_list, name="service_list"),
    path("kelola/layanan/<int:pk>/ubah/", views.service_edit, name="service_edit"),
    # Safe house
    path("rumah-aman/", views.shelter_list, name="shelter_list"),
    path("rumah-aman/saya/", views.shelter_residents, name="shelter_residents"),
    path("rumah-aman/<int:pk>/", views.shelter_detail, name="shelter_detail"),
    path("rumah-aman/<int:pk>/ubah/", views.shelter_edit, name="shelter_edit"),
    path("rumah-aman/<int:pk>/terima/", views.stay_admit, name="stay_admit"),
    path("penghuni/<int:pk>/keluar/", views.stay_discharge, name="stay_discharge"),
]
