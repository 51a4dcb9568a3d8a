from __future__ import annotations

from django.urls import path

from payung.calendar import views

app_name = "calendar"

urlpatterns = [
    path("libur/", views.holiday_list, name="holiday_list"),
    path("libur/tambah/", views.holiday_add, name="holiday_add"),
    path("libur/<int:pk>/ubah/", views.holiday_edit, name="holiday_edit"),
    path("libur/<int:pk>/hapus/", views.holiday_delete, name="holiday_delete"),
]
