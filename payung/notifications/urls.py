from __future__ import annotations

from django.urls import path

from payung.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/baca/", views.notification_read, name="read"),
    path("baca-semua/", views.notification_read_all, name="read_all"),
    path("gagal/", views.outbox_failed, name="outbox_failed"),
    path("gagal/<int:pk>/ulang/", views.outbox_retry, name="outbox_retry"),
]
