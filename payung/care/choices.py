"""Choice lists of the care app: reasons a shelter stay ends, referrals, delivered services,
accompaniment, home visits, reintegration and tasks. The service codes, SIMFONI-PPA
categories and kinds of organisation are the partner registry's (``payung.partners.choices``).

The values are stable identifiers (stored in the database, used in the API and in exports);
the labels are what people read, in Bahasa Indonesia.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DischargeReason(models.TextChoices):
    PLAN_COMPLETED = "rencana_selesai", _("Rencana layanan selesai")
    RETURNED_HOME = "pulang", _("Kembali ke keluarga / rumah")
    REFERRED = "dirujuk", _("Dirujuk ke lembaga lain")
    TRANSFERRED = "pindah", _("Pindah ke rumah aman lain")
    OWN_WISH = "kehendak_sendiri", _("Keluar atas kehendak sendiri")
    OTHER = "lainnya", _("Lainnya")


# --- referrals ---------------------------------------------------------------------------


class Urgency(models.TextChoices):
    URGENT = "segera", _("Segera")
    NORMAL = "biasa", _("Biasa")


class ReferralStatus(models.TextChoices):
    """Where a referral stands; moves are in ``referrals.TRANSITIONS``."""

    SENT = "dikirim", _("Dikirim, menunggu jawaban")
    ACCEPTED = "diterima", _("Diterima penyedia")
    DECLINED = "ditolak", _("Ditolak penyedia")
    SCHEDULED = "dijadwalkan", _("Dijadwalkan")
    COMPLETED = "selesai", _("Selesai")
    CANCELLED = "dibatalkan", _("Dibatalkan")


OPEN_REFERRAL_STATUSES = frozenset(
    {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.SCHEDULED}
)


class SharedField(models.TextChoices):
    """What a referral may share beyond the minimal data set, each by explicit choice.

    The minimal set is always sent: case number, service, urgency, the victim's alias, age
    group and sex, and the note for the provider.
    """

    FULL_NAME = "nama", _("Nama lengkap")
    PHONE = "telepon", _("Nomor telepon")
    ADDRESS = "alamat", _("Alamat")
    NIK = "nik", _("NIK")
    CHRONOLOGY = "kronologi", _("Ringkasan kronologi")
    ASSESSMENT = "asesmen", _("Ringkasan asesmen")


class ServiceOutcome(models.TextChoices):
    DELIVERED = "terlaksana", _("Terlaksana")
    CONTINUING = "berlanjut", _("Terlaksana, perlu layanan lanjutan")
    PARTIAL = "sebagian", _("Terlaksana sebagian")
    NO_SHOW = "tidak_hadir", _("Korban tidak hadir")
    REFERRED_ON = "dirujuk_lanjut", _("Dirujuk ke lembaga lain")
    NOT_DELIVERED = "tidak_terlaksana", _("Tidak dapat dilaksanakan")


# Outcomes that count as the service having been given (closure checklist, plan items).
DELIVERED_OUTCOMES = frozenset(
    {ServiceOutcome.DELIVERED, ServiceOutcome.CONTINUING, ServiceOutcome.PARTIAL}
)


class InternalUnit(models.TextChoices):
    """Who delivered a service when it was not a partner organisation."""

    CENTRE = "uptd_ppa", _("UPTD PPA / P2TP2A Kota Pasuruan")
    PPT = "ppt", _("PPT kelurahan")


class AccompanimentDestination(models.TextChoices):
    POLICE = "kepolisian", _("Kepolisian (Unit PPA)")
    PROSECUTOR = "kejaksaan", _("Kejaksaan")
    COURT = "pengadilan", _("Pengadilan")
    HOSPITAL = "rumah_sakit", _("Rumah sakit / puskesmas")
    OTHER = "lainnya", _("Lainnya")


class HomeVisitStatus(models.TextChoices):
    PLANNED = "dijadwalkan", _("Dijadwalkan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Dibatalkan")


class ReturnDestination(models.TextChoices):
    IN_CITY = "dalam_kota", _("Dalam Kota Pasuruan (kelurahan)")
    OUTSIDE = "luar_kota", _("Luar Kota Pasuruan")


class TaskStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Dibatalkan")
