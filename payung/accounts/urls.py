from __future__ import annotations

from django.urls import path

from payung.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("", views.home, name="home"),
    path("sesi/tetap-masuk/", views.session_keepalive, name="session_keepalive"),
    # Second factor
    path("2fa/pasang/", views.otp_setup, name="otp_setup"),
    path("2fa/verifikasi/", views.otp_verify, name="otp_verify"),
    path("2fa/hapus/", views.otp_remove, name="otp_remove"),
    # The user's own account
    path("keamanan/", views.security, name="security"),
    path("keamanan/kata-sandi/", views.password_change, name="password_change"),
    path("keamanan/token/", views.token_create, name="token_create"),
    path("keamanan/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    # User management (system admin)
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/reset-2fa/", views.user_otp_reset, name="user_otp_reset"),
    path("pengguna/<int:pk>/buka-kunci/", views.user_unlock, name="user_unlock"),
    path(
        "pengguna/<int:pk>/setel-ulang-sandi/",
        views.user_password_reset,
        name="user_password_reset",
    ),
    # The second approval (head of the UPTD PPA, DPO)
    path("persetujuan/", views.approval_list, name="approval_list"),
    path("persetujuan/<int:pk>/", views.approval_detail, name="approval_detail"),
    # The owner's one-time link to set their password
    path("atur-sandi/<uidb64>/<token>/", views.account_setup, name="setup"),
]
