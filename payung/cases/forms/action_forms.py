"""Forms of the case page's actions: transitions, closure, team, assessment and plan, deadlines, consent, documents, notes, deadline rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    AssessmentDomain,
    CaseStatus,
    CaseUnit,
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    DocumentKind,
    LawfulBasis,
    NeedLevel,
    PartyRole,
    PlanItemStatus,
)
from payung.cases.forms.case_forms import VersionedForm, _date_field, party_choices
from payung.cases.forms.triage_forms import TriageForm
from payung.cases.forms.widgets import Radios, set_required_messages
from payung.cases.uploads import AttachmentInput, check_upload
from payung.partners.choices import ServiceCode


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

    def __init__(self, *args: Any, own: bool = False, **kwargs: Any) -> None:
        """``own``: the supervisor deciding asked for this closure themselves, so they may
        only withdraw it; another supervisor approves (``policies.can_decide_closure``)."""
        super().__init__(*args, **kwargs)
        self.own = own
        if own:
            field = cast(forms.ChoiceField, self.fields["decision"])
            field.choices = [("tolak", _("Tarik kembali permintaan"))]


class ReopenForm(TriageForm):
    note = forms.CharField(
        label=_("Alasan membuka kembali"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    restore_tasks = forms.BooleanField(
        label=_("Pulihkan tugas yang dibatalkan saat penutupan"), required=False
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


class LawfulBasisForm(TriageForm):
    basis = forms.ChoiceField(
        label=_("Dasar pemrosesan data"), choices=LawfulBasis.choices, widget=Radios
    )
    note = forms.CharField(label=_("Alasan"), max_length=500, required=False)


class RestrictForm(TriageForm):
    """Limit a case to named staff: whom (besides the supervisor and the owner) and why."""

    restricted = forms.BooleanField(
        label=_("Batasi kasus ini hanya untuk staf yang dipilih"), required=False
    )
    staff = forms.MultipleChoiceField(
        label=_("Staf yang boleh membuka"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Alasan"), max_length=500, required=False)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        field = cast(forms.MultipleChoiceField, self.fields["staff"])
        field.choices = [
            (str(u.pk), f"{u.get_full_name() or u.username} ({u.get_role_display()})")
            for u in people
        ]

    def chosen(self) -> list[Any]:
        return [self.people[pk] for pk in self.cleaned_data["staff"]]


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
    child_views = forms.CharField(
        label=_("Pendapat anak sendiri (untuk korban anak)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    best_interests = forms.CharField(
        label=_("Catatan kepentingan terbaik anak"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

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
    perpetrator_override = forms.CharField(
        label=_("Izin supervisor bila wali ini juga tercatat sebagai pelaku: alasan"),
        max_length=500,
        required=False,
    )

    def __init__(
        self, *args: Any, parties: list[Any], allow_override: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not allow_override:
            del self.fields["perpetrator_override"]
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
    hours = forms.IntegerField(label=_("Batas waktu (jam)"), min_value=1, max_value=8760)
    working_days = forms.BooleanField(
        label=_("Hitung hanya hari kerja (Senin–Jumat, di luar hari libur)"), required=False
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
