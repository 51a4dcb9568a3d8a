"""The dashboard's filter form (GET, works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import AgeGroup, Sex, ViolenceForm
from payung.insights.selectors import MONTH_NAMES, Filters, Period

MONTH_CHOICES = [
    ("", _("Setahun penuh")),
    *((str(i), name) for i, name in enumerate(MONTH_NAMES, 1)),
]


class DashboardFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)
    bulan = forms.TypedChoiceField(
        label=_("Bulan"), coerce=int, required=False, empty_value=None, choices=MONTH_CHOICES
    )
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)
    bentuk = forms.ChoiceField(
        label=_("Bentuk kekerasan"),
        required=False,
        choices=[("", _("Semua")), *ViolenceForm.choices],
    )
    umur = forms.ChoiceField(
        label=_("Kelompok umur korban"),
        required=False,
        choices=[("", _("Semua")), *AgeGroup.choices],
    )
    jk = forms.ChoiceField(
        label=_("Jenis kelamin korban"), required=False, choices=[("", _("Semua")), *Sex.choices]
    )

    def __init__(
        self, *args: Any, years: list[int], regions: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["wilayah"].choices = [("", _("Seluruh wilayah saya")), *regions]  # type: ignore[attr-defined]
        self.default_year = years[0] if years else timezone.localdate().year

    def filters(self) -> Filters:
        """The filters asked for; an invalid value falls back to its default, the valid
        ones still apply (the page shows the form's errors)."""
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        year = d.get("tahun") or self.default_year
        return Filters(
            period=Period(year, d.get("bulan") or None),
            region=d.get("wilayah") or "",
            form=d.get("bentuk") or "",
            age_group=d.get("umur") or "",
            sex=d.get("jk") or "",
        )


class SimfoniForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int)
    bulan = forms.TypedChoiceField(
        label=_("Bulan"), coerce=int, required=False, empty_value=None, choices=MONTH_CHOICES
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.default_year = years[0] if years else timezone.localdate().year

    def period(self) -> Period:
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return Period(d.get("tahun") or self.default_year, d.get("bulan") or None)
