"""The resident's forms: report violence, check a report's status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from payung.cases import codes
from payung.cases.choices import Channel
from payung.cases.forms import (
    INTAKE_RENDERER,
    ReportFieldsForm,
    _clean_token,
    _token_field,
    set_required_messages,
)
from payung.cases.services import ReportInput
from payung.cases.uploads import AttachmentInput, check_upload

CONSENT_TEXT = _(
    "Saya menyetujui data dalam laporan ini dicatat dan diproses oleh DP3AKB Kota Pasuruan "
    "(UPTD PPA dan PPT kelurahan) untuk menangani laporan ini, dan dibagikan hanya kepada "
    "lembaga yang diperlukan untuk membantu korban. Data disimpan terenkripsi dan dijaga "
    "kerahasiaannya sesuai UU 27/2022 tentang Pelindungan Data Pribadi."
)


class ReportPageFields(forms.Form):
    """The report page's fields outside its block of report fields: the consent, the
    honeypot and the submission token.

    ``GET /lapor/`` takes the block of report fields from a cache
    (``report_views.unbound_fields_html``) and builds only this form for the rest of the
    page: building the whole report form (a deep copy of its 28 fields, the kelurahan list)
    was a fifth of that request's time (docs/performance.md, "Report submission"). It renders
    exactly as the same fields of an empty ``PublicReportForm`` (a test compares the pages).
    """

    default_renderer = INTAKE_RENDERER

    consent = forms.BooleanField(
        label=_("Saya setuju"),
        error_messages={"required": _("Centang persetujuan agar laporan dapat dikirim.")},
    )
    # A honeypot: hidden from people (display:none), filled in by naive bots.
    website = forms.CharField(label=_("Jangan isi kolom ini"), required=False, max_length=200)
    submission_token = _token_field()

    @property
    def attachment_dropped(self) -> bool:
        """Asked by the page template; only the whole report form has an attachment."""
        return False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        # The classes ReportFieldsForm gives these widgets on the whole form.
        if type(self) is ReportPageFields:
            self.fields["website"].widget.attrs["class"] = "form-control"
            self.fields["consent"].widget.attrs["class"] = "form-check-input"


class PublicReportForm(ReportFieldsForm, ReportPageFields):
    """The resident's report: the report fields (shared with staff intake) and the page's."""

    def clean_submission_token(self) -> str:
        return _clean_token(self.cleaned_data.get("submission_token", ""))

    # Folded under "Keterangan tambahan" on the page; unfolded when one of them has an error.
    OPTIONAL_FIELDS = (
        "incident_date",
        "incident_date_approximate",
        "address_detail",
        "victim_name",
        "victim_age",
        "victim_age_group",
        "victim_sex",
        "victim_is_child",
        "victim_disability",
        "attachment",
    )

    @property
    def optional_has_errors(self) -> bool:
        return self.is_bound and any(name in self.errors for name in self.OPTIONAL_FIELDS)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def to_input(self) -> ReportInput:
        return self.report_input(channel=Channel.WEB, consent=True, consent_text=str(CONSENT_TEXT))


class StatusCheckForm(forms.Form):
    default_renderer = INTAKE_RENDERER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_required_messages(self)

    code = forms.CharField(
        label=_("Kode laporan"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "class": "form-control",
                "placeholder": "K7QP-4M2X",
            }
        ),
    )
    pin = forms.CharField(
        label=_("PIN (6 angka)"),
        max_length=6,
        min_length=6,
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-control"}
        ),
    )

    def clean_code(self) -> str:
        code = codes.normalise_code(self.cleaned_data.get("code", ""))
        if not codes.is_valid_code(code):
            raise ValidationError(
                _("Kode laporan terdiri dari 8 huruf dan angka, misalnya K7QP-4M2X.")
            )
        return code

    def clean_pin(self) -> str:
        pin = self.cleaned_data.get("pin", "").strip()
        if not pin.isdigit() or len(pin) != codes.PIN_LENGTH:
            raise ValidationError(_("PIN terdiri dari 6 angka."))
        return pin


class AddInformationForm(StatusCheckForm):
    """More for a filed report, sent from the status page with the same code + PIN."""

    message = forms.CharField(
        label=_("Informasi tambahan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_(
            "Misalnya kejadian baru atau cara aman menghubungi Anda. Paling banyak 2000 karakter."
        ),
    )
    attachment = forms.FileField(
        label=_("Foto atau dokumen (jika ada)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf",
                "class": "form-control",
            }
        ),
    )

    def clean_attachment(self) -> AttachmentInput | None:
        upload = self.cleaned_data.get("attachment")
        return check_upload(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        nothing = not data.get("message", "").strip() and not data.get("attachment")
        if nothing and "attachment" not in self.errors:
            self.add_error("message", _("Tulis pesan atau pilih berkas."))
        return data
