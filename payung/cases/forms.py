"""Report forms shared by the public site and staff intake, and the triage action forms.

They only validate input and turn it into a ``services.ReportInput``; the service decides
and writes. Limits are enforced here (and again by the API schemas) so a very long value
gets a clear message instead of a stored blob.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.accounts.models import User
from payung.cases.choices import (
    PHONE_CONTACT_CHANNELS,
    REFERRAL_CHANNELS,
    STAFF_CHANNELS,
    AgeGroup,
    ContactChannel,
    NotCaseReason,
    PlaceCategory,
    ReporterRelation,
    RiskLevel,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.services import ReportInput, normalise_phone
from payung.cases.uploads import ALLOWED_TYPES, AttachmentInput, check_upload, max_upload_bytes
from payung.regions.models import Region, RegionLevel

OUTSIDE_CITY = "luar"
DESCRIPTION_MAX = 5000
SHORT_MAX = 200


class IntakeFormRenderer(DjangoTemplates):
    field_template_name = "cases/forms/field.html"


class Radios(forms.RadioSelect):
    template_name = "cases/forms/choices.html"
    option_template_name = "cases/forms/choice_option.html"


class Checkboxes(forms.CheckboxSelectMultiple):
    template_name = "cases/forms/choices.html"
    option_template_name = "cases/forms/choice_option.html"


def kelurahan_choices(city_code: str) -> list[Any]:
    """Kelurahan of the city grouped by kecamatan (one query), plus "outside the city"."""
    regions = list(
        Region.objects.filter(code__startswith=f"{city_code}.")
        .filter(level__in=[RegionLevel.DISTRICT, RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE])
        .order_by("code")
        .values_list("code", "name", "level")
    )
    districts = {code: name for code, name, level in regions if level == RegionLevel.DISTRICT}
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, level in regions:
        if level != RegionLevel.DISTRICT:
            groups.setdefault(code[:8], []).append((code, name))
    choices: list[Any] = [("", _("— pilih kelurahan —"))]
    for district_code, items in groups.items():
        label = _("Kecamatan %(name)s") % {"name": districts.get(district_code, district_code)}
        choices.append((label, sorted(items, key=lambda item: item[1])))
    choices.append((OUTSIDE_CITY, _("Di luar Kota Pasuruan")))
    return choices


def set_required_messages(form: forms.Form) -> None:
    """Say what to do, not that a "field" is empty."""
    for field in form.fields.values():
        if (
            "required" in field.error_messages
            and field.error_messages["required"] == forms.Field.default_error_messages["required"]
        ):
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.error_messages["required"] = _("Pilih paling sedikit satu.")
            elif isinstance(field.widget, forms.RadioSelect | forms.Select):
                field.error_messages["required"] = _("Pilih salah satu.")
            else:
                field.error_messages["required"] = _("Wajib diisi.")


class ReportFieldsForm(forms.Form):
    """The report itself, the same for every intake path."""

    default_renderer = IntakeFormRenderer

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
        label=_("Jenis kelamin korban"), choices=Sex.choices, widget=Radios
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
    submission_token = _token_field()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
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
        )


# --- triage actions ------------------------------------------------------------------------


class TriageForm(forms.Form):
    default_renderer = IntakeFormRenderer

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
    hours = forms.IntegerField(label=_("Batas waktu (jam)"), min_value=0, max_value=720)
    working_days = forms.BooleanField(
        label=_("Hitung hanya hari kerja (Senin–Jumat)"), required=False
    )
    basis = forms.CharField(
        label=_("Dasar / rujukan"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def allowed_types_label() -> str:
    return ", ".join(ALLOWED_TYPES.values())
