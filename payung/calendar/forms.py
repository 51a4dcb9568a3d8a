from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.calendar.models import HolidayKind


class HolidayForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    name = forms.CharField(label=_("Nama"), max_length=150)
    kind = forms.ChoiceField(label=_("Jenis"), choices=HolidayKind.choices)
    provisional = forms.BooleanField(
        label=_("Tanggal perkiraan (belum ditetapkan dalam SKB)"), required=False
    )
