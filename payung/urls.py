from __future__ import annotations

from django.urls import include, path
from django.views.i18n import set_language

from payung.api.api import api

urlpatterns = [
    path("", include("payung.public.urls")),
    path("lapor/", include("payung.public.report_urls")),
    path("kasus/", include("payung.cases.urls")),
    path("layanan/", include("payung.care.urls")),
    path("notifikasi/", include("payung.notifications.urls")),
    path("akun/", include("payung.accounts.urls")),
    path("audit/", include("payung.audit.urls")),
    path("privasi/", include("payung.privacy.urls")),
    path("wilayah/", include("payung.regions.urls")),
    path("kalender/", include("payung.calendar.urls")),
    path("sosialisasi/", include("payung.outreach.urls")),
    path("", include("payung.outreach.public_urls")),
    path("dasbor/", include("payung.insights.urls")),
    path("statistik/", include("payung.insights.public_urls")),
    path("perkasa/", include("payung.perkasa.urls")),
    path("perkasa-daftar/", include("payung.perkasa.public_urls")),
    path("proses/", include("payung.jobs.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler400 = "payung.core.views.bad_request"
handler403 = "payung.core.views.permission_denied"
handler404 = "payung.core.views.page_not_found"
handler500 = "payung.core.views.server_error"
