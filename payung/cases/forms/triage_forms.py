"""Forms of triage actions and of the triage deadline rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.accounts.models import User
from payung.cases.choices import (
    NotCaseReason,
    RiskLevel,
)
from payung.cases.forms.widgets import INTAKE_RENDERER, set_required_messages
from payung.cases.uploads import ALLOWED_TYPES

# --- triage actions ------------------------------------------------------------------------


class TriageForm(forms.Form):
    default_renderer = INTAKE_RENDERER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_required_messages(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select) and not isinstance(
                field.widget, forms.RadioSelect
            ):
                field.widget.attrs.setdefault("class", "form-select")
            elif isinstance(field.widget, forms.TextInput | forms.Textarea | forms.NumberInput):
                field.widget.attrs.setdefault("class", "form-control")


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Catatan internal"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _message_field() -> forms.CharField:
    return forms.CharField(
        label=_("Pesan untuk pelapor (tampil di halaman cek status)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Jangan tulis nama atau detail kejadian: siapa pun yang memegang kode dan PIN dapat membacanya."
        ),
    )


class RiskForm(TriageForm):
    risk_level = forms.ChoiceField(label=_("Tingkat risiko"), choices=RiskLevel.choices)
    note = _note_field()


class OwnerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class OpenCaseForm(TriageForm):
    owner = OwnerChoiceField(
        label=_("Manajer kasus"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— saya sendiri —"),
    )
    note = _note_field()
    message = _message_field()

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OwnerChoiceField, self.fields["owner"]).queryset = owners


class AttachForm(TriageForm):
    case_number = forms.CharField(
        label=_("Nomor kasus"), max_length=40, help_text=_("Contoh: PPA/2026/0001")
    )
    note = _note_field()
    message = _message_field()


class ReferOutForm(TriageForm):
    destination = forms.CharField(
        label=_("Dirujuk ke (lembaga dan kota/kabupaten)"),
        max_length=200,
        help_text=_("Contoh: UPTD PPA Kabupaten Pasuruan"),
    )
    note = _note_field()
    message = _message_field()


class NotCaseForm(TriageForm):
    reason = forms.ChoiceField(label=_("Alasan"), choices=NotCaseReason.choices)
    note = _note_field()
    message = _message_field()


class PublicMessageForm(TriageForm):
    message = forms.CharField(
        label=_("Pesan untuk pelapor"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Tampil saat pelapor mengecek status dengan kode dan PIN. Jangan tulis nama atau detail kejadian."
        ),
    )


class DeadlineRuleForm(TriageForm):
    hours = forms.IntegerField(
        label=_("Batas waktu (jam)"),
        min_value=1,
        max_value=720,
        help_text=_('Paling sedikit 1 jam: "segera" pun perlu batas yang jelas.'),
    )
    working_days = forms.BooleanField(
        label=_("Hitung hanya hari kerja (Senin–Jumat, di luar hari libur)"), required=False
    )
    basis = forms.CharField(
        label=_("Dasar / rujukan"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def allowed_types_label() -> str:
    return ", ".join(ALLOWED_TYPES.values())
