"""Categories of docs/domain.md#categories (aligned with SIMFONI-PPA) and the intake vocabulary.

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


class LawfulBasis(models.TextChoices):
    """Why the UPTD PPA may process a report's and a case's personal data (UU 27/2022 PDP
    Pasal 20). A report of violence is handled because the law requires it; consent is the
    basis only when a supervisor or case worker records it so (issue #14)."""

    LEGAL_OBLIGATION = (
        "kewajiban_hukum",
        _("Kewajiban hukum (UU 12/2022 TPKS Pasal 41; Perpres 55/2024)"),
    )
    VITAL_INTEREST = "kepentingan_vital", _("Kepentingan vital (melindungi nyawa atau keselamatan)")
    PUBLIC_TASK = "tugas_publik", _("Tugas pelayanan publik UPTD PPA")
    CONSENT = "persetujuan", _("Persetujuan korban (atau wali bagi anak)")


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
    """How the report reached us (docs/domain.md#flow, step 1)."""

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
    """Where the report stands in identification (docs/domain.md#flow, step 2)."""

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
    INFO_ADDED = "info_pelapor", _("Pelapor menambahkan informasi")


class CaseStatus(models.TextChoices):
    """The case lifecycle (docs/domain.md#flow); moves are in ``workflow.TRANSITIONS``."""

    NEW = "baru", _("Baru")
    ASSESSMENT = "asesmen", _("Asesmen")
    PLAN = "rencana", _("Rencana intervensi")
    SERVICES = "layanan", _("Layanan")
    MONITORING = "pemantauan", _("Pemantauan dan evaluasi")
    CLOSED = "ditutup", _("Ditutup (terminasi)")


OPEN_CASE_STATUSES = frozenset(s for s in CaseStatus if s != CaseStatus.CLOSED)


class ClosureReason(models.TextChoices):
    """Why a case is closed (terminasi): a list, approved by the supervisor."""

    GOALS_MET = "tujuan_tercapai", _("Tujuan rencana intervensi tercapai")
    REFERRED_OUT = "dirujuk_keluar", _("Dirujuk / dialihkan ke lembaga lain")
    VICTIM_DECLINED = "korban_menolak", _("Korban / wali tidak melanjutkan layanan")
    MOVED_AWAY = "pindah", _("Korban pindah ke luar wilayah")
    UNREACHABLE = "tidak_dapat_dihubungi", _("Korban tidak dapat dihubungi")
    DECEASED = "meninggal", _("Korban meninggal dunia")
    OTHER = "lainnya", _("Lainnya (dijelaskan)")


class ClosureRequestState(models.TextChoices):
    PENDING = "menunggu", _("Menunggu persetujuan")
    APPROVED = "disetujui", _("Disetujui")
    REJECTED = "ditolak", _("Ditolak")
    CANCELLED = "dibatalkan", _("Dibatalkan")


class CaseUnit(models.TextChoices):
    """Who holds the case: a kelurahan's PPT or the city centre (P2TP2A / UPTD PPA)."""

    PPT = "ppt", _("PPT kelurahan")
    CENTRE = "pusat", _("Pusat (UPTD PPA)")


class PartyRole(models.TextChoices):
    VICTIM = "korban", _("Korban")
    PERPETRATOR = "pelaku", _("Pelaku")
    REPORTER = "pelapor", _("Pelapor")
    WITNESS = "saksi", _("Saksi")
    GUARDIAN = "wali", _("Wali / orang tua")


class PerpetratorKind(models.TextChoices):
    INDIVIDUAL = "perorangan", _("Perorangan")
    GROUP = "kelompok", _("Kelompok")
    CORPORATION = "korporasi", _("Korporasi")


class Relationship(models.TextChoices):
    """Perpetrator–victim relationship (SIMFONI-PPA)."""

    PARENT = "orang_tua", _("Orang tua")
    FAMILY = "keluarga", _("Keluarga / saudara")
    SPOUSE = "suami_istri", _("Suami / istri")
    PARTNER_FRIEND = "pacar_teman", _("Pacar / teman")
    TEACHER = "guru", _("Guru")
    EMPLOYER = "majikan", _("Majikan")
    COWORKER = "rekan_kerja", _("Rekan kerja")
    NEIGHBOUR = "tetangga", _("Tetangga")
    OTHER = "lainnya", _("Lainnya")
    UNKNOWN = "tidak_diketahui", _("Tidak diketahui")


class Education(models.TextChoices):
    PAUD = "paud", _("PAUD")
    TK = "tk", _("TK")
    SD = "sd", _("SD / sederajat")
    SMP = "smp", _("SMP / sederajat")
    SMA = "sma", _("SMA / sederajat")
    HIGHER = "perguruan_tinggi", _("Perguruan tinggi")
    NONE = "tidak_sekolah", _("Tidak sekolah")
    OTHER = "lainnya", _("Lainnya")


class MaritalStatus(models.TextChoices):
    SINGLE = "belum_menikah", _("Belum menikah")
    MARRIED = "menikah", _("Menikah")
    DIVORCED = "cerai_hidup", _("Cerai hidup")
    WIDOWED = "cerai_mati", _("Cerai mati")
    SIRI = "nikah_siri", _("Nikah siri")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    PROTESTANT = "kristen", _("Kristen")
    CATHOLIC = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHIST = "buddha", _("Buddha")
    CONFUCIAN = "konghucu", _("Khonghucu")
    BELIEF = "kepercayaan", _("Kepercayaan terhadap Tuhan YME")
    UNKNOWN = "tidak_diketahui", _("Tidak diketahui")


class Occupation(models.TextChoices):
    NONE = "tidak_bekerja", _("Tidak bekerja")
    STUDENT = "pelajar", _("Pelajar / mahasiswa")
    HOMEMAKER = "ibu_rumah_tangga", _("Mengurus rumah tangga")
    LABOURER = "buruh", _("Buruh / pekerja harian")
    FARMER_FISHER = "petani_nelayan", _("Petani / nelayan")
    TRADER = "wiraswasta", _("Pedagang / wiraswasta")
    EMPLOYEE = "karyawan", _("Karyawan swasta")
    CIVIL_SERVANT = "asn_tni_polri", _("ASN / TNI / Polri")
    MIGRANT = "pekerja_migran", _("Pekerja migran")
    OTHER = "lainnya", _("Lainnya")
    UNKNOWN = "tidak_diketahui", _("Tidak diketahui")


class DisabilityKind(models.TextChoices):
    PHYSICAL = "fisik", _("Disabilitas fisik")
    INTELLECTUAL = "intelektual", _("Disabilitas intelektual")
    MENTAL = "mental", _("Disabilitas mental")
    SENSORY = "sensorik", _("Disabilitas sensorik (netra, rungu, wicara)")


class TraffickingSubtype(models.TextChoices):
    SEXUAL = "eksploitasi_seksual", _("Eksploitasi seksual")
    FORCED_LABOUR = "kerja_paksa", _("Perbudakan / kerja paksa")
    ORGAN = "organ", _("Perdagangan organ")
    DRUGS = "narkoba", _("Kurir narkoba")


class GbvCoreType(models.TextChoices):
    """GBVIMS core incident types (one per incident), for international reporting."""

    RAPE = "rape", _("Perkosaan")
    SEXUAL_ASSAULT = "sexual_assault", _("Kekerasan seksual lain")
    PHYSICAL_ASSAULT = "physical_assault", _("Kekerasan fisik")
    FORCED_MARRIAGE = "forced_marriage", _("Perkawinan paksa")
    DENIAL_OF_RESOURCES = "denial_of_resources", _("Penelantaran / penahanan sumber daya")
    PSYCHOLOGICAL = "psychological", _("Kekerasan psikis / emosional")


class NeedLevel(models.TextChoices):
    NONE = "tidak_ada", _("Tidak ada kebutuhan")
    LOW = "ringan", _("Ringan")
    MEDIUM = "sedang", _("Sedang")
    HIGH = "berat", _("Berat / mendesak")


class AssessmentDomain(models.TextChoices):
    PHYSICAL = "fisik", _("Fisik / kesehatan")
    PSYCHOLOGICAL = "psikologis", _("Psikologis")
    SOCIAL = "sosial", _("Sosial / keluarga")
    ECONOMIC = "ekonomi", _("Ekonomi")
    EDUCATION = "pendidikan", _("Pendidikan")


class PlanItemStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    IN_PROGRESS = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Dibatalkan")


class ConsentPurpose(models.TextChoices):
    PROCESSING = "pemrosesan", _("Pencatatan dan pemrosesan data untuk penanganan")
    SHARING = "berbagi", _("Berbagi data dengan penyedia layanan tertentu")


class ConsentMethod(models.TextChoices):
    WRITTEN = "tertulis", _("Tertulis (formulir ditandatangani)")
    ORAL = "lisan", _("Lisan, disaksikan petugas")


class DocumentKind(models.TextChoices):
    VISUM = "visum", _("Hasil visum")
    POLICE_REPORT = "laporan_polisi", _("Laporan polisi (LP / STPL)")
    KTP = "ktp", _("Salinan KTP")
    KK = "kk", _("Salinan Kartu Keluarga")
    PHOTO = "foto", _("Foto")
    LETTER = "surat", _("Surat / rujukan")
    OTHER = "lainnya", _("Lainnya")


class DeadlineTrigger(models.TextChoices):
    """When a deadline rule applies to a case, and what its clock starts from."""

    RISK_HIGH = "risiko_tinggi", _("Kasus berisiko tinggi (sejak laporan diterima)")
    RISK_MEDIUM = "risiko_sedang", _("Kasus berisiko sedang (sejak laporan diterima)")
    RISK_LOW = "risiko_rendah", _("Kasus berisiko rendah (sejak laporan diterima)")
    CASE_OPENED = "kasus_dibuka", _("Setiap kasus (sejak kasus dibuka)")
    TPKS = "tpks", _("Tindak pidana kekerasan seksual (sejak korban melapor)")
    KDRT = "kdrt", _("Kekerasan dalam rumah tangga (sejak korban melapor)")
    MONITORING = "pemantauan", _("Sejak kasus masuk tahap pemantauan")


class DeadlineAnchor(models.TextChoices):
    """Which recorded date of an earlier step starts a rule's clock (``DeadlineRule.anchor_rule``)."""

    REQUESTED = "requested_on", _("tanggal diminta")
    GRANTED = "granted_on", _("tanggal diberikan")


class DeadlineState(models.TextChoices):
    OPEN = "terbuka", _("Belum dipenuhi")
    # Applies, but its clock starts at an earlier step that is not recorded yet.
    WAITING = "menunggu", _("Menunggu langkah sebelumnya")
    MET = "terpenuhi", _("Terpenuhi")
    NOT_APPLICABLE = "tidak_berlaku", _("Tidak berlaku lagi")
