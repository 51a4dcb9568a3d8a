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
    # Referrals: the case worker's side
    path("rujukan/", views.referral_list, name="referral_list"),
    path("kasus/<int:case_pk>/rujuk/", views.referral_create, name="referral_create"),
    path("rujukan/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("rujukan/<int:pk>/batal/", views.referral_cancel, name="referral_cancel"),
    path(
        "rujukan/<int:pk>/laporan/<int:report_pk>/",
        views.referral_report_download,
        name="referral_report_download",
    ),
    # Referrals: the provider's inbox
    path("rujukan-masuk/", views.referral_inbox, name="referral_inbox"),
    path("rujukan-masuk/<int:pk>/", views.referral_inbox_detail, name="referral_inbox_detail"),
    path("rujukan-masuk/<int:pk>/terima/", views.referral_accept, name="referral_accept"),
    path("rujukan-masuk/<int:pk>/tolak/", views.referral_decline, name="referral_decline"),
    path("rujukan-masuk/<int:pk>/jadwal/", views.referral_schedule, name="referral_schedule"),
    path("rujukan-masuk/<int:pk>/selesai/", views.referral_complete, name="referral_complete"),
    path(
        "rujukan-masuk/<int:pk>/laporan/",
        views.referral_report_upload,
        name="referral_report_upload",
    ),
    # Delivered services and the free-visum letter
    path(
        "kasus/<int:case_pk>/layanan-diberikan/",
        views.service_record_add,
        name="service_record_add",
    ),
    path("kasus/<int:case_pk>/surat-visum/", views.visum_letter_create, name="visum_letter_create"),
    path("surat-visum/<int:pk>/", views.visum_letter_pdf, name="visum_letter_pdf"),
    # Accompaniment, return and reintegration, home visits
    path("kasus/<int:case_pk>/pendampingan/", views.accompaniment_add, name="accompaniment_add"),
    path("pendampingan/<int:pk>/", views.accompaniment_outcome, name="accompaniment_outcome"),
    path("kasus/<int:case_pk>/pemulangan/", views.reintegration_add, name="reintegration_add"),
    path("pemulangan/<int:pk>/", views.reintegration_handover, name="reintegration_handover"),
    path("kasus/<int:case_pk>/kunjungan/", views.home_visit_add, name="home_visit_add"),
    path("kunjungan/", views.my_visits, name="my_visits"),
    path("kunjungan/<int:pk>/", views.home_visit_detail, name="home_visit_detail"),
    path("kunjungan/<int:pk>/catat/", views.home_visit_record, name="home_visit_record"),
    path("kunjungan/<int:pk>/batal/", views.home_visit_cancel, name="home_visit_cancel"),
    # Tasks
    path("kasus/<int:case_pk>/tugas/", views.task_add, name="task_add"),
    path("tugas/", views.my_tasks, name="my_tasks"),
    path("tugas/<int:pk>/selesai/", views.task_done, name="task_done"),
]
