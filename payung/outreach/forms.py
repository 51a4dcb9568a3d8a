"""Input of the outreach pages. Validation that is a rule of the domain lives in the
services too (a form only catches it early, with the field it belongs to)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    ContactChannel,
    PlaceCategory,
    ReporterRelation,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.uploads import AttachmentInput, check_upload
from payung.outreach import selectors
from payung.outreach.choices import LeaderKind, SchoolLevel
from payung.outreach.choices import Sex as ChildSex
from payung.outreach.models import ActivityType, Forum, Leader, Topic
from payung.partners.models import Organisation
from payung.regions.models import Region

IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


def region_choices(user: Any, *, with_city: bool) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    city = selectors.city_code()
    if with_city and user.in_scope(city):
        choices.append((city, str(_("Seluruh kota"))))
    choices += [(r.code, r.name) for r in selectors.kelurahan_in_scope(user)]
    return choices


class ActivityForm(forms.Form):
    type = forms.ModelChoiceField(
        label=_("Jenis kegiatan"), queryset=ActivityType.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("Judul"), max_length=200)
    region = forms.ChoiceField(label=_("Kelurahan"))
    venue = forms.CharField(label=_("Tempat"), max_length=200)
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Jam"), widget=forms.TimeInput(attrs={"type": "time"}))
    topics = forms.ModelMultipleChoiceField(
        label=_("Topik"),
        queryset=Topic.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Mitra (Kemenag, KUA, sekolah, …)"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    public_figures = forms.CharField(
        label=_("Tokoh publik yang hadir (mis. anggota DPRD)"), max_length=300, required=False
    )
    speakers = forms.ModelMultipleChoiceField(
        label=_("Narasumber dari jejaring tokoh"),
        queryset=Leader.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    forum = forms.ModelChoiceField(
        label=_("Kegiatan Forum Anak"), queryset=Forum.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ChoiceField, self.fields["region"]).choices = region_choices(
            user, with_city=True
        )
        cast(
            forms.ModelMultipleChoiceField, self.fields["speakers"]
        ).queryset = Leader.objects.filter(
            user.region_q("region_code"), consent_listed=True, withdrawn_on__isnull=True
        ).order_by("name")
        from payung.outreach import policies

        forums = policies.visible_forums(user)
        if forums.exists():
            cast(forms.ModelChoiceField, self.fields["forum"]).queryset = forums
        else:
            del self.fields["forum"]

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"]
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(_("Wilayah tidak dikenal."))
        return region

    def starts_at(self) -> datetime:
        d = self.cleaned_data
        return datetime.combine(d["date"], d["time"], tzinfo=timezone.get_current_timezone())


def _photo(upload: Any) -> AttachmentInput | None:
    if not upload:
        return None
    attachment = check_upload(upload)
    if attachment.content_type not in IMAGE_TYPES:
        raise ValidationError(
            _("Jenis berkas tidak diterima. Kirim foto JPEG atau PNG."), code="bad_type"
        )
    return attachment


class ActivityReportForm(forms.Form):
    women = forms.IntegerField(label=_("Perempuan dewasa"), min_value=0)
    men = forms.IntegerField(label=_("Laki-laki dewasa"), min_value=0)
    girls = forms.IntegerField(label=_("Anak perempuan"), min_value=0)
    boys = forms.IntegerField(label=_("Anak laki-laki"), min_value=0)
    total = forms.IntegerField(label=_("Jumlah seluruh peserta"), min_value=0)
    materials = forms.CharField(
        label=_("Materi yang dibagikan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    questions_raised = forms.CharField(
        label=_("Pertanyaan peserta"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_ups = forms.CharField(
        label=_("Tindak lanjut"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sign_in_photo = forms.FileField(
        label=_("Foto daftar hadir (JPEG/PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    event_photo = forms.FileField(
        label=_("Foto kegiatan (JPEG/PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def clean_sign_in_photo(self) -> AttachmentInput | None:
        return _photo(self.cleaned_data.get("sign_in_photo"))

    def clean_event_photo(self) -> AttachmentInput | None:
        return _photo(self.cleaned_data.get("event_photo"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        parts = [data.get(k) for k in ("women", "men", "girls", "boys")]
        total = data.get("total")
        if None not in parts and total is not None and sum(parts) != total:  # type: ignore[arg-type]
            self.add_error(
                "total",
                _(
                    "Jumlah peserta (%(total)s) tidak sama dengan penjumlahan per kelompok (%(sum)s)."
                )
                % {"total": total, "sum": sum(parts)},  # type: ignore[arg-type]
            )
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=300)


class DisclosureForm(forms.Form):
    """What an officer notes when someone discloses violence at a session."""

    reporter_relation = forms.ChoiceField(
        label=_("Yang menyampaikan"), choices=ReporterRelation.choices
    )
    violence_forms = forms.MultipleChoiceField(
        label=_("Bentuk kekerasan"),
        choices=ViolenceForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Apa yang disampaikan"), widget=forms.Textarea(attrs={"rows": 4})
    )
    place_category = forms.ChoiceField(
        label=_("Jenis tempat kejadian"), choices=PlaceCategory.choices
    )
    victim_sex = forms.ChoiceField(label=_("Jenis kelamin korban"), choices=Sex.choices)
    victim_is_child = forms.ChoiceField(label=_("Korban anak?"), choices=YesNoUnknown.choices)
    danger_now = forms.BooleanField(label=_("Ada yang dalam bahaya sekarang"), required=False)
    contact_channel = forms.ChoiceField(
        label=_("Cara menghubungi"), choices=ContactChannel.choices, initial=ContactChannel.NONE
    )
    reporter_phone = forms.CharField(
        label=_("Telepon (bila boleh dihubungi)"), required=False, max_length=30
    )
    token = forms.CharField(widget=forms.HiddenInput)


class TargetForm(forms.Form):
    kelurahan = forms.ChoiceField(label=_("Kelurahan"))
    min_sessions = forms.IntegerField(label=_("Paling sedikit sesi"), min_value=0, max_value=50)
    min_religious = forms.IntegerField(
        label=_("Paling sedikit sesi bersama tokoh agama"), min_value=0, max_value=50
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = region_choices(
            user, with_city=False
        )


class LeaderForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    kind = forms.ChoiceField(label=_("Peran"), choices=LeaderKind.choices)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"))
    phone = forms.CharField(label=_("Telepon / WhatsApp"), max_length=30, required=False)
    consent_listed = forms.BooleanField(
        label=_("Setuju dicantumkan di daftar kontak dan dihubungi"), required=False
    )
    training = forms.CharField(
        label=_("Pelatihan yang diikuti"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = region_choices(
            user, with_city=False
        )


class MemberForm(forms.Form):
    nickname = forms.CharField(label=_("Nama depan atau panggilan"), max_length=40)
    birth_year = forms.IntegerField(label=_("Tahun lahir"), min_value=1990, max_value=2100)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=ChildSex.choices)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"))
    school_level = forms.ChoiceField(label=_("Jenjang sekolah"), choices=SchoolLevel.choices)
    guardian_consent_on = forms.DateField(
        label=_("Tanggal persetujuan orang tua / wali"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = region_choices(
            user, with_city=False
        )
