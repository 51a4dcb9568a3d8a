"""Choice lists of the care app: the ten city services, SIMFONI-PPA service categories,
kinds of partner organisation and reasons a shelter stay ends.

The values are stable identifiers (stored in the database, used in the API and in exports);
the labels are what people read, in Bahasa Indonesia.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCode(models.TextChoices):
    """The ten services of P2TP2A / UPTD PPA Kota Pasuruan (docs/domain.md#the-service)."""

    COMPLAINT = "pengaduan", _("Penanganan pengaduan")
    MEDICAL = "medis", _("Layanan medis")
    MEDICOLEGAL = "medikolegal", _("Layanan medikolegal")
    PSYCHOSOCIAL = "psikososial", _("Layanan psikososial")
    LEGAL_AID = "hukum", _("Bantuan hukum")
    RELIGIOUS = "rohani", _("Layanan tokoh agama")
    REINTEGRATION = "reintegrasi", _("Pemulangan / reintegrasi")
    HOME_VISIT = "kunjungan_rumah", _("Kunjungan rumah")
    SHELTER = "rumah_aman", _("Rumah aman (tempat aman)")
    VISUM = "visum", _("Visum gratis")


class SimfoniCategory(models.TextChoices):
    """Service categories of the national SIMFONI-PPA register (docs/domain.md#categories)."""

    COMPLAINT = "pengaduan", _("Pengaduan")
    HEALTH = "kesehatan", _("Kesehatan")
    LEGAL_AID = "bantuan_hukum", _("Bantuan hukum")
    LAW_ENFORCEMENT = "penegakan_hukum", _("Penegakan hukum")
    SOCIAL_REHABILITATION = "rehabilitasi_sosial", _("Rehabilitasi sosial")
    SOCIAL_REINTEGRATION = "reintegrasi_sosial", _("Reintegrasi sosial")
    RETURN_HOME = "pemulangan", _("Pemulangan")
    RELIGIOUS = "pendampingan_tokoh_agama", _("Pendampingan tokoh agama")


# The one SIMFONI-PPA mapping of the city's services: code → (default category, other
# categories a single delivery may be recorded under). docs/care.md explains each choice.
# ``care/migrations/0002_seed_service_catalogue.py`` seeds the ``Service`` rows from the same
# table written as literals (a migration never imports application code; a test checks the
# two agree). At run time the ``Service`` rows are the truth: the system admin may change a
# judgement call, audited (``care.selectors.simfoni_category_for``).
SIMFONI_DEFAULTS: dict[str, tuple[str, tuple[str, ...]]] = {
    ServiceCode.COMPLAINT: (SimfoniCategory.COMPLAINT, ()),
    ServiceCode.MEDICAL: (SimfoniCategory.HEALTH, ()),
    ServiceCode.MEDICOLEGAL: (SimfoniCategory.HEALTH, ()),
    ServiceCode.PSYCHOSOCIAL: (SimfoniCategory.SOCIAL_REHABILITATION, ()),
    ServiceCode.LEGAL_AID: (SimfoniCategory.LEGAL_AID, (SimfoniCategory.LAW_ENFORCEMENT,)),
    ServiceCode.RELIGIOUS: (SimfoniCategory.RELIGIOUS, ()),
    ServiceCode.REINTEGRATION: (
        SimfoniCategory.SOCIAL_REINTEGRATION,
        (SimfoniCategory.RETURN_HOME,),
    ),
    ServiceCode.HOME_VISIT: (SimfoniCategory.SOCIAL_REHABILITATION, (SimfoniCategory.COMPLAINT,)),
    ServiceCode.SHELTER: (SimfoniCategory.SOCIAL_REHABILITATION, ()),
    ServiceCode.VISUM: (SimfoniCategory.HEALTH, ()),
}

# Codes used before casework and care shared one list (cases stored its own spelling).
LEGACY_SERVICE_CODES = {
    "bantuan_hukum": ServiceCode.LEGAL_AID,
    "tokoh_agama": ServiceCode.RELIGIOUS,
}


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
