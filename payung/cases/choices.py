"""Categories of DOMAIN.md §5 (aligned with SIMFONI-PPA) and the intake vocabulary.

Values are stable English-ish codes (they go into the database and the API); labels are
Bahasa Indonesia for the UI.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolenceForm(models.TextChoices):
    PHYSICAL = "fisik", _("Kekerasan fisik")
    PSYCHOLOGICAL = "psikis", _("Kekerasan psikis")
    # Named by the city as its own form; mapped to psikis in the SIMFONI export.
    MENTAL = "mental", _("Kekerasan mental")
    SEXUAL = "seksual", _("Kekerasan seksual")
    EXPLOITATION = "eksploitasi", _("Eksploitasi")
    TRAFFICKING = "tppo", _("Perdagangan orang (TPPO)")
    NEGLECT = "penelantaran", _("Penelantaran")
    OTHER = "lainnya", _("Lainnya")


# SIMFONI-PPA has no "mental": it is reported as psikis.
SIMFONI_VIOLENCE_FORM = {ViolenceForm.MENTAL: ViolenceForm.PSYCHOLOGICAL}


class PlaceCategory(models.TextChoices):
    HOUSEHOLD = "rumah_tangga", _("Rumah tangga")
    WORKPLACE = "tempat_kerja", _("Tempat kerja")
    SCHOOL = "sekolah", _("Sekolah")
    PUBLIC_FACILITY = "fasilitas_umum", _("Fasilitas umum")
    SHORT_COURSE = "lembaga_pendidikan_kilat", _("Lembaga pendidikan kilat")
    # Our own addition; SIMFONI has no "online", it is exported as lainnya.
    ONLINE = "daring", _("Daring / online (media sosial, aplikasi pesan)")
    OTHER = "lainnya", _("Lainnya")
    UNKNOWN = "tidak_tahu", _("Tidak tahu")


class AgeGroup(models.TextChoices):
    AGE_0_5 = "0-5", _("0–5 tahun")
    AGE_6_12 = "6-12", _("6–12 tahun")
    AGE_13_17 = "13-17", _("13–17 tahun")
    AGE_18_24 = "18-24", _("18–24 tahun")
    AGE_25_44 = "25-44", _("25–44 tahun")
    AGE_45_59 = "45-59", _("45–59 tahun")
    AGE_60_PLUS = "60+", _("60 tahun ke atas")


CHILD_AGE_GROUPS = frozenset({AgeGroup.AGE_0_5, AgeGroup.AGE_6_12, AgeGroup.AGE_13_17})


def age_group_for(age: int) -> str:
    bounds = [(5, "0-5"), (12, "6-12"), (17, "13-17"), (24, "18-24"), (44, "25-44"), (59, "45-59")]
    for upper, group in bounds:
        if age <= upper:
            return group
    return AgeGroup.AGE_60_PLUS


class Sex(models.TextChoices):
    FEMALE = "p", _("Perempuan")
    MALE = "l", _("Laki-laki")
    UNKNOWN = "tidak_tahu", _("Tidak tahu")


class YesNoUnknown(models.TextChoices):
    YES = "ya", _("Ya")
    NO = "tidak", _("Tidak")
    UNKNOWN = "tidak_tahu", _("Tidak tahu")


class ReporterRelation(models.TextChoices):
    VICTIM = "korban", _("Saya sendiri yang mengalami")
    FAMILY = "keluarga", _("Keluarga korban")
    NEIGHBOUR = "tetangga", _("Tetangga")
    COMMUNITY_LEADER = "tokoh_masyarakat", _("Tokoh masyarakat / tokoh agama")
    SCHOOL = "guru_sekolah", _("Guru / pihak sekolah")
    OTHER = "lainnya", _("Lainnya")


class Channel(models.TextChoices):
    """How the report reached us (DOMAIN.md §4 step 1)."""

    WEB = "web", _("Formulir web publik")
    WALK_IN = "datang_langsung", _("Datang langsung")
    PHONE = "telepon", _("Telepon / WhatsApp")
    LETTER = "surat", _("Surat / e-mail")
    OUTREACH = "penjangkauan", _("Penjangkauan")
    REFERRAL_POLICE = "rujukan_polisi", _("Rujukan kepolisian")
    REFERRAL_HOSPITAL = "rujukan_rs", _("Rujukan rumah sakit / puskesmas")
    REFERRAL_SCHOOL = "rujukan_sekolah", _("Rujukan sekolah")
    REFERRAL_SAPA = "rujukan_sapa129", _("Rujukan SAPA 129")


STAFF_CHANNELS = [c for c in Channel if c != Channel.WEB]
REFERRAL_CHANNELS = frozenset(
    {
        Channel.REFERRAL_POLICE,
        Channel.REFERRAL_HOSPITAL,
        Channel.REFERRAL_SCHOOL,
        Channel.REFERRAL_SAPA,
    }
)


class ContactChannel(models.TextChoices):
    PHONE = "telepon", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    NONE = "jangan", _("Jangan hubungi saya")


PHONE_CONTACT_CHANNELS = frozenset(
    {ContactChannel.PHONE, ContactChannel.WHATSAPP, ContactChannel.SMS}
)


class RiskLevel(models.TextChoices):
    HIGH = "tinggi", _("Tinggi")
    MEDIUM = "sedang", _("Sedang")
    LOW = "rendah", _("Rendah")


class ReportStatus(models.TextChoices):
    """Where the report stands in identification (DOMAIN.md §4 step 2)."""

    NEW = "baru", _("Baru, menunggu triase")
    IN_CASE = "kasus", _("Menjadi / bagian dari kasus")
    REFERRED_OUT = "dirujuk_keluar", _("Dirujuk ke luar kota")
    NOT_A_CASE = "bukan_kasus", _("Ditutup: bukan kasus")


class PublicStatus(models.TextChoices):
    """The only thing a reporter sees: coarse on purpose."""

    RECEIVED = "diterima", _("Diterima")
    IN_PROGRESS = "ditangani", _("Sedang ditangani")
    DONE = "selesai", _("Selesai")


class NotCaseReason(models.TextChoices):
    NOT_VIOLENCE = "bukan_kekerasan", _("Bukan kekerasan terhadap perempuan atau anak")
    DUPLICATE = "duplikat", _("Duplikat laporan yang sudah ditangani")
    INSUFFICIENT = "informasi_kurang", _("Informasi tidak cukup dan pelapor tidak dapat dihubungi")
    PRANK = "laporan_palsu", _("Laporan iseng / palsu")
    WITHDRAWN = "dicabut", _("Dicabut oleh pelapor / korban")
    OTHER_SERVICE = "layanan_lain", _("Lebih tepat ditangani layanan lain (informasi diberikan)")


class ReportEventKind(models.TextChoices):
    RECEIVED = "diterima", _("Laporan diterima")
    RISK_SET = "risiko", _("Tingkat risiko ditetapkan")
    CASE_OPENED = "kasus_dibuka", _("Kasus baru dibuka")
    CASE_ATTACHED = "digabung", _("Digabungkan ke kasus")
    REFERRED_OUT = "dirujuk_keluar", _("Dirujuk ke luar kota")
    CLOSED_NOT_CASE = "bukan_kasus", _("Ditutup: bukan kasus")
    MESSAGE_SET = "pesan", _("Pesan untuk pelapor diperbarui")
    PIN_LOCKED = "pin_terkunci", _("Kode terkunci karena PIN salah berulang")
    PIN_UNLOCKED = "pin_dibuka", _("Kunci kode dibuka")


class CaseStatus(models.TextChoices):
    # The casework issue adds the rest of the lifecycle (asesmen, intervensi, terminasi, …).
    NEW = "baru", _("Baru")
