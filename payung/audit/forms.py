"""Filters of the DPO's audit screens: plain GET forms that work without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _


def _target_type_choices() -> list[tuple[str, Any]]:
    # Target types are model labels (``cases.case``); offering the installed models needs no
    # query, unlike a DISTINCT over a table of millions of rows.
    labels = sorted(
        (model._meta.label_lower, f"{model._meta.verbose_name} ({model._meta.label_lower})")
        for model in apps.get_models()
        if not model._meta.label_lower.startswith(("contenttypes.", "sessions.", "axes.", "otp_"))
    )
    return [("", _("Semua jenis")), *labels]


class _LogFilterForm(forms.Form):
    actor = forms.CharField(label=_("Akun (nama pengguna)"), required=False, max_length=150)
    target_type = forms.ChoiceField(
        label=_("Jenis objek"), required=False, choices=_target_type_choices
    )
    target_id = forms.CharField(label=_("ID objek"), required=False, max_length=40)
    date_from = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("Tanggal awal harus sebelum atau sama dengan tanggal akhir.")
            )
        for name in ("actor", "target_id"):
            data[name] = (data.get(name) or "").strip()
        return data

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class EventFilterForm(_LogFilterForm):
    action = forms.CharField(
        label=_("Tindakan"),
        required=False,
        max_length=80,
        help_text=_("Misalnya case.open, atau case untuk semua tindakan kasus."),
    )

    failed = forms.BooleanField(
        label=_("Hanya verifikasi rantai yang gagal"),
        required=False,
    )

    field_order = [
        "actor",
        "action",
        "target_type",
        "target_id",
        "date_from",
        "date_to",
        "failed",
    ]


class AccessFilterForm(_LogFilterForm):
    break_glass = forms.BooleanField(label=_("Hanya akses darurat (break-glass)"), required=False)
