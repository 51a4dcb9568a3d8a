"""Forms of Perkasa monitoring: overrides, appeals, re-assessments, graduation, follow-ups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.perkasa import choices, monitoring
from payung.perkasa.forms import BLANK, WelfareIndicatorsForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OverrideForm(forms.Form):
    category = forms.ChoiceField(label=_("Kategori usulan"), choices=choices.Category.choices)
    reason = forms.CharField(
        label=_("Alasan penyesuaian"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OverrideDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("setuju", _("Setujui")), ("tolak", _("Tolak"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan (wajib bila ditolak)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(forms.Form):
    received_on = forms.DateField(
        label=_("Tanggal keberatan diterima"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    grounds = forms.CharField(
        label=_("Alasan keberatan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("terima", _("Keberatan diterima")), ("tolak", _("Keberatan ditolak"))],
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("Kategori baru (bila diterima)"),
        choices=BLANK + choices.Category.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status baru (bila diterima)"),
        choices=BLANK + [(choices.Status.ELIGIBLE, choices.Status.ELIGIBLE.label)],
        required=False,
    )
    reason = forms.CharField(
        label=_("Alasan keputusan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessmentForm(WelfareIndicatorsForm):
    field_order = ["assessed_on"]

    assessed_on = forms.DateField(
        label=_("Tanggal penilaian"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @staticmethod
    def initial_for(registrant: Any) -> dict[str, Any]:
        return {
            "livelihood": registrant.livelihood,
            "income_band": registrant.income_band,
            "has_business": registrant.has_business,
            "assistance": registrant.assistance,
            "dtsen_decile": registrant.dtsen_decile,
            "housing": [k for k, v in (registrant.housing or {}).items() if v],
        }

    def to_input(self) -> monitoring.AssessmentInput:
        d = self.cleaned_data
        return monitoring.AssessmentInput(
            livelihood=d["livelihood"],
            income_band=d["income_band"],
            has_business=bool(d.get("has_business")),
            housing=dict.fromkeys(d.get("housing") or [], True),
            assistance=list(d.get("assistance") or []),
            dtsen_decile=d.get("dtsen_decile"),
            assessed_on=d["assessed_on"],
            note=d.get("note") or "",
        )


class FollowUpForm(AssessmentForm):
    outcome = forms.CharField(
        label=_("Hasil tindak lanjut"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GraduationForm(forms.Form):
    graduated_on = forms.DateField(
        label=_("Tanggal lulus"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Alasan kelulusan"),
        max_length=2000,
        help_text=_("Jelaskan juga kriteria yang belum dapat diperiksa Payung."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
