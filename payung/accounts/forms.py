from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from payung.accounts.models import ApiPart, User
from payung.accounts.roles import Role, needs_second_approval
from payung.accounts.selectors import assignable_organisations, assignable_regions
from payung.partners.models import Organisation
from payung.regions.models import Region


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields with one include."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            if css not in existing.split():
                widget.attrs["class"] = f"{existing} {css}".strip()


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }


class StaffPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    """Django's form (old password, two new ones, the validators); saved by a service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # It shares a page with other sections: do not jump past them on load.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class OtpTokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=_("Kode 6 angka"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "class": "form-control-lg otp-input",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise ValidationError(_("Masukkan 6 angka dari aplikasi autentikator."))
        return token


class PasswordConfirmForm(BootstrapMixin, forms.Form):
    """Re-entering the password before a step that weakens the account."""

    password = forms.CharField(
        label=_("Kata sandi Anda"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Kata sandi salah."))
        return password


class ApiTokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk apa token ini, misalnya “Integrasi SIMFONI”."),
    )
    days = forms.IntegerField(
        label=_("Berlaku (hari)"),
        min_value=1,
        max_value=365,
    )
    parts = forms.MultipleChoiceField(
        label=_("Bagian API yang boleh dipakai"),
        choices=ApiPart.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pilih hanya yang dibutuhkan integrasi ini. /me selalu boleh."),
        error_messages={"required": _("Pilih minimal satu bagian API.")},
    )
    read_only = forms.BooleanField(
        label=_("Hanya baca"),
        required=False,
        help_text=_("Token hanya boleh membaca (GET), tidak dapat mengubah data."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DEFAULT_DAYS
        self.fields["parts"].initial = list(ApiPart.values)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        # Indented by depth so the select reads as a tree: kota, kecamatan, kelurahan.
        indent = "\u00a0\u00a0\u00a0" * max(obj.code.count(".") - 1, 0)
        return f"{indent}{obj.level_label} {obj.name}"


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Cari nama atau nama pengguna"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Peran"), required=False, choices=[("", _("Semua peran")), *Role.choices]
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), ("1", _("Aktif")), ("0", _("Nonaktif"))],
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        active = self.cleaned_data["active"]
        return {
            "role": self.cleaned_data["role"],
            "active": None if active == "" else active == "1",
            "search": self.cleaned_data["q"].strip(),
        }


class UserForm(BootstrapMixin, forms.ModelForm):
    """The fields a user manager edits. Model validation (``User.clean``: a PPT officer
    belongs to one kelurahan, provider and shelter staff to one organisation) runs in
    ``_post_clean`` and lands on the region or organisation field."""

    region = RegionChoiceField(queryset=Region.objects.none(), label=_("Wilayah tugas"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Lembaga"),
        required=False,
        empty_label="—",
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "region",
            "organisation",
            "is_active",
            "on_duty",
        ]
        labels = {
            "first_name": _("Nama depan"),
            "last_name": _("Nama belakang"),
            "email": _("E-mail"),
            "phone": _("Telepon"),
            "role": _("Peran"),
            "is_active": _("Akun aktif"),
            "on_duty": _("Sedang piket"),
        }
        help_texts = {
            "is_active": _(
                "Akun nonaktif tidak dapat masuk. Akun tidak pernah dihapus agar jejak audit tetap utuh."
            ),
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        self.actor = actor
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = assignable_regions(actor)
        self.fields["region"].help_text = _(
            "Petugas PPT wajib ditugaskan di satu kelurahan; staf pusat di tingkat kota."
        )
        current = self.instance.organisation_id if self.instance.pk else None
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = assignable_organisations(actor, include=current)
        self.fields["organisation"].help_text = _(
            "Wajib untuk staf penyedia layanan dan staf rumah aman (lembaga rumah aman); "
            "kosongkan untuk peran lain."
        )
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", "—"), *Role.choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if self.instance.pk and self.instance.pk == self.actor.pk:
            if cleaned.get("role") and cleaned["role"] != self.initial.get("role"):
                self.add_error(
                    "role",
                    _("Anda tidak dapat mengubah peran akun Anda sendiri. Minta admin lain."),
                )
            if self.initial.get("is_active") and not cleaned.get("is_active"):
                self.add_error("is_active", _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        role = cleaned.get("role")
        if role and needs_second_approval(role) and not (cleaned.get("email") or "").strip():
            self.add_error(
                "email",
                _(
                    "Wajib untuk peran yang membuka data korban: tautan untuk membuat kata "
                    "sandi dikirim ke alamat ini setelah disetujui."
                ),
            )
        return cleaned


class UserCreateForm(UserForm):
    """A new account. No password field: the system admin never chooses one. The owner gets a
    one-time set-up link; for a role that reads victims' data, only after a second person
    (the head of the UPTD PPA or the DPO) approves the account."""

    class Meta(UserForm.Meta):
        fields = ["username", *UserForm.Meta.fields]
        labels = {**UserForm.Meta.labels, "username": _("Nama pengguna")}
        help_texts = {
            **UserForm.Meta.help_texts,
            "username": _("Huruf, angka, dan @ . + - _ saja. Tidak dapat diubah kemudian."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_active"].initial = True


class ApprovalDecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Setujui")), ("reject", _("Tolak"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila menolak. Tercatat di jejak audit; jangan tulis data korban."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Tulis alasan penolakan."))
        return cleaned


class AccountSetupForm(BootstrapMixin, SetPasswordForm):
    """The owner's own new password, with the validators; saved by a service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True
