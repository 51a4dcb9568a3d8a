from __future__ import annotations

from django.urls import path

from payung.cases import views

app_name = "cases"

urlpatterns = [
    path("laporan/", views.report_list, name="report_list"),
    path("laporan/baru/", views.report_create, name="report_create"),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path(
        "laporan/<int:pk>/lampiran/<int:attachment_pk>/",
        views.report_attachment,
        name="report_attachment",
    ),
    path("laporan/<int:pk>/risiko/", views.report_set_risk, name="report_set_risk"),
    path("laporan/<int:pk>/buka-kasus/", views.report_open_case, name="report_open_case"),
    path("laporan/<int:pk>/gabung/", views.report_attach, name="report_attach"),
    path("laporan/<int:pk>/rujuk-keluar/", views.report_refer_out, name="report_refer_out"),
    path(
        "laporan/<int:pk>/bukan-kasus/", views.report_close_not_case, name="report_close_not_case"
    ),
    path("laporan/<int:pk>/pesan/", views.report_message, name="report_message"),
    path("laporan/<int:pk>/buka-kunci/", views.report_unlock, name="report_unlock"),
    path("triase/", views.triage_queue, name="triage_queue"),
    path("triase/aturan/", views.deadline_rules, name="deadline_rules"),
    path("triase/aturan/<int:pk>/", views.deadline_rule_update, name="deadline_rule_update"),
    # --- casework
    path("", views.case_list, name="case_list"),
    path("saya/", views.my_cases, name="my_cases"),
    path("tenggat/", views.deadlines, name="deadlines"),
    path("tenggat/aturan/", views.case_deadline_rules, name="case_deadline_rules"),
    path(
        "tenggat/aturan/<int:pk>/",
        views.case_deadline_rule_update,
        name="case_deadline_rule_update",
    ),
    path("penutupan/", views.closure_queue, name="closure_queue"),
    path("penutupan/<int:pk>/", views.closure_decide, name="closure_decide"),
    path("nomor/<path:number>/", views.case_by_number, name="case_by_number"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/riwayat/", views.case_timeline, name="case_timeline"),
    path("<int:pk>/ubah/", views.case_edit, name="case_edit"),
    path("<int:pk>/pihak/tambah/", views.party_add, name="party_add"),
    path("<int:pk>/pihak/<int:party_pk>/ubah/", views.person_edit, name="person_edit"),
    path("<int:pk>/kejadian/tambah/", views.incident_add, name="incident_add"),
    path("<int:pk>/kejadian/<int:incident_pk>/ubah/", views.incident_edit, name="incident_edit"),
    path("<int:pk>/asesmen/", views.assessment_add, name="assessment_add"),
    path("<int:pk>/rencana/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/rencana/layanan/", views.plan_item_add, name="plan_item_add"),
    path(
        "<int:pk>/rencana/layanan/<int:item_pk>/",
        views.plan_item_status,
        name="plan_item_status",
    ),
    path(
        "<int:pk>/rencana/pemberdayaan-ekonomi/",
        views.empowerment_refer,
        name="empowerment_refer",
    ),
    path("<int:pk>/status/", views.case_transition, name="case_transition"),
    path("<int:pk>/penutupan/", views.closure_request, name="closure_request"),
    path("<int:pk>/buka-kembali/", views.case_reopen, name="case_reopen"),
    path("<int:pk>/tugaskan/", views.case_assign, name="case_assign"),
    path("<int:pk>/tim/", views.team_add, name="team_add"),
    path("<int:pk>/tim/<int:user_pk>/hapus/", views.team_remove, name="team_remove"),
    path("<int:pk>/pindah/", views.case_transfer, name="case_transfer"),
    path("<int:pk>/terbatas/", views.case_restrict, name="case_restrict"),
    path("<int:pk>/dasar-pemrosesan/", views.case_lawful_basis, name="case_lawful_basis"),
    path("<int:pk>/tenggat/tambah/", views.followup_add, name="followup_add"),
    path("<int:pk>/tenggat/<int:deadline_pk>/", views.deadline_record, name="deadline_record"),
    path("<int:pk>/persetujuan/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/persetujuan/<int:consent_pk>/cabut/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/persetujuan/pengecualian/", views.consent_override, name="consent_override"),
    path("<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/dokumen/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path("<int:pk>/catatan/", views.note_add, name="note_add"),
    path(
        "<int:pk>/dokumen-penanganan/<int:party_pk>/",
        views.handling_document,
        name="handling_document",
    ),
]
