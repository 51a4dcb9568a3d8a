"""Input validation for the care pages. Saving is the services' job."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.accounts.forms import BootstrapMixin, RegionChoiceField
from payung.accounts.selectors import assignable_regions
from payung.care import policies
from payung.care.choices import DischargeReason, OrganisationKind, ServiceCode, SimfoniCategory
from payung.care.models import Organisation, Service
from payung.cases.models import Case
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
    case_number = forms.CharField(
        label=_("Nomor kasus"),
        max_length=40,
        help_text=_("Kasus Anda, mis. PPA/2026/0001."),
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

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        self.actor = actor
        self.case: Case | None = None
        super().__init__(*args, **kwargs)

    def clean_case_number(self) -> str:
        number = self.cleaned_data["case_number"].strip()
        case = policies.cases_for_placement(self.actor).filter(number=number).first()
        if case is None:
            raise forms.ValidationError(_("Kasus ini tidak ada di antara kasus yang Anda tangani."))
        self.case = case
        return number


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
