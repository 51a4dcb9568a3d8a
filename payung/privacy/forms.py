"""Input of the privacy registers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.accounts.models import User
from payung.audit.models import AuditEvent
from payung.cases.models import Case, CaseParty, Consent
from payung.privacy.models import (
    DataCategory,
    Exemption,
    InvolvedTable,
    Requester,
    RequestKind,
    RequestStatus,
    Severity,
    System,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VerificationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"#{obj.position} {obj.at:%Y-%m-%d %H:%M} — {obj.note[:80]}"


class BreachForm(forms.Form):
    discovered_at = forms.DateTimeField(label=_("Ditemukan"), widget=DATETIME)
    discovered_by = forms.CharField(label=_("Ditemukan oleh"), max_length=200)
    aware_at = forms.DateTimeField(
        label=_("Pengendali mengetahui (awal hitungan 3×24 jam)"), widget=DATETIME
    )
    systems = forms.MultipleChoiceField(
        label=_("Sistem yang terlibat"),
        choices=System.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tables = forms.MultipleChoiceField(
        label=_("Tabel data yang terlibat"),
        choices=InvolvedTable.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label=_("Kategori data pribadi"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    subject_count = forms.IntegerField(
        label=_("Perkiraan jumlah subjek (kosongkan bila belum diketahui)"),
        min_value=0,
        required=False,
    )
    severity = forms.ChoiceField(label=_("Tingkat keparahan"), choices=Severity.choices)
    description = forms.CharField(
        label=_("Apa yang terjadi dan bagaimana"), widget=forms.Textarea(attrs={"rows": 4})
    )
    containment = forms.CharField(
        label=_("Langkah penanganan yang sudah diambil"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    public_notice = forms.BooleanField(label=_("Perlu pengumuman publik"), required=False)
    verification_event = VerificationChoice(
        label=_("Verifikasi jejak audit yang gagal (bila itu penyebabnya)"),
        queryset=AuditEvent.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, verifications: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if verifications is not None:
            self.fields["verification_event"].queryset = AuditEvent.objects.filter(  # type: ignore[attr-defined]
                pk__in=[e.pk for e in verifications]
            )


class BreachUpdateForm(forms.Form):
    severity = forms.ChoiceField(label=_("Tingkat keparahan"), choices=Severity.choices)
    subject_count = forms.IntegerField(
        label=_("Perkiraan jumlah subjek"), min_value=0, required=False
    )
    containment = forms.CharField(
        label=_("Langkah penanganan dan pemulihan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    public_notice = forms.BooleanField(label=_("Perlu pengumuman publik"), required=False)


class NotifiedForm(forms.Form):
    subjects_at = forms.DateTimeField(
        label=_("Subjek diberi tahu"), widget=DATETIME, required=False
    )
    authority_at = forms.DateTimeField(
        label=_("Lembaga diberi tahu"), widget=DATETIME, required=False
    )


class NoticeForm(forms.Form):
    audience = forms.ChoiceField(
        choices=[
            ("subjek", _("subjek")),
            ("lembaga", _("lembaga")),
            ("publik", _("publik")),
        ]
    )


class CaseLookupForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor kasus"), max_length=40)


class PartyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_role_display()} — pihak #{obj.pk}"


class ConsentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        where = f" — {obj.organisation_name}" if obj.organisation_name else ""
        return f"{obj.get_purpose_display()}{where} ({obj.given_on})"


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class RequestForm(forms.Form):
    case_number = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Jenis permintaan"), choices=RequestKind.choices)
    requester = forms.ChoiceField(label=_("Pemohon"), choices=Requester.choices)
    received_at = forms.DateTimeField(label=_("Diterima"), widget=DATETIME)
    party = PartyChoice(label=_("Subjek data"), queryset=CaseParty.objects.none())
    consent = ConsentChoice(
        label=_("Persetujuan yang ditarik (untuk penarikan persetujuan)"),
        queryset=Consent.objects.none(),
        required=False,
    )
    identity_document = forms.CharField(
        label=_("Dokumen identitas yang diperiksa langsung (mis. KTP asli)"), max_length=100
    )
    identity_verified_by = StaffChoice(
        label=_("Identitas diperiksa langsung oleh"), queryset=User.objects.none()
    )
    identity_verified_at = forms.DateTimeField(label=_("Waktu pemeriksaan"), widget=DATETIME)
    details = forms.CharField(
        label=_("Isi permintaan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = CaseParty.objects.filter(case=case).order_by("role", "pk")  # type: ignore[attr-defined]
        self.fields["consent"].queryset = Consent.objects.filter(  # type: ignore[attr-defined]
            case=case, withdrawn_at__isnull=True
        )
        self.fields["identity_verified_by"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            user.region_q("region__code"), is_active=True
        ).order_by("username")
        self.fields["case_number"].initial = case.number


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[c for c in RequestStatus.choices if c[0] != RequestStatus.RECEIVED],
    )
    exemption = forms.ChoiceField(
        label=_("Pengecualian yang dikutip (wajib bila ditolak atau sebagian)"),
        choices=[("", "—"), *Exemption.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Alasan keputusan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class HoldForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor kasus"), max_length=40)
    reason = forms.CharField(label=_("Perkara (nomor perkara atau laporan polisi)"), max_length=200)


class AgreementForm(forms.Form):
    reference = forms.CharField(
        label=_("Nomor perjanjian berbagi data"), max_length=100, required=False
    )
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DATE, required=False)
