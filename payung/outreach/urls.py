from __future__ import annotations

from django.urls import path

from payung.outreach import views, views_catalogue, views_forum, views_network

app_name = "outreach"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("baru/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/terlaksana/", views.activity_hold, name="activity_hold"),
    path("<int:pk>/batal/", views.activity_cancel, name="activity_cancel"),
    path("<int:pk>/laporan/", views.activity_report, name="activity_report"),
    path("<int:pk>/foto/<int:photo_pk>/", views.activity_photo, name="activity_photo"),
    path("<int:pk>/pengungkapan/", views.disclosure_create, name="disclosure_create"),
    path("<int:pk>/kuis/", views.quiz_open, name="quiz_open"),
    path("<int:pk>/kuis/<str:phase>/qr/", views.quiz_qr, name="quiz_qr"),
    path("<int:pk>/pdf/", views.activity_pdf, name="activity_pdf"),
    path("rekap/", views.recap_start, name="recap_start"),
    path("cakupan/", views.coverage, name="coverage"),
    path("cakupan/target/", views.target_set, name="target_set"),
    path("dampak/", views.prevention, name="prevention"),
    path("tokoh/", views_network.leader_list, name="leader_list"),
    path("tokoh/baru/", views_network.leader_create, name="leader_create"),
    path("tokoh/<int:pk>/tarik/", views_network.leader_withdraw, name="leader_withdraw"),
    path("tokoh/lembar/<str:code>/", views_network.contact_sheet, name="contact_sheet"),
    path("katalog/", views_catalogue.catalogue, name="catalogue"),
    path("katalog/<str:kind>/baru/", views_catalogue.catalogue_edit, name="catalogue_add"),
    path("katalog/<str:kind>/<int:pk>/", views_catalogue.catalogue_edit, name="catalogue_edit"),
    path("forum-anak/", views_forum.forum_list, name="forum_list"),
    path("forum-anak/baru/", views_forum.forum_create, name="forum_create"),
    path("forum-anak/<int:pk>/", views_forum.forum_detail, name="forum_detail"),
    path("forum-anak/<int:pk>/anggota/", views_forum.member_add, name="member_add"),
    path("forum-anak/<int:pk>/fasilitator/", views_forum.facilitator_add, name="facilitator_add"),
    path("forum-anak/<int:pk>/usulan/", views_forum.voice_add, name="voice_add"),
    path(
        "forum-anak/<int:pk>/usulan/<int:voice_pk>/tanggapan/",
        views_forum.voice_respond,
        name="voice_respond",
    ),
]
