"""Input validation for the care pages. Saving is the services' job."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.accounts.forms import BootstrapMixin, RegionChoiceField
from payung.accounts.selectors import assignable_regions
from payung.care import policies, selectors
from payung.care.choices import (
    AccompanimentDestination,
    DischargeReason,
    InternalUnit,
    ReturnDestination,
    ServiceOutcome,
    SharedField,
    Urgency,
)
from payung.cases.forms import party_label, party_numbers
from payung.cases.models import Case
from payung.cases.uploads import AttachmentInput, check_upload
from payung.partners.choices import OrganisationKind, ServiceCode, SimfoniCategory
from payung.partners.models import Organisation, Service
from payung.regions.forms import _clean_number
from payung.regions.models import Region


def _checkbox_list(field: forms.Field) -> None:
    field.widget.attrs["class"] = "form-check-input"


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


class DirectoryFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Cari nama lembaga"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Jenis lembaga"),
        required=False,
        choices=[("", _("Semua jenis")), *OrganisationKind.choices],
    )
    service = forms.ChoiceField(
        label=_("Layanan"), required=False, choices=[("", _("Semua layanan")), *ServiceCode.choices]
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {
            "kind": self.cleaned_data["kind"],
            "service": self.cleaned_data["service"],
            "search": self.cleaned_data["q"].strip(),
        }


class OrganisationForm(BootstrapMixin, forms.ModelForm):
    """Register or edit a partner. For a safe house the capacity is asked here; its address
    is not: only the shelter's own staff or a supervisor record it."""

    region = RegionChoiceField(queryset=Region.objects.none(), label=_("Wilayah"))
    services = ServiceChoiceField(
        label=_("Layanan yang diberikan"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Kapasitas rumah aman (tempat tidur)"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Hanya untuk rumah aman."),
    )

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "region",
            "address",
            "contact_name",
            "phone",
            "email",
            "services",
            "is_active",
        ]
        labels = {
            "kind": _("Jenis"),
            "name": _("Nama lembaga"),
            "address": _("Alamat kantor"),
            "contact_name": _("Nama narahubung"),
            "phone": _("Telepon"),
            "email": _("E-mail"),
            "is_active": _("Aktif"),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = assignable_regions(actor)
        services = cast(ServiceChoiceField, self.fields["services"])
        services.queryset = Service.objects.order_by("position", "code")
        _checkbox_list(self.fields["services"])
        kinds: list[tuple[str, Any]] = [("", "—"), *OrganisationKind.choices]
        if self.instance.pk:
            # A safe house stays a safe house (its stays and address belong to it), and no
            # other partner becomes one by a change of kind.
            shelter = OrganisationKind.SHELTER
            if self.instance.is_shelter:
                kinds = [(value, label) for value, label in kinds if value == shelter]
                self.fields["capacity"].initial = self.instance.shelter.capacity
            else:
                kinds = [(value, label) for value, label in kinds if value != shelter]
                del self.fields["capacity"]
        else:
            self.fields["is_active"].initial = True
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds

    def clean_phone(self) -> str:
        return _clean_number(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("kind") == OrganisationKind.SHELTER and cleaned.get("capacity") is None:
            self.add_error("capacity", _("Isi kapasitas rumah aman (jumlah tempat tidur)."))
        return cleaned


class ServiceForm(BootstrapMixin, forms.ModelForm):
    simfoni_alternatives = forms.MultipleChoiceField(
        label=_("Kategori SIMFONI-PPA lain yang boleh dipakai"),
        choices=SimfoniCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Satu layanan yang diberikan boleh dicatat dengan kategori ini sebagai ganti "
            "kategori utama, mis. pemulangan untuk reintegrasi."
        ),
    )

    class Meta:
        model = Service
        fields = ["description", "simfoni_category", "simfoni_alternatives"]
        labels = {
            "description": _("Keterangan"),
            "simfoni_category": _("Kategori SIMFONI-PPA utama"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _checkbox_list(self.fields["simfoni_alternatives"])


class ShelterForm(BootstrapMixin, forms.Form):
    address = forms.CharField(
        label=_("Alamat rahasia"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("Hanya staf rumah aman ini dan supervisor yang dapat melihatnya."),
    )
    capacity = forms.IntegerField(label=_("Kapasitas (tempat tidur)"), min_value=1, max_value=500)


class AdmitForm(BootstrapMixin, forms.Form):
    """Place a victim of one of the user's cases. The victim list comes from the case number:
    a first submission with only the number lists the case's victims (one alone is chosen
    at once), so the page works without JavaScript."""

    case_number = forms.CharField(
        label=_("Nomor kasus"),
        max_length=40,
        help_text=_("Kasus Anda, mis. PPA/2026/0001."),
    )
    victim = forms.ChoiceField(
        label=_("Korban yang ditempatkan"),
        required=False,
        help_text=_(
            "Korban kasus tersebut tercantum setelah nomor kasus diisi. Bila kasus hanya "
            "mencatat satu korban, korban itu dipilih otomatis."
        ),
    )
    alias = forms.CharField(
        label=_("Nama samaran"),
        max_length=60,
        help_text=_("Nama panggilan di rumah aman; jangan nama asli."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    planned_end = forms.DateField(
        label=_("Rencana keluar"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Catatan untuk staf rumah aman"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kebutuhan khusus, alergi, atau hal lain yang perlu diketahui."),
    )
    override_reason = forms.CharField(
        label=_("Alasan berbagi tanpa persetujuan (supervisor)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Isi hanya bila korban atau walinya belum memberi persetujuan berbagi data dengan "
            "rumah aman ini dan korban tetap harus ditempatkan, mis. anak dalam bahaya. Dicatat."
        ),
    )

    def __init__(self, *args: Any, actor: Any, may_override: bool = False, **kwargs: Any) -> None:
        self.actor = actor
        self.victim_party: Any = None
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        self.case: Case | None = self._placement_case(source.get("case_number") or "")
        self.victims: dict[str, Any] = {}
        if self.case is not None:
            self.victims = {str(v.pk): v for v in selectors.case_victims(self.case)}
        field = cast(forms.ChoiceField, self.fields["victim"])
        field.choices = [("", "—")] + [
            (key, _placement_label(n, party))
            for n, (key, party) in enumerate(self.victims.items(), start=1)
        ]
        if len(self.victims) == 1:
            field.initial = next(iter(self.victims))
        if not may_override:
            del self.fields["override_reason"]

    def _placement_case(self, number: str) -> Case | None:
        number = number.strip()
        if not number:
            return None
        return policies.cases_for_placement(self.actor).filter(number=number).first()

    def clean_case_number(self) -> str:
        number = self.cleaned_data["case_number"].strip()
        if self.case is None or self.case.number != number:
            raise forms.ValidationError(_("Kasus ini tidak ada di antara kasus yang Anda tangani."))
        return number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.case is None or "case_number" not in cleaned:
            return cleaned
        key = cleaned.get("victim") or ""
        if not self.victims:
            self.add_error(
                "case_number",
                _("Kasus ini belum mencatat korban. Catat korbannya di halaman kasus lebih dulu."),
            )
        elif key in self.victims:
            self.victim_party = self.victims[key]
        elif not key and len(self.victims) == 1:
            self.victim_party = next(iter(self.victims.values()))
        else:
            self.add_error("victim", _("Pilih korban yang ditempatkan."))
        return cleaned


def _placement_label(n: int, party: Any) -> str:
    """Tells a case's victims apart: "Korban #2 · Bunga (Mawar) · P · 9 th" (the pickers'
    label, with the name, since the placement form is for staff who know the family)."""
    return party_label(party, n, full_name=True)


class DischargeForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Alasan keluar"), choices=[("", "—"), *DischargeReason.choices]
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# =========================================================================================
# Phase B: referrals, delivered services, visum letters, accompaniment, visits, return,
# tasks. The forms take their choices from the view (a case's victims, the partners in the
# user's scope, the officers who may be assigned) and only validate input.
# =========================================================================================


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    # An HTML date input sends ISO dates whatever the page language.
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _datetime(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _text(
    label: Any, *, required: bool = False, rows: int = 3, limit: int = 2000, help_text: Any = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class _CaseForm(BootstrapMixin, forms.Form):
    """A form about one case: ``victims`` are its victim parties."""

    victim = forms.ChoiceField(label=_("Korban"))

    def __init__(self, *args: Any, victims: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.victims = {str(v.pk): v for v in victims}
        numbers = party_numbers(victims)
        field = cast(forms.ChoiceField, self.fields["victim"])
        field.choices = [
            (key, party_label(v, numbers[v.pk], full_name=True)) for key, v in self.victims.items()
        ]
        if len(self.victims) == 1:
            field.initial = next(iter(self.victims))

    def victim_party(self) -> Any:
        return self.victims.get(self.cleaned_data.get("victim") or "")


class _OfficerMixin:
    """An ``officer`` (or other user) choice among the people who may be assigned."""

    fields: dict[str, forms.Field]

    def _set_people(self, name: str, people: list[Any], default: Any = None) -> None:
        self.people = {str(p.pk): p for p in people}
        field = cast(forms.ChoiceField, self.fields[name])
        field.choices = [("", "—")] + [
            (key, f"{p.get_full_name() or p.username} ({p.get_role_display()})")
            for key, p in self.people.items()
        ]
        if default is not None and str(default.pk) in self.people:
            field.initial = str(default.pk)

    def person(self, key: str | None) -> Any:
        return self.people.get(key or "")


class ReferralForm(_CaseForm):
    target = forms.ChoiceField(
        label=_("Layanan dan lembaga tujuan"),
        help_text=_("Hanya lembaga mitra aktif yang memberikan layanan itu yang tercantum."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgensi"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    note = _text(
        _("Catatan untuk penyedia layanan"),
        help_text=_("Yang perlu diketahui penyedia untuk memberikan layanan. Jangan tulis nama."),
    )
    share = forms.MultipleChoiceField(
        label=_("Bagikan juga (hanya bila benar-benar diperlukan)"),
        choices=SharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Selalu dibagikan: nomor kasus, layanan, urgensi, nama samaran, kelompok usia, "
            "jenis kelamin, dan catatan di atas."
        ),
    )
    override_reason = _text(
        _("Alasan berbagi tanpa persetujuan (supervisor)"),
        help_text=_(
            "Isi hanya bila korban atau walinya belum memberi persetujuan berbagi data dengan "
            "lembaga ini dan rujukan tetap harus dikirim, mis. anak dalam bahaya. Dicatat."
        ),
    )

    def __init__(
        self,
        *args: Any,
        targets: list[tuple[Any, list[Any]]],
        may_override: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # One group per organisation, its services inside: an organisation that offers
        # several services is listed once, not once per service.
        self.targets: dict[str, tuple[Any, Any]] = {}
        by_organisation: dict[int, tuple[Any, list[Any]]] = {}
        for service, organisations in targets:
            for organisation in organisations:
                key = f"{service.code}:{organisation.pk}"
                self.targets[key] = (service, organisation)
                by_organisation.setdefault(organisation.pk, (organisation, []))[1].append(
                    (key, service.name)
                )
        groups: list[Any] = [("", "—")]
        for organisation, options in sorted(
            by_organisation.values(), key=lambda pair: pair[0].name.casefold()
        ):
            groups.append((organisation.name, options))
        cast(forms.ChoiceField, self.fields["target"]).choices = groups
        _checkbox_list(self.fields["share"])
        self.fields["urgency"].widget.attrs["class"] = "form-check-input"
        if not may_override:
            del self.fields["override_reason"]

    def chosen(self) -> tuple[Any, Any]:
        return self.targets[self.cleaned_data["target"]]


class CancelForm(BootstrapMixin, forms.Form):
    reason = _text(_("Alasan pembatalan"), required=True, rows=2)


class ServiceRecordForm(_CaseForm):
    service = forms.ModelChoiceField(
        label=_("Layanan"), queryset=Service.objects.none(), empty_label="—"
    )
    provider = forms.ChoiceField(label=_("Diberikan oleh"))
    delivered_on = _date(_("Tanggal layanan"))
    outcome = forms.ChoiceField(label=_("Hasil"), choices=[("", "—"), *ServiceOutcome.choices])
    simfoni_category = forms.ChoiceField(
        label=_("Kategori SIMFONI-PPA"),
        required=False,
        choices=[("", _("Kategori utama layanan")), *SimfoniCategory.choices],
        help_text=_("Biarkan kosong untuk kategori utama layanan ini."),
    )
    description = _text(_("Uraian layanan"), limit=5000)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service = cast(forms.ModelChoiceField, self.fields["service"])
        service.queryset = Service.objects.order_by("position", "code")
        service.label_from_instance = lambda obj: obj.name  # type: ignore[method-assign]
        self.organisations = {f"org:{o.pk}": o for o in organisations}
        cast(forms.ChoiceField, self.fields["provider"]).choices = [
            ("", "—"),
            (_("Unit kami"), [(f"unit:{value}", label) for value, label in InternalUnit.choices]),
            (_("Lembaga mitra"), [(key, o.name) for key, o in self.organisations.items()]),
        ]

    def provider_parts(self) -> tuple[Any, str]:
        value = self.cleaned_data["provider"]
        if value.startswith("unit:"):
            return None, value.removeprefix("unit:")
        return self.organisations.get(value), ""


class VisumLetterForm(_CaseForm):
    organisation = forms.ChoiceField(label=_("Ditujukan kepada"))
    police_report_number = forms.CharField(
        label=_("Nomor laporan polisi (bila ada)"), max_length=100, required=False
    )
    purpose = _text(_("Keperluan pemeriksaan"), rows=2)
    override_reason = _text(
        _("Alasan berbagi tanpa persetujuan (supervisor)"),
        help_text=_("Isi hanya bila belum ada persetujuan berbagi data dengan lembaga ini."),
    )

    def __init__(
        self, *args: Any, organisations: list[Any], may_override: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", "—")] + [
            (key, o.name) for key, o in self.organisations.items()
        ]
        if not may_override:
            del self.fields["override_reason"]

    def chosen_organisation(self) -> Any:
        return self.organisations[self.cleaned_data["organisation"]]


class AccompanimentForm(_OfficerMixin, _CaseForm):
    destination = forms.ChoiceField(
        label=_("Tujuan"), choices=[("", "—"), *AccompanimentDestination.choices]
    )
    place = forms.CharField(
        label=_("Nama tempat / instansi"),
        max_length=200,
        required=False,
        help_text=_("Mis. Unit PPA Polres Pasuruan Kota, Pengadilan Negeri Pasuruan."),
    )
    scheduled_on = _date(_("Tanggal"))
    officer = forms.ChoiceField(label=_("Petugas pendamping"))
    purpose = _text(_("Keperluan"), rows=2)

    def __init__(self, *args: Any, people: list[Any], default: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_people("officer", people, default)


class AccompanimentOutcomeForm(BootstrapMixin, forms.Form):
    completed_on = _date(_("Tanggal selesai"))
    outcome = _text(_("Hasil pendampingan"), required=True, limit=5000)


class HomeVisitForm(_OfficerMixin, _CaseForm):
    scheduled_at = _datetime(_("Jadwal kunjungan"))
    officer = forms.ChoiceField(label=_("Petugas"))
    purpose = _text(_("Tujuan kunjungan"), rows=2)
    reintegration = forms.ChoiceField(label=_("Tindak lanjut kepulangan"), required=False)

    def __init__(
        self,
        *args: Any,
        people: list[Any],
        reintegrations: list[Any],
        default: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_people("officer", people, default)
        self.reintegrations = {str(r.pk): r for r in reintegrations}
        if self.reintegrations:
            cast(forms.ChoiceField, self.fields["reintegration"]).choices = [
                ("", _("Bukan tindak lanjut kepulangan"))
            ] + [
                (key, f"{r.get_destination_display()} · {r.planned_on:%d-%m-%Y}")
                for key, r in self.reintegrations.items()
            ]
        else:
            del self.fields["reintegration"]

    def chosen_reintegration(self) -> Any:
        return self.reintegrations.get(self.cleaned_data.get("reintegration") or "")


class HomeVisitRecordForm(BootstrapMixin, forms.Form):
    visited_at = _datetime(_("Waktu kunjungan"))
    findings = _text(_("Yang ditemukan"), required=True, rows=5, limit=5000)
    safety_concern = forms.BooleanField(label=_("Ada kekhawatiran keamanan korban"), required=False)


class HomeVisitCancelForm(BootstrapMixin, forms.Form):
    reason = _text(_("Alasan pembatalan"), required=True, rows=2)


class ReintegrationForm(_CaseForm):
    destination = forms.ChoiceField(
        label=_("Tujuan kepulangan"), choices=ReturnDestination.choices, widget=forms.RadioSelect
    )
    kelurahan = forms.ChoiceField(label=_("Kelurahan tujuan (dalam kota)"), required=False)
    outside_place = forms.CharField(
        label=_("Tempat tujuan di luar kota"),
        max_length=500,
        required=False,
        help_text=_("Kabupaten/kota dan alamat bila diketahui."),
    )
    receiving_unit = forms.CharField(
        label=_("UPTD PPA / lembaga penerima di daerah tujuan"),
        max_length=200,
        required=False,
        help_text=_("Mis. UPTD PPA Kabupaten Pasuruan, bila penanganan dilanjutkan di sana."),
    )
    planned_on = _date(_("Rencana serah terima"))
    receiving_party = forms.CharField(
        label=_("Pihak penerima"),
        max_length=500,
        required=False,
        help_text=_("Mis. ibu kandung, atau petugas UPTD PPA daerah tujuan."),
    )
    note = _text(_("Catatan"), rows=2)

    def __init__(self, *args: Any, kelurahan: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kelurahan_by_code = {r.code: r for r in kelurahan}
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = [("", "—")] + [
            (r.code, r.name) for r in kelurahan
        ]
        self.fields["destination"].widget.attrs["class"] = "form-check-input"

    def kelurahan_region(self) -> Any:
        return self.kelurahan_by_code.get(self.cleaned_data.get("kelurahan") or "")


class HandoverForm(BootstrapMixin, forms.Form):
    handed_over_on = _date(_("Tanggal serah terima"))
    receiving_party = forms.CharField(label=_("Diterima oleh"), max_length=500)
    note = _text(_("Catatan"), rows=2)


class TaskForm(_OfficerMixin, BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Tugas"), max_length=200)
    due_on = _date(_("Jatuh tempo"))
    due_time = forms.TimeField(
        label=_("Jam"),
        initial=time(16, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    assignee = forms.ChoiceField(label=_("Ditugaskan kepada"))

    def __init__(self, *args: Any, people: list[Any], default: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self._set_people("assignee", people, default)

    def due_at(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["due_on"], self.cleaned_data["due_time"])
        )


# --- the provider's side ----------------------------------------------------------------------


class InboxFilterForm(BootstrapMixin, forms.Form):
    show = forms.ChoiceField(
        label=_("Tampilkan"),
        required=False,
        choices=[
            ("terbuka", _("Perlu ditindaklanjuti")),
            ("baru", _("Baru, menunggu jawaban")),
            ("minggu_ini", _("Terjadwal minggu ini")),
            ("selesai", _("Selesai")),
            ("ditutup", _("Ditolak / dibatalkan")),
            ("semua", _("Semua")),
        ],
    )

    def value(self) -> str:
        return (self.cleaned_data.get("show") if self.is_valid() else "") or "terbuka"


class AcceptForm(BootstrapMixin, forms.Form):
    note = _text(_("Catatan untuk manajer kasus"), rows=2)


class DeclineForm(BootstrapMixin, forms.Form):
    reason = _text(_("Alasan penolakan"), required=True, rows=2)


class ScheduleForm(BootstrapMixin, forms.Form):
    scheduled_for = _datetime(_("Jadwal layanan"))
    note = _text(_("Catatan untuk manajer kasus"), rows=2)


class CompleteForm(BootstrapMixin, forms.Form):
    delivered_on = _date(_("Tanggal layanan diberikan"))
    outcome = forms.ChoiceField(label=_("Hasil"), choices=[("", "—"), *ServiceOutcome.choices])
    description = _text(_("Layanan yang diberikan"), required=True, rows=4, limit=5000)


class ReportUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas laporan (JPEG, PNG atau PDF)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
        ),
    )
    description = forms.CharField(
        label=_("Keterangan"),
        max_length=500,
        required=False,
        help_text=_("Mis. hasil visum et repertum."),
    )

    def clean_file(self) -> AttachmentInput:
        return check_upload(self.cleaned_data["file"])
