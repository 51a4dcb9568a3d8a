from __future__ import annotations

from django.urls import path

from payung.regions import views

app_name = "regions"

urlpatterns = [
    path("pos/", views.post_list, name="post_list"),
    path("pos/kelengkapan/", views.post_completeness, name="post_completeness"),
    path("pos/<int:pk>/ubah/", views.post_edit, name="post_edit"),
]
