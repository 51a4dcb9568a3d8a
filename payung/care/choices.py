"""Choice lists of the care app: the ten city services, SIMFONI-PPA service categories,
kinds of partner organisation and reasons a shelter stay ends.

The values are stable identifiers (stored in the database, used in the API and in exports);
the labels are what people read, in Bahasa Indonesia.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCode(models.TextChoices):
    """The ten services of P2TP2A / UPTD PPA Kota Pasuruan (DOMAIN.md §1), in the seed's order."""

    COMPLAINT = "pengaduan", _("Penanganan pengaduan")
    MEDICAL = "medis", _("Layanan medis")
    MEDICOLEGAL = "medikolegal", _("Layanan medikolegal")
    PSYCHOSOCIAL = "psikososial", _("Layanan psikososial")
    LEGAL_AID = "hukum", _("Bantuan hukum")
    RELIGIOUS = "rohani", _("Layanan tokoh agama")
    REINTEGRATION = "reintegrasi", _("Pemulangan / reintegrasi")
    HOME_VISIT = "kunjungan_rumah", _("Kunjungan rumah (home visit)")
    SHELTER = "rumah_aman", _("Rumah aman (tempat aman)")
    VISUM = "visum", _("Visum gratis")


class SimfoniCategory(models.TextChoices):
    """Service categories of the national SIMFONI-PPA register (DOMAIN.md §5)."""

    COMPLAINT = "pengaduan", _("Pengaduan")
    HEALTH = "kesehatan", _("Kesehatan")
    LEGAL_AID = "bantuan_hukum", _("Bantuan hukum")
    LAW_ENFORCEMENT = "penegakan_hukum", _("Penegakan hukum")
    SOCIAL_REHABILITATION = "rehabilitasi_sosial", _("Rehabilitasi sosial")
    SOCIAL_REINTEGRATION = "reintegrasi_sosial", _("Reintegrasi sosial")
    RETURN_HOME = "pemulangan", _("Pemulangan")
    RELIGIOUS = "pendampingan_tokoh_agama", _("Pendampingan tokoh agama")


class OrganisationKind(models.TextChoices):
    PUSKESMAS = "puskesmas", _("Puskesmas")
    HOSPITAL = "rsud", _("Rumah sakit (RSUD)")
    POLICE_PPA = "unit_ppa", _("Unit PPA kepolisian")
    LEGAL_AID = "lbh", _("Lembaga bantuan hukum (LBH)")
    PSYCHOLOGIST = "psikolog", _("Psikolog")
    RELIGIOUS = "kua", _("KUA / Kemenag (konselor agama)")
    SHELTER = "rumah_aman", _("Rumah aman")
    SCHOOL = "sekolah", _("Sekolah")
    SOCIAL_AFFAIRS = "dinsos", _("Dinas Sosial")
    OTHER = "lainnya", _("Lainnya")


class DischargeReason(models.TextChoices):
    PLAN_COMPLETED = "rencana_selesai", _("Rencana layanan selesai")
    RETURNED_HOME = "pulang", _("Kembali ke keluarga / rumah")
    REFERRED = "dirujuk", _("Dirujuk ke lembaga lain")
    TRANSFERRED = "pindah", _("Pindah ke rumah aman lain")
    OWN_WISH = "kehendak_sendiri", _("Keluar atas kehendak sendiri")
    OTHER = "lainnya", _("Lainnya")
