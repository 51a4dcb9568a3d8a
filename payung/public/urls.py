from __future__ import annotations

from django.urls import path

from payung.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("ppt/", views.posts, name="posts"),
]
