from __future__ import annotations

from django.urls import path

from payung.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("", views.home, name="home"),
]
