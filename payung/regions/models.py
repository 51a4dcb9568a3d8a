"""Administrative regions (Kemendagri codes) and the service posts that sit in them.

One self-referencing table holds every level, so the same code serves a kota, a province or
the whole country. Scoping is by code prefix: ``35.75`` covers Kota Pasuruan, ``35.75.01``
its kecamatan Gadingrejo, and every record that carries a region code can be filtered with
one indexed ``LIKE '35.75.%'``.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payung.core.models import TimeStampedModel

code_validator = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
    _("Kode Kemendagri berbentuk 35, 35.75, 35.75.01 atau 35.75.01.1001."),
)


class RegionLevel(models.TextChoices):
    PROVINCE = "provinsi", _("Provinsi")
    CITY = "kota", _("Kota")
    REGENCY = "kabupaten", _("Kabupaten")
    DISTRICT = "kecamatan", _("Kecamatan")
    URBAN_VILLAGE = "kelurahan", _("Kelurahan")
    VILLAGE = "desa", _("Desa")


class RegionQuerySet(models.QuerySet["Region"]):
    def within(self, code: str) -> RegionQuerySet:
        # Fixed-width segments: the codes starting with "35.75" are "35.75" and "35.75.…".
        return self.filter(code__startswith=code)

    def villages(self) -> RegionQuerySet:
        return self.filter(level__in=[RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE])


class Region(models.Model):
    code = models.CharField(
        _("kode Kemendagri"), max_length=13, unique=True, validators=[code_validator]
    )
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # BPS numbering is different from Kemendagri's (Panggungrejo: BPS 3575031, Kemendagri
    # 35.75.04); it is stored as given and never derived from the Kemendagri code.
    bps_code = models.CharField(_("kode BPS"), max_length=10, blank=True)
    label_lat = models.DecimalField(
        _("lintang titik label"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    label_lng = models.DecimalField(
        _("bujur titik label"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    aliases = models.JSONField(_("ejaan lain"), default=list, blank=True)
    population = models.PositiveIntegerField(_("jumlah penduduk"), null=True, blank=True)
    # GeoJSON geometry (Polygon/MultiPolygon, WGS84) loaded by `manage.py import_boundaries`.
    boundary = models.JSONField(_("batas wilayah (GeoJSON)"), null=True, blank=True)
    boundary_source = models.CharField(_("sumber batas wilayah"), max_length=300, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def level_label(self) -> str:
        return str(self.get_level_display())

    def contains(self, other_code: str) -> bool:
        return other_code == self.code or other_code.startswith(f"{self.code}.")

    def matches_name(self, text: str) -> bool:
        """True when ``text`` is this region's name or a known spelling variant of it."""
        wanted = normalise_name(text)
        return wanted == normalise_name(self.name) or any(
            wanted == normalise_name(alias) for alias in self.aliases
        )


def covering_codes(code: str) -> list[str]:
    """``code`` and every code whose scope contains it: "35.75.01.1002" → ["35", "35.75",
    "35.75.01", "35.75.01.1002"]. Users whose region is one of these have it in scope, so
    "who covers this record" is one indexed ``IN`` instead of loading every user."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def normalise_name(text: str) -> str:
    """Fold case, apostrophes, hyphens and spaces: "Tapa'an" == "tapaan", "Bugul Lor" == "Bugullor"."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


class ServicePostKind(models.TextChoices):
    PPT = "ppt", _("PPT kelurahan")
    CENTRE = "pusat", _("Pusat layanan (P2TP2A / UPTD PPA)")


class ServicePost(TimeStampedModel):
    """A place where a resident can get help: a kelurahan PPT or the city centre."""

    kind = models.CharField(_("jenis"), max_length=10, choices=ServicePostKind.choices)
    name = models.CharField(_("nama"), max_length=150)
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="posts"
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("jam layanan"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["kind", "region__code"]
        verbose_name = _("pos layanan")
        verbose_name_plural = _("pos layanan")
        constraints = [
            models.UniqueConstraint(
                fields=["region"], condition=Q(kind="ppt"), name="one_ppt_per_kelurahan"
            )
        ]

    def __str__(self) -> str:
        return self.name
