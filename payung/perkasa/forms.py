"""Forms of the Perkasa registry: staff registration, home visit, decisions, scoring
models, and the public self pre-registration."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.perkasa import choices, services
from payung.regions.models import Region, RegionLevel

BLANK: list[tuple[str, Any]] = [("", "—")]


def kelurahan_choices(region_q: Any = None) -> forms.ModelChoiceField:
    qs = Region.objects.filter(level=RegionLevel.URBAN_VILLAGE)
    if region_q is not None:
        qs = qs.filter(region_q)
    return forms.ModelChoiceField(queryset=qs.order_by("name"), label=_("Kelurahan"))


class MemberForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("Hubungan"), choices=BLANK + choices.Relationship.choices, required=False
    )
    age = forms.IntegerField(label=_("Umur"), min_value=0, max_value=120, required=False)
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=BLANK + choices.Sex.choices, required=False
    )
    schooling = forms.ChoiceField(
        label=_("Sekolah"), choices=BLANK + choices.Schooling.choices, required=False
    )
    disability = forms.BooleanField(label=_("Disabilitas"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get("relationship"), data.get("age") is not None, data.get("sex")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Isi hubungan, umur, dan jenis kelamin, atau kosongkan baris ini.")
            )
        return data


MemberFormSet = formset_factory(MemberForm, extra=4, max_num=15)


def members_from(formset: Any) -> list[services.MemberInput]:
    out = []
    for row in formset.cleaned_data:
        if row and row.get("relationship"):
            out.append(
                services.MemberInput(
                    relationship=row["relationship"],
                    age=row["age"],
                    sex=row["sex"],
                    schooling=row.get("schooling") or "",
                    disability=bool(row.get("disability")),
                )
            )
    return out


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=120)
    nik = forms.CharField(label=_("NIK"), max_length=24, help_text=_("16 angka pada KTP."))
    kk = forms.CharField(label=_("Nomor KK"), max_length=24, required=False)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    address = forms.CharField(
        label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    head_reason = forms.ChoiceField(
        label=_("Mengapa ia menjadi kepala keluarga"), choices=choices.HeadReason.choices
    )
    head_reason_detail = forms.CharField(
        label=_("Keterangan (rahasia)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    livelihood = forms.ChoiceField(
        label=_("Mata pencaharian"), choices=BLANK + choices.Livelihood.choices, required=False
    )
    income_band = forms.ChoiceField(
        label=_("Penghasilan per bulan"), choices=BLANK + choices.IncomeBand.choices, required=False
    )
    has_business = forms.BooleanField(label=_("Punya usaha"), required=False)
    assistance = forms.MultipleChoiceField(
        label=_("Bantuan sosial yang sudah diterima"),
        choices=choices.Assistance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dtsen_decile = forms.TypedChoiceField(
        label=_("Desil DTSEN (jika diketahui)"),
        choices=BLANK + [(str(i), str(i)) for i in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, region_q: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"] = kelurahan_choices(region_q)
        self.order_fields(["name", "nik", "kk", "birth_date", "phone", "kelurahan", "address"])

    def clean_birth_date(self) -> Any:
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal lahir tidak boleh di masa depan."))
        return value

    def to_input(self, members: list[services.MemberInput]) -> services.RegistrationInput:
        d = self.cleaned_data
        return services.RegistrationInput(
            name=d["name"],
            nik=d["nik"],
            kk=d.get("kk") or "",
            phone=d.get("phone") or "",
            birth_date=d.get("birth_date"),
            address=d.get("address") or "",
            kelurahan=d["kelurahan"],
            head_reason=d["head_reason"],
            head_reason_detail=d.get("head_reason_detail") or "",
            livelihood=d.get("livelihood") or "",
            income_band=d.get("income_band") or "",
            has_business=bool(d.get("has_business")),
            assistance=list(d.get("assistance") or []),
            dtsen_decile=d.get("dtsen_decile"),
            members=members,
        )


class WelfareIndicatorsForm(forms.Form):
    """The indicators the scoring model reads, asked the same way at the home visit and at
    every re-assessment."""

    livelihood = forms.ChoiceField(label=_("Mata pencaharian"), choices=choices.Livelihood.choices)
    income_band = forms.ChoiceField(
        label=_("Penghasilan per bulan"), choices=choices.IncomeBand.choices
    )
    has_business = forms.BooleanField(label=_("Punya usaha"), required=False)
    assistance = forms.MultipleChoiceField(
        label=_("Bantuan sosial yang sudah diterima"),
        choices=choices.Assistance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dtsen_decile = forms.TypedChoiceField(
        label=_("Desil DTSEN (jika diketahui)"),
        choices=BLANK + [(str(i), str(i)) for i in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    housing = forms.MultipleChoiceField(
        label=_("Kondisi rumah dan aset yang terlihat (kriteria BPS)"),
        choices=choices.HOUSING_CRITERIA,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class VerifyForm(WelfareIndicatorsForm):
    checklist = forms.MultipleChoiceField(
        label=_("Daftar periksa kunjungan rumah"),
        choices=services.HOME_VISIT_CHECKLIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Catatan kunjungan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def to_input(self, members: list[services.MemberInput] | None) -> services.VerificationInput:
        d = self.cleaned_data
        return services.VerificationInput(
            livelihood=d["livelihood"],
            income_band=d["income_band"],
            has_business=bool(d.get("has_business")),
            housing={key: key in d.get("housing", []) for key in choices.HOUSING_KEYS},
            assistance=list(d.get("assistance") or []),
            dtsen_decile=d.get("dtsen_decile"),
            checklist={
                key: key in d.get("checklist", []) for key, _l in services.HOME_VISIT_CHECKLIST
            },
            note=d.get("note") or "",
            members=members,
        )


class DecideForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=[("1", _("Layak")), ("0", _("Tidak layak"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Status baru"),
        choices=[
            (s.value, s.label)
            for s in (choices.Status.PARTICIPANT, choices.Status.GRADUATED, choices.Status.LEFT)
        ],
    )
    reason = forms.CharField(label=_("Alasan"), required=False, max_length=300)


class JSONField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        try:
            return json.loads(text or "null")
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Bukan JSON yang sah (baris %(line)s): %(msg)s")
                % {"line": exc.lineno, "msg": exc.msg}
            ) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return value


class ModelDraftForm(forms.Form):
    name = forms.CharField(label=_("Nama versi"), max_length=120)
    notes = forms.CharField(
        label=_("Apa yang berubah"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicators = JSONField(
        label=_("Indikator (JSON)"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
    )
    thresholds = JSONField(
        label=_("Ambang kategori (JSON)"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
    )


class SelfRegistrationForm(forms.Form):
    """The public pre-registration: only what is needed to call her for a home visit."""

    name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=120)
    nik = forms.CharField(label=_("NIK (16 angka pada KTP)"), max_length=24)
    phone = forms.CharField(label=_("Nomor HP yang aman dihubungi"), max_length=20)
    head_reason = forms.ChoiceField(
        label=_("Mengapa Anda menjadi kepala keluarga"), choices=choices.HeadReason.choices
    )
    income_band = forms.ChoiceField(
        label=_("Penghasilan per bulan"), choices=choices.IncomeBand.choices
    )
    dependants = forms.IntegerField(
        label=_("Jumlah anak di bawah 18 tahun yang Anda tanggung"), min_value=0, max_value=20
    )
    agree = forms.BooleanField(
        label=_(
            "Saya setuju data ini dipakai DP3AKB untuk menghubungi saya dan menilai kelayakan program Perkasa."
        )
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"] = kelurahan_choices()
        self.order_fields(
            [
                "name",
                "nik",
                "phone",
                "kelurahan",
                "head_reason",
                "income_band",
                "dependants",
                "agree",
            ]
        )

    def to_input(self) -> services.RegistrationInput:
        d = self.cleaned_data
        return services.RegistrationInput(
            name=d["name"],
            nik=d["nik"],
            phone=d["phone"],
            kelurahan=d["kelurahan"],
            head_reason=d["head_reason"],
            income_band=d["income_band"],
            head_reason_detail=_("Tanggungan anak menurut pendaftar: %(n)s")
            % {"n": d["dependants"]},
        )


class SelfStatusForm(forms.Form):
    code = forms.CharField(label=_("Kode pendaftaran"), max_length=12)
    pin = forms.CharField(
        label=_("PIN"), max_length=6, widget=forms.PasswordInput(render_value=False)
    )
