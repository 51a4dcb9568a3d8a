from __future__ import annotations

from django.urls import include, path

from payung.perkasa import urls_programmes, views
from payung.perkasa.urls_monitoring import urlpatterns as monitoring_urlpatterns

app_name = "perkasa"

urlpatterns = [
    path("", views.registrant_list, name="registrant_list"),
    path("daftar/", views.registrant_new, name="registrant_new"),
    path("<int:pk>/", views.registrant_detail, name="registrant"),
    path("<int:pk>/verifikasi/", views.registrant_verify, name="registrant_verify"),
    path("<int:pk>/kelayakan/", views.registrant_decide, name="registrant_decide"),
    path("<int:pk>/status/", views.registrant_move, name="registrant_move"),
    path("duplikat/", views.duplicates, name="duplicates"),
    path("duplikat/<int:pk>/", views.duplicate_decide, name="duplicate_decide"),
    path("model-skor/", views.models, name="models"),
    path("model-skor/baru/", views.model_new, name="model_new"),
    path("model-skor/<int:pk>/", views.model_detail, name="model"),
    path("model-skor/<int:pk>/terbitkan/", views.model_publish, name="model_publish"),
    path("model-skor/<int:pk>/nilai-ulang/", views.model_rescore, name="model_rescore"),
    path("program/", include(urls_programmes)),
]
urlpatterns += monitoring_urlpatterns
