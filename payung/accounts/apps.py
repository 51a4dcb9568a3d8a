from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "payung.accounts"
    label = "accounts"
    verbose_name = "Akun"
