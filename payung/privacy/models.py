"""The DPO's registers: personal-data breaches (UU 27/2022 PDP Pasal 46), data subjects'
requests (Pasal 5–13, 30–33, 40–44), the retention schedule with legal holds and the
destruction records of what was anonymised (Pasal 16 ayat 2, 43–45).

Nothing here holds a victim's identity in clear: a request names the case and the person by
id (the DPO never reads case content; the access export is built by ``access_export``),
free text is encrypted, and a breach lists data categories and tables, not people.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.core.fields import EncryptedTextField

# UU 27/2022 PDP Pasal 46 ayat (1): written notice within 3×24 hours.
BREACH_NOTICE_HOURS = 72


class Severity(models.TextChoices):
    LOW = "rendah", _("Rendah")
    MEDIUM = "sedang", _("Sedang")
    HIGH = "tinggi", _("Tinggi")
    CRITICAL = "kritis", _("Kritis")


class BreachStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka — ditangani")
    NOTIFIED = "diberitahukan", _("Sudah diberitahukan")
    CLOSED = "ditutup", _("Ditutup")


class System(models.TextChoices):
    WEB = "aplikasi", _("Aplikasi web Payung")
    DATABASE = "basis_data", _("Server basis data")
    BACKUP = "cadangan", _("Salinan cadangan (backup)")
    MAIL = "surel", _("Surel / kotak keluar pemberitahuan")
    DEVICE = "perangkat", _("Perangkat petugas (laptop, ponsel)")
    PAPER = "kertas", _("Dokumen cetak")
    PARTNER = "mitra", _("Sistem atau dokumen lembaga mitra")


class DataCategory(models.TextChoices):
    IDENTITY = "identitas", _("Identitas (nama, NIK, No. KK)")
    CONTACT = "kontak", _("Kontak (telepon, surel, waktu aman dihubungi)")
    ADDRESS = "alamat", _("Alamat dan lokasi kejadian")
    CHRONOLOGY = "kronologi", _("Kronologi dan catatan kasus (data kejahatan)")
    HEALTH = "kesehatan", _("Data kesehatan (visum, asesmen, laporan layanan)")
    CHILD = "anak", _("Data anak")
    ATTACHMENT = "lampiran", _("Lampiran dan dokumen")
    SHELTER = "rumah_aman", _("Alamat rumah aman dan penghuninya")
    ACCOUNT = "akun", _("Akun staf")


class InvolvedTable(models.TextChoices):
    """Tables a breach may involve; ``selectors.affected_subjects`` knows each one's subjects."""

    PERSON = "cases_person", _("Orang (korban, pelaku, wali) — cases_person")
    REPORT = "cases_report", _("Laporan masuk — cases_report")
    INCIDENT = "cases_incident", _("Kejadian dan kronologi — cases_incident")
    DOCUMENT = "cases_casedocument", _("Dokumen kasus — cases_casedocument")
    NOTE = "cases_casenote", _("Catatan kasus — cases_casenote")
    REFERRAL = "care_referral", _("Rujukan dan data yang dibagikan — care_referral")
    STAY = "care_stay", _("Penghuni rumah aman — care_stay")
    AUDIT = "audit", _("Jejak audit dan log akses")


class Breach(models.Model):
    """A personal-data breach (kegagalan pelindungan data pribadi). The 3×24 h clock of
    Pasal 46 starts when the controller became aware (``aware_at``)."""

    reference = models.CharField(_("nomor insiden"), max_length=30, unique=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    discovered_at = models.DateTimeField(_("ditemukan"))
    discovered_by = EncryptedTextField(
        _("ditemukan oleh"),
        help_text=_("Petugas, lembaga atau pihak luar yang menemukan atau melaporkan."),
    )
    aware_at = models.DateTimeField(
        _("pengendali mengetahui"),
        help_text=_("Saat pengendali data (DP3AKB) mengetahui: batas 3×24 jam dihitung dari sini."),
    )
    systems = models.JSONField(_("sistem yang terlibat"), default=list)
    tables = models.JSONField(_("tabel yang terlibat"), default=list)
    categories = models.JSONField(_("kategori data"), default=list)
    subject_count = models.PositiveIntegerField(_("perkiraan jumlah subjek"), null=True, blank=True)
    severity = models.CharField(_("tingkat keparahan"), max_length=10, choices=Severity.choices)
    description = EncryptedTextField(_("apa yang terjadi dan bagaimana"))
    containment = EncryptedTextField(_("langkah penanganan dan pemulihan"), blank=True)
    # The failed run of the chain check that revealed it, when that was the cause.
    verification_event = models.ForeignKey(
        "audit.AuditEvent",
        verbose_name=_("verifikasi audit yang gagal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_notice = models.BooleanField(
        _("pengumuman publik"),
        default=False,
        help_text=_(
            "Jika subjek terlalu banyak atau tidak dapat dihubungi dengan aman satu per satu."
        ),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=BreachStatus.choices, default=BreachStatus.OPEN
    )
    subjects_notified_at = models.DateTimeField(_("subjek diberi tahu"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(_("lembaga diberi tahu"), null=True, blank=True)
    contact_plan_sent_at = models.DateTimeField(
        _("rencana kontak dikirim ke petugas"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        ordering = ["-aware_at", "-pk"]
        verbose_name = _("insiden pelanggaran data")
        verbose_name_plural = _("insiden pelanggaran data")

    def __str__(self) -> str:
        return self.reference

    @property
    def notice_due_at(self) -> datetime:
        return self.aware_at + timedelta(hours=BREACH_NOTICE_HOURS)

    @property
    def notified(self) -> bool:
        return self.subjects_notified_at is not None and self.authority_notified_at is not None

    def hours_left(self, now: datetime | None = None) -> float:
        return (self.notice_due_at - (now or timezone.now())).total_seconds() / 3600

    def is_overdue(self, now: datetime | None = None) -> bool:
        return not self.notified and self.hours_left(now) < 0


class RequestKind(models.TextChoices):
    ACCESS = "akses", _("Akses dan salinan data (Pasal 7, 32)")
    CORRECTION = "perbaikan", _("Perbaikan data (Pasal 6, 30)")
    DELETION = "penghapusan", _("Penghapusan / pemusnahan (Pasal 8, 43–44)")
    RESTRICTION = "pembatasan", _("Penundaan atau pembatasan pemrosesan (Pasal 11, 41)")
    OBJECTION = "keberatan", _("Keberatan atas keputusan otomatis (Pasal 10)")
    WITHDRAWAL = "penarikan", _("Penarikan persetujuan (Pasal 9, 40)")


class RequestStatus(models.TextChoices):
    RECEIVED = "diterima", _("Diterima")
    GRANTED = "dipenuhi", _("Dipenuhi")
    PARTLY = "sebagian", _("Dipenuhi sebagian")
    REFUSED = "ditolak", _("Ditolak dengan pengecualian")


class Exemption(models.TextChoices):
    """Grounds on which a right may be refused or limited, as cited in the decision."""

    LAW_ENFORCEMENT = "p15_1b", _("Pasal 15 ayat (1) huruf b — proses penegakan hukum")
    PUBLIC_INTEREST = (
        "p15_1c",
        _("Pasal 15 ayat (1) huruf c — kepentingan umum dalam penyelenggaraan negara"),
    )
    STATISTICS = "p15_1e", _("Pasal 15 ayat (1) huruf e — statistik dan penelitian ilmiah")
    SAFETY = (
        "p33_a",
        _(
            "Pasal 33 huruf a — membahayakan keamanan, kesehatan fisik atau mental subjek/orang lain"
        ),
    )
    OTHERS_DATA = "p33_b", _("Pasal 33 huruf b — mengungkap data pribadi milik orang lain")
    LEGAL_OBLIGATION = (
        "p16_tpks",
        _("Kewajiban hukum menyimpan (UU 12/2022 TPKS, Perpres 55/2024) — perkara berjalan"),
    )


class Requester(models.TextChoices):
    SUBJECT = "subjek", _("Subjek data sendiri")
    GUARDIAN = "wali", _("Orang tua / wali (subjek anak)")
    REPRESENTATIVE = "kuasa", _("Kuasa hukum / pendamping dengan surat kuasa")


# Legal time limits per kind: (hours, citation). The 3×24 hours are the law's; where the law
# names no period the city's own rule applies, and the citation says so.
REQUEST_DEADLINES: dict[str, tuple[int, str]] = {
    RequestKind.ACCESS: (72, "UU 27/2022 Pasal 32 ayat (2): 3×24 jam"),
    RequestKind.CORRECTION: (72, "UU 27/2022 Pasal 30 ayat (2): 3×24 jam"),
    RequestKind.WITHDRAWAL: (72, "UU 27/2022 Pasal 40 ayat (2): 3×24 jam"),
    RequestKind.RESTRICTION: (72, "UU 27/2022 Pasal 41 ayat (3): 3×24 jam"),
    RequestKind.DELETION: (
        14 * 24,
        "UU 27/2022 Pasal 43–44 (tanpa batas waktu dalam UU): kebijakan DP3AKB 14 hari",
    ),
    RequestKind.OBJECTION: (
        14 * 24,
        "UU 27/2022 Pasal 10 (tanpa batas waktu dalam UU): kebijakan DP3AKB 14 hari",
    ),
}


class DataSubjectRequest(models.Model):
    """A request from a data subject (or a child's guardian) to exercise a right."""

    reference = models.CharField(_("nomor permintaan"), max_length=30, unique=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    kind = models.CharField(_("jenis permintaan"), max_length=15, choices=RequestKind.choices)
    requester = models.CharField(_("pemohon"), max_length=10, choices=Requester.choices)
    received_at = models.DateTimeField(_("diterima"))
    # The person and case by id only; the DPO matched them with the case worker.
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("kasus"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "cases.CaseParty",
        verbose_name=_("subjek data (pihak dalam kasus)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent = models.ForeignKey(
        "cases.Consent",
        verbose_name=_("persetujuan yang ditarik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    identity_document = models.CharField(_("dokumen identitas yang diperiksa"), max_length=100)
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("identitas diperiksa langsung oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    identity_verified_at = models.DateTimeField(_("identitas diperiksa"))
    details = EncryptedTextField(_("isi permintaan"), blank=True)
    due_at = models.DateTimeField(_("batas waktu"))
    deadline_basis = models.CharField(_("dasar batas waktu"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    exemption = models.CharField(
        _("pengecualian yang dikutip"), max_length=10, choices=Exemption.choices, blank=True
    )
    decision_note = EncryptedTextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ditolak") | ~models.Q(exemption=""),
                name="privacy_request_refusal_cites_exemption",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.RECEIVED

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())


class RecordType(models.TextChoices):
    NOT_A_CASE = "laporan_bukan_kasus", _("Laporan yang dinilai bukan kasus")
    CLOSED_CASE = "kasus_ditutup", _("Kasus yang ditutup")
    REFERRAL_SNAPSHOT = "cuplikan_rujukan", _("Data rujukan yang dibagikan, setelah selesai")
    ATTACHMENT = "lampiran", _("Lampiran dan dokumen")
    REPORT_IP = "ip_laporan", _("Hash alamat IP pelapor (pembatas laju)")
    ACCESS_LOG = "rincian_log_akses", _("Rincian log akses dan jejak audit")


class RetentionRule(models.Model):
    """How long one type of record is kept after its trigger, and what then happens.
    Seeded by a data migration; the DPO edits the months and the basis (audited)."""

    record_type = models.CharField(
        _("jenis data"), max_length=30, choices=RecordType.choices, unique=True
    )
    months = models.PositiveIntegerField(_("masa simpan (bulan)"))
    trigger = models.CharField(_("dihitung sejak"), max_length=200)
    action = models.CharField(_("tindakan"), max_length=200)
    basis = models.TextField(_("dasar"), blank=True)
    automated = models.BooleanField(
        _("dijalankan perintah terjadwal"),
        default=False,
        help_text=_("Tidak dicentang: dijalankan oleh mekanisme lain, lihat tindakan."),
    )

    class Meta:
        ordering = ["record_type"]
        verbose_name = _("aturan retensi")
        verbose_name_plural = _("aturan retensi")

    def __str__(self) -> str:
        return f"{self.record_type}: {self.months} bulan"


class LegalHold(models.Model):
    """A case that must not be anonymised while a court or police process runs."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("kasus"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("alasan (nomor perkara)"), max_length=200)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("penahanan data (perkara)")
        verbose_name_plural = _("penahanan data (perkara)")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(released_at__isnull=True),
                name="privacy_one_active_hold_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"hold:{self.case_id}"


class DestructionRecord(models.Model):
    """What one run of the retention command anonymised (berita acara pemusnahan): counts
    and case numbers, never identities. The DPO signs it off."""

    run_at = models.DateTimeField()
    run_by = models.CharField(_("dijalankan oleh"), max_length=150)
    case_numbers = models.JSONField(_("nomor kasus"), default=list)
    report_ids = models.JSONField(_("id laporan"), default=list)
    counts = models.JSONField(_("jumlah baris"), default=dict)
    statistics_before = models.JSONField(default=dict)
    statistics_after = models.JSONField(default=dict)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("disahkan"), null=True, blank=True)

    class Meta:
        ordering = ["-run_at"]
        verbose_name = _("berita acara pemusnahan")
        verbose_name_plural = _("berita acara pemusnahan")

    def __str__(self) -> str:
        return f"pemusnahan:{self.pk}"

    @property
    def statistics_unchanged(self) -> bool:
        return self.statistics_before == self.statistics_after
