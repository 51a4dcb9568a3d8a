from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.accounts.roles import (
    KELURAHAN_SCOPED,
    ORGANISATION_SCOPED,
    Role,
    capabilities,
    needs_two_factor,
)
from payung.core.fields import EncryptedTextField
from payung.partners.choices import OrganisationKind
from payung.regions.models import Region, RegionLevel


class User(AbstractUser):
    """A staff account. Residents never have one: they report and check status anonymously."""

    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah tugas"),
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Kelurahan untuk petugas PPT; kota untuk staf pusat."),
    )
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    on_duty = models.BooleanField(
        _("sedang piket"),
        default=False,
        help_text=_("Menerima pemberitahuan laporan berisiko tinggi."),
    )
    preferred_language = models.CharField(_("bahasa"), max_length=5, default="id")
    # Set while a second person's approval of this account (new, or changed to a role that
    # reads victims' data) is outstanding: it cannot sign in and its tokens are refused.
    pending_approval = models.BooleanField(_("menunggu persetujuan"), default=False)
    # Provider and shelter staff belong to exactly one partner organisation; nobody else does.
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("lembaga"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Wajib untuk staf penyedia layanan dan staf rumah aman."),
    )

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        indexes = [models.Index(fields=["role", "is_active"])]

    def clean(self) -> None:
        super().clean()
        self._clean_organisation()
        if self.region_id is None:
            return
        if self.role in KELURAHAN_SCOPED and self.region.level not in (
            RegionLevel.URBAN_VILLAGE,
            RegionLevel.VILLAGE,
        ):
            raise ValidationError({"region": _("Petugas PPT harus ditugaskan di satu kelurahan.")})

    def _clean_organisation(self) -> None:
        if self.role not in ORGANISATION_SCOPED:
            if self.organisation_id is not None:
                raise ValidationError(
                    {
                        "organisation": _(
                            "Hanya staf penyedia layanan dan staf rumah aman yang terhubung ke "
                            "lembaga. Kosongkan lembaga untuk peran ini."
                        )
                    }
                )
            return
        if self.organisation_id is None and self.role == Role.PERKASA_PARTNER:
            raise ValidationError(
                {
                    "organisation": _(
                        "Staf mitra program Perkasa wajib terhubung ke lembaga pemilik program."
                    )
                }
            )
        if self.organisation_id is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "Staf penyedia layanan dan staf rumah aman wajib terhubung ke satu lembaga."
                    )
                }
            )
        organisation = self.organisation
        if self.role == Role.SHELTER_STAFF and (
            organisation is None or organisation.kind != OrganisationKind.SHELTER
        ):
            raise ValidationError(
                {"organisation": _("Staf rumah aman harus terhubung ke lembaga rumah aman.")}
            )

    @property
    def capabilities(self) -> frozenset[str]:
        if not self.is_active or self.pending_approval:
            return frozenset()
        return capabilities(self.role)

    @property
    def is_usable(self) -> bool:
        """May sign in and use tokens: active, and not waiting for a second approval."""
        return self.is_active and not self.pending_approval

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def needs_two_factor(self) -> bool:
        return needs_two_factor(self.role)

    @property
    def scope_code(self) -> str:
        return self.region.code

    def region_q(self, field: str) -> Q:
        """A filter for ``<field>`` (a region code column) inside this user's scope."""
        code = self.scope_code
        # Kemendagri codes have fixed-width segments (2.2.2.4 digits, see regions), so the
        # codes that start with "35.75" are exactly "35.75" and "35.75.…": one prefix LIKE,
        # one index range. (``code = X OR LIKE 'X.%'`` made PostgreSQL scan the index from
        # its start at national scale: docs/performance.md.)
        return Q(**{f"{field}__startswith": code})

    def in_scope(self, region_code: str | None) -> bool:
        return bool(region_code) and self.region.contains(str(region_code))


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiPart(models.TextChoices):
    """Parts of the API a token may be limited to (``payung.accounts.api_auth.PART_PREFIXES`` says
    which paths each covers). ``/me`` and the schema are open to every token."""

    REPORTS = "reports", _("Laporan")
    CASES = "cases", _("Kasus dan orang")
    CARE = "care", _("Layanan dan rujukan")
    REFERENCE = "reference", _("Data referensi (wilayah, pos layanan)")
    STATS = "stats", _("Statistik (angka agregat)")
    OUTREACH = "outreach", _("Sosialisasi dan pencegahan")
    PERKASA = "perkasa", _("Perkasa (registri, skor, program)")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
            user__pending_approval=False,
        )


class ApiToken(models.Model):
    """A personal API token for integrations. Only its SHA-256 is stored; it acts as its user."""

    PREFIX = "pyg_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("awalan"), max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    read_only = models.BooleanField(
        _("hanya baca"),
        default=False,
        help_text=_("Hanya GET dan HEAD; tidak dapat mengubah data."),
    )
    # ApiPart values; a part not listed is refused (403), whatever the owner's role allows.
    parts = models.JSONField(_("bagian API"), default=list, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows_method(self, method: str) -> bool:
        return not self.read_only or method.upper() in ("GET", "HEAD")

    def allows_part(self, part: str) -> bool:
        return part in self.parts

    def get_parts_display(self) -> list[str]:
        labels = dict(ApiPart.choices)
        return [str(labels[p]) for p in ApiPart.values if p in self.parts]


class ApprovalKind(models.TextChoices):
    CREATE = "create", _("Akun baru")
    PROMOTE = "promote", _("Perubahan peran")
    PASSWORD_RESET = "password_reset", _("Setel ulang kata sandi")
    OTP_RESET = "otp_reset", _("Setel ulang verifikasi dua langkah")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class AccountApproval(models.Model):
    """A second person's decision on something the system admin may not do alone: make an
    account that reads victims' data usable, or reset its password or second factor.

    ``requested_by`` empty: a management command on the server (demo data, first accounts),
    approved by the system at once. ``decided_by`` empty on an approved row: the same.
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="approvals", verbose_name=_("akun")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=ApprovalKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
    )
    # The role the request is about (kept: the account's role may change later).
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    # For a role change: what to restore if it is rejected ({"role", "region_id",
    # "organisation_id"} before the change).
    previous = models.JSONField(_("sebelumnya"), default=dict, blank=True)
    # The account's scope when asked: approvers see requests inside their own scope.
    region_code = models.CharField(_("kode wilayah"), max_length=20, db_index=True)
    requested_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    reason = models.CharField(_("alasan"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("persetujuan akun")
        verbose_name_plural = _("persetujuan akun")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(status="pending"),
                name="account_approval_one_pending_per_kind",
            )
        ]
        indexes = [models.Index(fields=["status", "region_code"], name="approval_queue_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user_id}"

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING


class PreservedForm(models.Model):
    """A form a user sent after their session had ended, kept so that it is not lost.

    The fields are sealed (AES-GCM, ``data``) and handed back once, to the same user, on the
    form's page after they sign in again (payung/accounts/preserved.py); rows older than
    ``expires_at`` (24 hours) are deleted. Never files, passwords or CSRF tokens.

    Bound to ``user`` when the ended session still named them; otherwise (the session was
    already gone) to the browser: ``browser_key`` is the SHA-256 of a random token kept in a
    cookie, and ``owner_hint`` the keyed hash of the user who last signed in on that browser,
    so only that user, signing in on that browser, gets it back.
    """

    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    browser_key = models.CharField(_("kunci peramban"), max_length=64, blank=True, db_index=True)
    owner_hint = models.CharField(_("petunjuk pemilik"), max_length=64, blank=True)
    page = models.CharField(_("halaman"), max_length=500)
    action = models.CharField(_("alamat kiriman"), max_length=500)
    data = EncryptedTextField(_("isian"))
    files_dropped = models.BooleanField(_("lampiran tidak disimpan"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("isian tersimpan")
        verbose_name_plural = _("isian tersimpan")

    def __str__(self) -> str:
        return f"{self.page} ({self.user_id or 'peramban'})"
