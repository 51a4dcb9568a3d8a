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
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.accounts.models import User
from payung.care.choices import ServiceCode
from payung.cases.choices import (
    PHONE_CONTACT_CHANNELS,
    REFERRAL_CHANNELS,
    STAFF_CHANNELS,
    AgeGroup,
    AssessmentDomain,
    CaseStatus,
    CaseUnit,
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    DisabilityKind,
    DocumentKind,
    Education,
    GbvCoreType,
    MaritalStatus,
    NeedLevel,
    NotCaseReason,
    Occupation,
    PartyRole,
    PerpetratorKind,
    PlaceCategory,
    PlanItemStatus,
    Relationship,
    Religion,
    ReporterRelation,
    RiskLevel,
    Sex,
    TraffickingSubtype,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.services import IncidentInput, PersonInput, ReportInput, normalise_phone
from payung.cases.uploads import ALLOWED_TYPES, AttachmentInput, check_upload, max_upload_bytes
from payung.regions.models import Region, RegionLevel

OUTSIDE_CITY = "luar"
DESCRIPTION_MAX = 5000
SHORT_MAX = 200


class IntakeFormRenderer(DjangoTemplates):
    field_template_name = "cases/forms/field.html"


# One renderer for every form that uses it. Given the class, Django makes a renderer per form,
# and each renderer builds its own template engine and parses the field templates again: on
# the case page that was a fifth of the time (docs/performance.md).
INTAKE_RENDERER = IntakeFormRenderer()


class Radios(forms.RadioSelect):
    template_name = "cases/forms/choices.html"
    option_template_name = "cases/forms/choice_option.html"


class Checkboxes(forms.CheckboxSelectMultiple):
    template_name = "cases/forms/choices.html"
    option_template_name = "cases/forms/choice_option.html"


def _city_regions(city_code: str) -> list[tuple[str, str, str]]:
    """(code, name, level) of the city's kecamatan and kelurahan, cached for five minutes:
    the public form is the busiest page and its kelurahan list is reference data."""
    key = f"payung:city-regions:{city_code}"
    regions = cache.get(key)
    if regions is None:
        regions = list(
            Region.objects.filter(code__startswith=f"{city_code}.")
            .filter(
                level__in=[RegionLevel.DISTRICT, RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE]
            )
            .order_by("code")
            .values_list("code", "name", "level")
        )
        cache.set(key, regions, 300)
    return regions


def kelurahan_choices(city_code: str) -> list[Any]:
    """Kelurahan of the city grouped by kecamatan, plus "outside the city"."""
    regions = _city_regions(city_code)
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


# =========================================================================================
# Casework forms: they validate input; the services decide and write.
# =========================================================================================


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    # An HTML date input takes ISO dates whatever the page language.
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def party_label(party: Any) -> str:
    return f"{party.get_role_display()}: {party.display_name}"


def party_choices(parties: list[Any], roles: tuple[str, ...], *, empty: Any = None) -> list[Any]:
    choices: list[Any] = [("", empty)] if empty is not None else []
    choices += [(str(p.pk), party_label(p)) for p in parties if p.role in roles]
    return choices


class VersionedForm(TriageForm):
    """An edit form that carries the record's version (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseFilterForm(TriageForm):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        help_text=_("Nomor kasus, nama, NIK / No. KK, atau nomor telepon."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *CaseStatus.choices]
    )
    risk = forms.ChoiceField(
        label=_("Risiko"), required=False, choices=[("", _("Semua")), *RiskLevel.choices]
    )
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), required=False)
    violence_form = forms.ChoiceField(
        label=_("Bentuk kekerasan"),
        required=False,
        choices=[("", _("Semua")), *ViolenceForm.choices],
    )
    opened_from = _date_field(_("Dibuka sejak"))
    opened_to = _date_field(_("Dibuka sampai"))
    overdue = forms.BooleanField(label=_("Hanya yang lewat tenggat"), required=False)

    def __init__(self, *args: Any, kelurahan_options: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = [
            ("", _("Semua")),
            *((r.code, r.name) for r in kelurahan_options),
        ]


class CaseEditForm(VersionedForm):
    risk_level = forms.ChoiceField(label=_("Tingkat risiko"), choices=RiskLevel.choices)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan kejadian"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— tidak diketahui / luar kota —"),
    )

    def __init__(self, *args: Any, kelurahan_options: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = kelurahan_options


class PersonForm(TriageForm):
    """The person behind a party. NIK/KK are checked by the service (errors refuse,
    mismatches are warnings shown after saving)."""

    name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    alias = forms.CharField(
        label=_("Nama samaran"),
        max_length=100,
        required=False,
        help_text=_("Dipakai di daftar dan dokumen. Contoh: Bunga (nama samaran)."),
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 angka. Tidak harus berawalan 3575."),
    )
    kk = forms.CharField(
        label=_("Nomor KK"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = _date_field(_("Tanggal lahir"))
    age_estimate = forms.IntegerField(
        label=_("atau perkiraan usia (tahun)"), min_value=0, max_value=120, required=False
    )
    disability = forms.ChoiceField(
        label=_("Penyandang disabilitas"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
    )
    disability_kinds = forms.MultipleChoiceField(
        label=_("Jenis disabilitas"),
        choices=DisabilityKind.choices,
        required=False,
        widget=Checkboxes,
    )
    education = forms.ChoiceField(
        label=_("Pendidikan"), choices=[("", "—"), *Education.choices], required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), choices=[("", "—"), *Occupation.choices], required=False
    )
    marital_status = forms.ChoiceField(
        label=_("Status perkawinan"), choices=[("", "—"), *MaritalStatus.choices], required=False
    )
    religion = forms.ChoiceField(
        label=_("Agama"), choices=[("", "—"), *Religion.choices], required=False
    )
    phone = forms.CharField(
        label=_("Telepon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Alamat lengkap"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan domisili"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— luar kota / tidak diketahui —"),
    )

    PERSON_FIELD_NAMES = (
        "name",
        "alias",
        "nik",
        "kk",
        "sex",
        "birth_date",
        "age_estimate",
        "disability",
        "disability_kinds",
        "education",
        "occupation",
        "marital_status",
        "religion",
        "phone",
        "address",
        "kelurahan",
    )

    def __init__(self, *args: Any, kelurahan_options: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = kelurahan_options

    def person_input(self) -> PersonInput:
        d = self.cleaned_data

        def text(name: str) -> str:
            return str(d.get(name) or "")

        return PersonInput(
            name=text("name"),
            alias=text("alias"),
            nik=text("nik"),
            kk=text("kk"),
            sex=text("sex") or Sex.UNKNOWN,
            birth_date=d.get("birth_date"),
            age_estimate=d.get("age_estimate"),
            disability=text("disability") or YesNoUnknown.UNKNOWN,
            disability_kinds=list(d.get("disability_kinds") or []),
            education=text("education"),
            occupation=text("occupation"),
            marital_status=text("marital_status"),
            religion=text("religion"),
            phone=text("phone"),
            address=text("address"),
            kelurahan=d.get("kelurahan"),
        )

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        return {name: getattr(person, name) for name in PersonForm.PERSON_FIELD_NAMES}


class PersonEditForm(PersonForm, VersionedForm):
    pass


class PartyForm(PersonForm):
    field_order = ["role", "perpetrator_kind", "group_size", "organisation_name"]

    role = forms.ChoiceField(label=_("Peran dalam kasus"), choices=PartyRole.choices)
    perpetrator_kind = forms.ChoiceField(
        label=_("Jenis pelaku"),
        choices=PerpetratorKind.choices,
        required=False,
        help_text=_("Untuk pelaku saja."),
    )
    group_size = forms.IntegerField(
        label=_("Jumlah anggota kelompok"), min_value=2, max_value=10000, required=False
    )
    organisation_name = forms.CharField(label=_("Nama korporasi"), max_length=200, required=False)
    relationship = forms.ChoiceField(
        label=_("Hubungan dengan korban"),
        choices=[("", "—"), *Relationship.choices],
        required=False,
    )
    guardian_for = forms.ChoiceField(label=_("Wali dari korban"), required=False)
    guardian_relation = forms.CharField(
        label=_("Hubungan wali dengan korban"),
        max_length=100,
        required=False,
        help_text=_("Misalnya: ibu kandung, paman, pekerja sosial."),
    )
    anonymous = forms.BooleanField(label=_("Pelapor tanpa nama"), required=False)

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["guardian_for"]).choices = party_choices(
            parties, (PartyRole.VICTIM,), empty="—"
        )


class IncidentForm(VersionedForm):
    occurred_on = _date_field(_("Tanggal kejadian"))
    date_approximate = forms.BooleanField(label=_("Tanggal perkiraan"), required=False)
    place_category = forms.ChoiceField(label=_("Jenis tempat"), choices=PlaceCategory.choices)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan kejadian"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— luar kota / tidak diketahui —"),
    )
    address = forms.CharField(label=_("Alamat / lokasi kejadian"), max_length=500, required=False)
    violence_forms = forms.MultipleChoiceField(
        label=_("Bentuk kekerasan"), choices=ViolenceForm.choices, widget=Checkboxes
    )
    trafficking_subtypes = forms.MultipleChoiceField(
        label=_("Jenis TPPO (bila perdagangan orang)"),
        choices=TraffickingSubtype.choices,
        required=False,
        widget=Checkboxes,
    )
    gbv_core_type = forms.ChoiceField(
        label=_("Jenis inti (GBVIMS)"), choices=[("", "—"), *GbvCoreType.choices], required=False
    )
    relationship = forms.ChoiceField(
        label=_("Hubungan pelaku dengan korban"),
        choices=Relationship.choices,
        initial=Relationship.UNKNOWN,
    )
    kdrt = forms.BooleanField(label=_("KDRT (UU 23/2004 PKDRT)"), required=False)
    tpks = forms.BooleanField(
        label=_("Tindak pidana kekerasan seksual (UU 12/2022 TPKS)"),
        required=False,
        help_text=_("Menambah tenggat laporan polisi 3×24 jam dan langkah perlindungan."),
    )
    chronology = forms.CharField(
        label=_("Kronologi"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    victims = forms.MultipleChoiceField(
        label=_("Korban dalam kejadian ini"), required=False, widget=Checkboxes
    )
    perpetrators = forms.MultipleChoiceField(
        label=_("Pelaku dalam kejadian ini"), required=False, widget=Checkboxes
    )

    def __init__(
        self, *args: Any, parties: list[Any], kelurahan_options: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = kelurahan_options
        cast(forms.MultipleChoiceField, self.fields["victims"]).choices = party_choices(
            parties, (PartyRole.VICTIM,)
        )
        cast(forms.MultipleChoiceField, self.fields["perpetrators"]).choices = party_choices(
            parties, (PartyRole.PERPETRATOR,)
        )

    def incident_input(self) -> IncidentInput:
        d = self.cleaned_data
        return IncidentInput(
            place_category=d["place_category"],
            violence_forms=list(d["violence_forms"]),
            occurred_on=d.get("occurred_on"),
            date_approximate=bool(d.get("date_approximate")),
            kelurahan=d.get("kelurahan"),
            address=d.get("address", ""),
            trafficking_subtypes=list(d.get("trafficking_subtypes") or []),
            gbv_core_type=d.get("gbv_core_type", ""),
            chronology=d.get("chronology", ""),
            relationship=d.get("relationship") or Relationship.UNKNOWN,
            kdrt=bool(d.get("kdrt")),
            tpks=bool(d.get("tpks")),
            victims=[self.parties[v] for v in d.get("victims", [])],
            perpetrators=[self.parties[p] for p in d.get("perpetrators", [])],
        )

    @staticmethod
    def initial_for(incident: Any) -> dict[str, Any]:
        values = {
            name: getattr(incident, name)
            for name in (
                "occurred_on",
                "date_approximate",
                "place_category",
                "kelurahan",
                "address",
                "violence_forms",
                "trafficking_subtypes",
                "gbv_core_type",
                "relationship",
                "kdrt",
                "tpks",
                "chronology",
            )
        }
        values["victims"] = [str(p.pk) for p in incident.victims.all()]
        values["perpetrators"] = [str(p.pk) for p in incident.perpetrators.all()]
        return values


class TransitionForm(TriageForm):
    to = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    note = forms.CharField(
        label=_("Catatan (boleh kosong)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClosureRequestForm(TriageForm):
    """The closure request, with one reason field per planned service not yet delivered
    (``undelivered``: the closure checklist's rows, from ``payung.care.selectors``)."""

    reason = forms.ChoiceField(label=_("Alasan penutupan"), choices=ClosureReason.choices)
    note = forms.CharField(
        label=_("Keterangan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, undelivered: Any = (), **kwargs: Any) -> None:
        self.undelivered = list(undelivered)
        super().__init__(*args, **kwargs)
        for row in self.undelivered:
            self.fields[row.field_name] = forms.CharField(
                label=_("Mengapa %(service)s belum terlaksana?") % {"service": row.label},
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def undelivered_fields(self) -> list[Any]:
        return [self[row.field_name] for row in self.undelivered]

    def undelivered_reasons(self) -> dict[int, str]:
        return {row.item.pk: self.cleaned_data.get(row.field_name, "") for row in self.undelivered}


class ClosureDecisionForm(TriageForm):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("setuju", _("Setujui penutupan")), ("tolak", _("Tolak"))],
        widget=Radios,
    )
    note = forms.CharField(
        label=_("Catatan untuk manajer kasus (wajib bila menolak)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(TriageForm):
    note = forms.CharField(
        label=_("Alasan membuka kembali"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class UserChoiceForm(TriageForm):
    user = forms.ChoiceField(label=_("Petugas"))
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(self, *args: Any, people: list[Any], label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        field = cast(forms.ChoiceField, self.fields["user"])
        field.choices = [
            (str(u.pk), f"{u.get_full_name() or u.username} ({u.get_role_display()})")
            for u in people
        ]
        if label:
            field.label = label

    def chosen(self) -> Any:
        return self.people[self.cleaned_data["user"]]


class TransferForm(TriageForm):
    unit = forms.ChoiceField(label=_("Pindahkan ke"), choices=CaseUnit.choices, widget=Radios)
    note = forms.CharField(label=_("Alasan"), max_length=500, required=False)


class AssessmentForm(TriageForm):
    victim = forms.ChoiceField(label=_("Korban"))
    assessed_on = _date_field(_("Tanggal asesmen"), required=True)
    summary = forms.CharField(
        label=_("Kesimpulan"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    economic_empowerment_need = forms.BooleanField(
        label=_("Butuh pemberdayaan ekonomi (Perpres 55/2024)"),
        required=False,
        help_text=_("Diteruskan ke program Perkasa bila korban setuju."),
    )
    disability_accommodation = forms.BooleanField(
        label=_("Butuh akomodasi yang layak bagi penyandang disabilitas"), required=False
    )

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        cast(forms.ChoiceField, self.fields["victim"]).choices = party_choices(
            parties, (PartyRole.VICTIM,)
        )
        for code, label in AssessmentDomain.choices:
            self.fields[f"level_{code}"] = forms.ChoiceField(
                label=_("Kebutuhan %(domain)s") % {"domain": label},
                choices=NeedLevel.choices,
                widget=Radios,
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("Catatan %(domain)s") % {"domain": label},
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        set_required_messages(self)
        self.order_fields(
            ["victim", "assessed_on"]
            + [f"{kind}_{code}" for code in AssessmentDomain.values for kind in ("level", "note")]
        )

    def domain_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"level_{code}"], self[f"note_{code}"]) for code in AssessmentDomain.values]

    def levels(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"level_{code}"] for code in AssessmentDomain.values}

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"note_{code}", "") for code in AssessmentDomain.values}


class PlanForm(VersionedForm):
    goals = forms.CharField(
        label=_("Tujuan rencana intervensi"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreed = forms.BooleanField(label=_("Sudah disepakati korban / wali"), required=False)
    agreed_on = _date_field(_("Tanggal disepakati"))
    agreed_by = forms.ChoiceField(label=_("Disepakati oleh"), required=False)

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        cast(forms.ChoiceField, self.fields["agreed_by"]).choices = party_choices(
            parties, (PartyRole.VICTIM, PartyRole.GUARDIAN), empty="—"
        )

    def agreed_party(self) -> Any:
        return self.parties.get(self.cleaned_data.get("agreed_by") or "")


class PlanItemForm(TriageForm):
    service = forms.ChoiceField(label=_("Layanan"), choices=ServiceCode.choices)
    goal = forms.CharField(label=_("Tujuan layanan"), max_length=1000, required=False)
    provider_name = forms.CharField(label=_("Penyedia / lembaga"), max_length=200, required=False)
    target_date = _date_field(_("Target tanggal"))


class PlanItemStatusForm(TriageForm):
    status = forms.ChoiceField(label=_("Status layanan"), choices=PlanItemStatus.choices)


class DeadlineRecordForm(TriageForm):
    met_at = forms.DateTimeField(
        label=_("Dipenuhi pada"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Kosongkan bila baru saja."),
    )
    requested_on = _date_field(_("Diminta pada"))
    granted_on = _date_field(_("Diberikan pada"))
    note = forms.CharField(label=_("Catatan"), max_length=1000, required=False)


class FollowupForm(TriageForm):
    title = forms.CharField(label=_("Tindak lanjut"), max_length=150)
    due_at = forms.DateTimeField(
        label=_("Paling lambat"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ConsentForm(TriageForm):
    subject = forms.ChoiceField(label=_("Korban"))
    given_by = forms.ChoiceField(
        label=_("Diberikan oleh"),
        help_text=_("Untuk korban anak: orang tua atau wali (UU PDP Pasal 25)."),
    )
    purpose = forms.ChoiceField(label=_("Untuk"), choices=ConsentPurpose.choices, widget=Radios)
    organisation_name = forms.CharField(
        label=_("Lembaga penerima (untuk berbagi data)"), max_length=200, required=False
    )
    method = forms.ChoiceField(label=_("Cara"), choices=ConsentMethod.choices)
    given_on = _date_field(_("Tanggal"), required=True)
    note = forms.CharField(label=_("Catatan"), max_length=1000, required=False)

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        cast(forms.ChoiceField, self.fields["subject"]).choices = party_choices(
            parties, (PartyRole.VICTIM,)
        )
        cast(forms.ChoiceField, self.fields["given_by"]).choices = party_choices(
            parties, (PartyRole.VICTIM, PartyRole.GUARDIAN)
        )


class ConsentOverrideForm(TriageForm):
    subject = forms.ChoiceField(label=_("Korban"))
    organisation_name = forms.CharField(label=_("Lembaga penerima"), max_length=200)
    reason = forms.CharField(
        label=_("Alasan berbagi tanpa persetujuan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: anak dalam bahaya dan wali adalah terduga pelaku."),
    )

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        cast(forms.ChoiceField, self.fields["subject"]).choices = party_choices(
            parties, (PartyRole.VICTIM,)
        )


class WithdrawForm(TriageForm):
    note = forms.CharField(label=_("Catatan pencabutan"), max_length=1000, required=False)


class DocumentForm(TriageForm):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    party = forms.ChoiceField(label=_("Tentang (boleh kosong)"), required=False)
    description = forms.CharField(label=_("Keterangan"), max_length=500, required=False)
    file = forms.FileField(
        label=_("Berkas (JPEG, PNG atau PDF)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf",
                "class": "form-control",
            }
        ),
    )

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        cast(forms.ChoiceField, self.fields["party"]).choices = party_choices(
            parties,
            (PartyRole.VICTIM, PartyRole.GUARDIAN, PartyRole.WITNESS, PartyRole.PERPETRATOR),
            empty=_("— kasus secara umum —"),
        )

    def clean_file(self) -> AttachmentInput:
        return check_upload(self.cleaned_data["file"])


class NoteForm(TriageForm):
    body = forms.CharField(
        label=_("Catatan"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidential = forms.BooleanField(
        label=_("Rahasia: hanya saya dan supervisor yang dapat membaca"), required=False
    )


class CaseDeadlineRuleForm(TriageForm):
    hours = forms.IntegerField(label=_("Batas waktu (jam)"), min_value=0, max_value=8760)
    working_days = forms.BooleanField(
        label=_("Hitung hanya hari kerja (Senin–Jumat)"), required=False
    )
    protection_days = forms.IntegerField(
        label=_("Lama perlindungan (hari)"), min_value=1, max_value=365, required=False
    )
    active = forms.BooleanField(label=_("Aktif"), required=False)
    basis = forms.CharField(
        label=_("Dasar hukum / rujukan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
