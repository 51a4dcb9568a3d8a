"""Forms of the Perkasa programme pages: the catalogue, cycles, sessions and attendance,
mentoring, the business, and grants in tranches (docs/perkasa.md#programmes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.cases.uploads import AttachmentInput, check_upload
from payung.partners.models import Organisation
from payung.perkasa import choices

BLANK: list[tuple[str, Any]] = [("", "—")]

# Agencies that own programmes in the city (docs/perkasa.md#programmes); others may be typed.
AGENCIES = (
    "DP3AKB",
    "Diskop UMKM",
    "Disnaker",
    "Dinsos",
    "Baznas",
    "Mitra CSR",
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Nama program"), max_length=160)
    agency = forms.CharField(
        label=_("OPD / lembaga pemilik"),
        max_length=120,
        help_text=_("Misalnya DP3AKB, Diskop UMKM, Disnaker, Dinsos, Baznas, atau mitra CSR."),
        widget=forms.TextInput(attrs={"list": "daftar-opd"}),
    )
    kind = forms.ChoiceField(label=_("Jenis program"), choices=choices.ProgrammeKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Lembaga mitra (untuk akun staf mitra)"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Staf lembaga ini melihat peserta program ini saja. Kosongkan bila dikelola "
            "petugas Perkasa sendiri."
        ),
    )
    description = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Syarat: kategori kesejahteraan"),
        choices=choices.Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila semua kategori boleh ikut."),
    )
    min_age = forms.IntegerField(
        label=_("Syarat: umur paling rendah"), min_value=0, max_value=120, required=False
    )
    max_age = forms.IntegerField(
        label=_("Syarat: umur paling tinggi"), min_value=0, max_value=120, required=False
    )
    needs_business = forms.BooleanField(label=_("Syarat: sudah punya usaha"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(is_active=True).exclude(kind="rumah_aman")

    @staticmethod
    def initial_for(programme: Any) -> dict[str, Any]:
        rules = programme.eligibility or {}
        return {
            "name": programme.name,
            "agency": programme.agency,
            "kind": programme.kind,
            "organisation": programme.organisation_id,
            "description": programme.description,
            "categories": rules.get("categories") or [],
            "min_age": rules.get("min_age"),
            "max_age": rules.get("max_age"),
            "needs_business": bool(rules.get("needs_business")),
        }

    def to_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        eligibility: dict[str, Any] = {}
        if data.get("categories"):
            eligibility["categories"] = list(data["categories"])
        if data.get("min_age") is not None:
            eligibility["min_age"] = data["min_age"]
        if data.get("max_age") is not None:
            eligibility["max_age"] = data["max_age"]
        if data.get("needs_business"):
            eligibility["needs_business"] = True
        return {
            "name": data["name"],
            "agency": data["agency"],
            "kind": data["kind"],
            "organisation": data.get("organisation"),
            "description": data.get("description", ""),
            "eligibility": eligibility,
        }


class CycleForm(forms.Form):
    label = forms.CharField(
        label=_("Nama siklus"), max_length=60, help_text=_("Misalnya 2026 atau Angkatan 1.")
    )
    quota = forms.IntegerField(label=_("Kuota peserta"), min_value=1, max_value=100_000)
    budget = forms.IntegerField(
        label=_("Anggaran (Rp)"), min_value=0, max_value=10**13, help_text=_("Tanpa titik.")
    )
    starts_on = forms.DateField(label=_("Mulai"), widget=DateInput())
    ends_on = forms.DateField(label=_("Selesai"), widget=DateInput())


class EnrolForm(forms.Form):
    registrant = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    cycle = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal sesi"), widget=DateInput())
    topic = forms.CharField(label=_("Topik"), max_length=200)


class MentoringForm(forms.Form):
    visited_on = forms.DateField(label=_("Tanggal kunjungan"), widget=DateInput())
    mentor = forms.CharField(label=_("Pendamping"), max_length=120)
    notes = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_step = forms.CharField(label=_("Langkah berikutnya"), required=False, max_length=1000)


class BusinessForm(forms.Form):
    kind = forms.CharField(
        label=_("Jenis usaha"), max_length=120, help_text=_("Misalnya warung makan, jahit.")
    )
    status = forms.ChoiceField(label=_("Status usaha"), choices=choices.BusinessStatus.choices)
    revenue_band = forms.ChoiceField(label=_("Omzet"), choices=choices.RevenueBand.choices)
    started_on = forms.DateField(label=_("Mulai usaha"), required=False, widget=DateInput())


class ProposeForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Jumlah (Rp)"), min_value=1, max_value=10**12, help_text=_("Tanpa titik.")
    )
    proof_note = forms.CharField(
        label=_("Keterangan bukti penggunaan"),
        required=False,
        max_length=300,
        help_text=_("Misalnya: nota pembelian etalase dan bahan baku."),
    )
    proof = forms.FileField(
        label=_("Bukti penggunaan (foto atau PDF)"),
        required=False,
        help_text=_("Disimpan terenkripsi."),
    )
    # The tranche the officer saw as next: a double submit finds it taken and is refused.
    tranche = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_proof(self) -> AttachmentInput | None:
        upload = self.cleaned_data.get("proof")
        return check_upload(upload) if upload else None


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("setujui", _("Setujui")), ("tolak", _("Tolak"))], widget=forms.HiddenInput
    )
