from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.regions.models import ServicePost
from payung.regions.services import POST_EDITABLE_FIELDS

# Digits with the separators people write: "(0343) 42-1234", "+62 811 1129 129", "0811/123".
PHONE_PATTERN = re.compile(r"^\+?[\d\s().\-/]+$")


def _clean_number(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if not PHONE_PATTERN.match(value) or not 3 <= len(digits) <= 15:
        raise forms.ValidationError(
            _("Tulis nomor dengan angka saja (boleh spasi, tanda hubung, kurung, atau + di depan).")
        )
    return value


class ServicePostForm(forms.ModelForm):
    class Meta:
        model = ServicePost
        fields = list(POST_EDITABLE_FIELDS)
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "whatsapp": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "phone": _("Ditampilkan di halaman publik sebagai tautan telepon."),
            "whatsapp": _("Nomor WhatsApp, mis. 0811-1129-129."),
            "opening_hours": _("Mis. Senin–Jumat 08.00–15.00."),
            "is_active": _("Pos yang tidak aktif tidak ditampilkan di halaman publik."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "is_active" else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_phone(self) -> str:
        return _clean_number(self.cleaned_data.get("phone", ""))

    def clean_whatsapp(self) -> str:
        return _clean_number(self.cleaned_data.get("whatsapp", ""))
