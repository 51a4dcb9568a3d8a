"""The report form's fields (public and staff intake) and the staff intake form."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    PHONE_CONTACT_CHANNELS,
    REFERRAL_CHANNELS,
    STAFF_CHANNELS,
    AgeGroup,
    ContactChannel,
    PlaceCategory,
    Relationship,
    ReporterRelation,
    RiskLevel,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.forms.widgets import (
    DESCRIPTION_MAX,
    INTAKE_RENDERER,
    OUTSIDE_CITY,
    SHORT_MAX,
    Checkboxes,
    Radios,
    kelurahan_choices,
    set_required_messages,
)
from payung.cases.services import ReportInput
from payung.cases.uploads import AttachmentInput, check_upload, max_upload_bytes
from payung.identity.phones import normalise_phone
from payung.regions.models import Region, RegionLevel


class ReportFieldsForm(forms.Form):
    """The report itself, the same for every intake path."""

    default_renderer = INTAKE_RENDERER

    # --- the reporter
    reporter_anonymous = forms.TypedChoiceField(
        label=_("Identitas pelapor"),
        choices=[("1", _("Tanpa nama (anonim)")), ("0", _("Dengan nama"))],
        coerce=lambda v: v == "1",
        widget=Radios,
        initial="1",
    )
    reporter_name = forms.CharField(label=_("Nama pelapor"), max_length=150, required=False)
    reporter_relation = forms.ChoiceField(
        label=_("Siapa yang melapor?"), choices=ReporterRelation.choices, widget=Radios
    )
    # --- what happened
    violence_forms = forms.MultipleChoiceField(
        label=_("Bentuk kekerasan"),
        choices=ViolenceForm.choices,
        widget=Checkboxes,
        help_text=_("Boleh pilih lebih dari satu."),
    )
    description = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ceritakan sebisanya: siapa, apa, di mana. Paling banyak 5000 karakter."),
    )
    incident_date = forms.DateField(
        label=_("Kapan terjadi?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Boleh dikosongkan bila tidak tahu."),
    )
    incident_date_approximate = forms.BooleanField(label=_("Tanggal ini perkiraan"), required=False)
    location = forms.ChoiceField(label=_("Di kelurahan mana?"))
    outside_city_place = forms.CharField(
        label=_("Jika di luar Kota Pasuruan, di mana?"), max_length=SHORT_MAX, required=False
    )
    address_detail = forms.CharField(
        label=_("Detail lokasi (jalan, RT/RW)"),
        max_length=300,
        required=False,
        help_text=_("Boleh dikosongkan."),
    )
    place_category = forms.ChoiceField(
        label=_("Jenis tempat kejadian"), choices=PlaceCategory.choices
    )
    # --- the victim
    victim_name = forms.CharField(
        label=_("Nama korban (jika tahu)"), max_length=150, required=False
    )
    victim_age = forms.IntegerField(
        label=_("Usia korban (tahun)"),
        min_value=0,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    victim_age_group = forms.ChoiceField(
        label=_("atau kelompok usia"),
        choices=[("", _("— tidak tahu —")), *AgeGroup.choices],
        required=False,
    )
    victim_sex = forms.ChoiceField(
        label=_("Jenis kelamin korban"),
        choices=Sex.choices,
        widget=Radios,
        initial=Sex.UNKNOWN,
    )
    victim_is_child = forms.ChoiceField(
        label=_("Apakah korban anak (di bawah 18 tahun)?"),
        choices=YesNoUnknown.choices,
        widget=Radios,
        initial=YesNoUnknown.UNKNOWN,
    )
    victim_disability = forms.ChoiceField(
        label=_("Apakah korban penyandang disabilitas?"),
        choices=YesNoUnknown.choices,
        widget=Radios,
        initial=YesNoUnknown.UNKNOWN,
    )
    danger_now = forms.TypedChoiceField(
        label=_("Apakah ada yang dalam bahaya saat ini?"),
        choices=[("1", _("Ya, ada yang dalam bahaya sekarang")), ("0", _("Tidak / tidak tahu"))],
        coerce=lambda v: v == "1",
        widget=Radios,
    )
    # --- contacting the reporter
    contact_channel = forms.ChoiceField(
        label=_("Apakah aman menghubungi pelapor? Lewat apa?"),
        choices=ContactChannel.choices,
        widget=Radios,
    )
    reporter_phone = forms.CharField(
        label=_("Nomor telepon / WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    reporter_email = forms.EmailField(
        label=_("Alamat e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    contact_safe_times = forms.CharField(
        label=_("Waktu yang aman untuk dihubungi"),
        max_length=SHORT_MAX,
        required=False,
        help_text=_("Misalnya: hari kerja jam 09.00–12.00, jangan malam hari."),
    )
    attachment = forms.FileField(
        label=_("Foto atau dokumen pendukung (jika ada)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
        ),
    )

    def __init__(self, *args: Any, city_code: str, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.city_code = city_code
        set_required_messages(self)
        cast(forms.ChoiceField, self.fields["location"]).choices = kelurahan_choices(city_code)
        limit_mb = max_upload_bytes() / (1024 * 1024)
        self.fields["attachment"].help_text = _(
            "JPEG, PNG atau PDF, paling besar %(mb)s MB. Tidak wajib."
        ) % {"mb": f"{limit_mb:g}"}
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
                continue
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
            widget.attrs["class"] = css

    # --- field checks

    def clean_incident_date(self) -> date | None:
        value = self.cleaned_data.get("incident_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("Tanggal kejadian tidak boleh di masa depan."))
        return value

    def clean_reporter_phone(self) -> str:
        raw = self.cleaned_data.get("reporter_phone", "").strip()
        if not raw:
            return ""
        if re.search(r"[^\d\s+().-]", raw):
            raise ValidationError(
                _("Nomor telepon hanya boleh berisi angka, spasi, +, - dan tanda kurung.")
            )
        digits = normalise_phone(raw)
        if not 8 <= len(digits) <= 15:
            raise ValidationError(_("Nomor telepon harus 8–15 angka, misalnya 0812 3456 7890."))
        return digits

    def clean_attachment(self) -> AttachmentInput | None:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        return check_upload(upload)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("reporter_anonymous") is False and not data.get("reporter_name", "").strip():
            self.add_error("reporter_name", _("Isi nama pelapor, atau pilih 'tanpa nama'."))
        channel = data.get("contact_channel")
        if (
            channel in PHONE_CONTACT_CHANNELS
            and not data.get("reporter_phone")
            and "reporter_phone" not in self.errors
        ):
            self.add_error(
                "reporter_phone", _("Isi nomor telepon, atau pilih 'jangan hubungi saya'.")
            )
        if (
            channel == ContactChannel.EMAIL
            and not data.get("reporter_email")
            and "reporter_email" not in self.errors
        ):
            self.add_error("reporter_email", _("Isi alamat e-mail, atau pilih cara lain."))
        if data.get("location") == OUTSIDE_CITY and not data.get("outside_city_place", "").strip():
            self.add_error("outside_city_place", _("Sebutkan kota atau kabupaten tempat kejadian."))
        return data

    # --- to the service

    def kelurahan(self) -> Region | None:
        code = self.cleaned_data.get("location")
        if not code or code == OUTSIDE_CITY:
            return None
        return Region.objects.get(code=code)

    def report_input(self, *, channel: str, **extra: Any) -> ReportInput:
        d = self.cleaned_data
        outside = d["location"] == OUTSIDE_CITY
        return ReportInput(
            channel=channel,
            reporter_relation=d["reporter_relation"],
            violence_forms=list(d["violence_forms"]),
            description=d["description"],
            place_category=d["place_category"],
            victim_sex=d["victim_sex"],
            contact_channel=d["contact_channel"],
            kelurahan=self.kelurahan(),
            outside_city=outside,
            outside_city_place=d.get("outside_city_place", "") if outside else "",
            address_detail=d.get("address_detail", ""),
            reporter_anonymous=bool(d.get("reporter_anonymous")),
            reporter_name=d.get("reporter_name", ""),
            reporter_phone=d.get("reporter_phone", ""),
            reporter_email=d.get("reporter_email", ""),
            contact_safe_times=d.get("contact_safe_times", ""),
            incident_date=d.get("incident_date"),
            incident_date_approximate=bool(d.get("incident_date_approximate")),
            victim_name=d.get("victim_name", ""),
            victim_age=d.get("victim_age"),
            victim_age_group=d.get("victim_age_group", ""),
            victim_is_child=d.get("victim_is_child") or YesNoUnknown.UNKNOWN,
            victim_disability=d.get("victim_disability") or YesNoUnknown.UNKNOWN,
            danger_now=bool(d.get("danger_now")),
            **extra,
        )

    @property
    def attachment_dropped(self) -> bool:
        """A file was chosen but the form came back: browsers cannot refill a file input."""
        return self.is_bound and bool(self.files.get("attachment")) and bool(self.errors)


def _token_field() -> forms.CharField:
    return forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Formulir kedaluwarsa. Muat ulang halaman lalu kirim lagi.")},
    )


def _clean_token(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", value or ""):
        raise ValidationError(_("Formulir kedaluwarsa. Muat ulang halaman lalu kirim lagi."))
    return value


class StaffReportForm(ReportFieldsForm):
    """A report received by staff: walk-in, phone, letter, outreach or a referral."""

    field_order = ["channel", "source_reference", "received_at", "risk_level"]

    channel = forms.ChoiceField(
        label=_("Laporan diterima melalui"), choices=[(c.value, c.label) for c in STAFF_CHANNELS]
    )
    source_reference = forms.CharField(
        label=_("Nomor rujukan / surat pengirim"),
        max_length=100,
        required=False,
        help_text=_("Wajib untuk rujukan dari kepolisian, rumah sakit, sekolah atau SAPA 129."),
    )
    received_at = forms.DateTimeField(
        label=_("Waktu laporan diterima"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Kosongkan bila baru saja."),
    )
    risk_level = forms.ChoiceField(
        label=_("Tingkat risiko (jika sudah dinilai)"),
        required=False,
        choices=[("", _("— belum dinilai —")), *RiskLevel.choices],
    )
    consent = forms.BooleanField(
        label=_("Pelapor setuju datanya dicatat dan diproses untuk penanganan"),
        required=False,
    )
    # --- the perpetrator, as far as the officer knows (all optional)
    perpetrator_name = forms.CharField(
        label=_("Nama atau panggilan pelaku"),
        max_length=150,
        required=False,
        help_text=_("Boleh dikosongkan bila tidak tahu."),
    )
    perpetrator_sex = forms.ChoiceField(
        label=_("Jenis kelamin pelaku"),
        choices=[
            ("", _("— tidak tahu —")),
            (Sex.FEMALE, Sex.FEMALE.label),
            (Sex.MALE, Sex.MALE.label),
        ],
        required=False,
    )
    perpetrator_relationship = forms.ChoiceField(
        label=_("Hubungan pelaku dengan korban"),
        choices=[("", _("— tidak tahu —")), *Relationship.choices],
        required=False,
    )
    kdrt = forms.BooleanField(
        label=_("Kekerasan dalam rumah tangga (KDRT, UU 23/2004)"),
        required=False,
        help_text=_("Pelaku dan korban suami/istri, keluarga serumah, atau pekerja rumah tangga."),
    )
    submission_token = _token_field()

    def source_bound_fields(self) -> list[Any]:
        return [self[name] for name in self.source_fields]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Sources that apps above cases add (payung/cases/intake_sources.py).
        from payung.cases import intake_sources

        self.source_fields: list[str] = []
        for source in intake_sources.registered():
            choices = source.choices(user)
            if choices:
                self.fields[source.key] = forms.ChoiceField(
                    label=source.label, choices=[("", "—"), *choices], required=False
                )
                self.source_fields.append(source.key)
        if self.source_fields and self.is_bound:
            # The base form validated already (to mark invalid fields); validate again so
            # the sources' fields are cleaned too.
            self._errors = None  # type: ignore[assignment]
        self.fields["reporter_relation"].label = _("Hubungan pelapor dengan korban")
        self.fields["danger_now"].label = _("Apakah ada yang dalam bahaya saat ini?")
        self.fields["contact_channel"].label = _("Cara yang aman untuk menghubungi pelapor")
        if not self.is_bound and user.region.level in (
            RegionLevel.URBAN_VILLAGE,
            RegionLevel.VILLAGE,
        ):
            # A PPT officer's report is about their own kelurahan unless they say otherwise.
            self.initial.setdefault("location", user.region.code)

    def clean_submission_token(self) -> str:
        return _clean_token(self.cleaned_data.get("submission_token", ""))

    def clean_received_at(self) -> Any:
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now():
            raise ValidationError(_("Waktu diterima tidak boleh di masa depan."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if (
            data.get("channel") in REFERRAL_CHANNELS
            and not data.get("source_reference", "").strip()
        ):
            self.add_error("source_reference", _("Isi nomor rujukan dari pengirim."))
        return data

    def to_input(self) -> ReportInput:
        d = self.cleaned_data
        return self.report_input(
            channel=d["channel"],
            source_reference=d.get("source_reference", ""),
            received_at=d.get("received_at"),
            risk_level=d.get("risk_level", ""),
            consent=bool(d.get("consent")),
            consent_text=str(self.fields["consent"].label) if d.get("consent") else "",
            perpetrator_name=d.get("perpetrator_name", ""),
            perpetrator_sex=d.get("perpetrator_sex", ""),
            perpetrator_relationship=d.get("perpetrator_relationship", ""),
            kdrt=bool(d.get("kdrt")),
        )
