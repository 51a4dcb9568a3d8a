"""What each role's start page says and links to.

Cards name URL patterns, and only patterns that exist: a card for a module that has not
landed yet (outreach, Perkasa, statistics) is added with that module.
A missing pattern is an error, not a card silently left out (the DPO once lost its access-log
card to a misspelt name); tests/accounts/test_home.py reverses every card of every role.
A card also names the capability its page needs, so a role can never be shown a door to
something it may not open (the analyst home never links to case records).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from payung.accounts.models import User
from payung.accounts.roles import Cap, Role


@dataclass(frozen=True)
class Card:
    url_name: str
    title: Any
    text: Any
    capability: str | None = None  # None: any signed-in user


@dataclass(frozen=True)
class RoleHome:
    heading: Any
    duties: Any
    cards: tuple[Card, ...]


_SECURITY = Card(
    "accounts:security",
    _("Keamanan akun"),
    _("Verifikasi dua langkah, kata sandi, dan token API Anda."),
)
_STATS = Card(
    "insights:dashboard",
    _("Statistik"),
    _("Indikator, grafik, peta, ekspor SIMFONI-PPA dan laporan bulanan — angka tanpa nama."),
    Cap.STATS,
)
_DIRECTORY = Card(
    "care:directory",
    _("Mitra layanan"),
    _("Lembaga rujukan dan layanan yang mereka berikan."),
    Cap.REFERRAL_MAKE,
)
_SHELTERS = Card(
    "care:shelter_list",
    _("Rumah aman"),
    _("Keterisian rumah aman dan penempatan korban."),
    Cap.REFERRAL_MAKE,
)
_TASKS = Card(
    "care:my_tasks",
    _("Tugas saya"),
    _("Tindak lanjut kasus yang jatuh tempo, dari rencana intervensi dan yang ditambahkan."),
    Cap.CASE_CONTENT,
)
_VISITS = Card(
    "care:my_visits",
    _("Kunjungan saya"),
    _("Jadwal kunjungan rumah minggu ini dan pendampingan Anda."),
    Cap.CASE_CONTENT,
)
_REFERRALS = Card(
    "care:referral_list",
    _("Rujukan"),
    _("Rujukan dari kasus Anda ke penyedia layanan, dan yang belum dijawab."),
    Cap.REFERRAL_MAKE,
)
_APPROVALS = Card(
    "accounts:approval_list",
    _("Persetujuan akun"),
    _("Akun baru dan setel ulang yang menunggu persetujuan orang kedua."),
    Cap.USERS_APPROVE,
)
_API = Card(
    "api-1.0.0:openapi-view",
    _("Dokumentasi API"),
    _("Untuk integrasi dengan sistem lain."),
    Cap.API_DOCS,
)

ROLE_HOMES: dict[str, RoleHome] = {
    Role.PPT_OFFICER: RoleHome(
        _("Pos Pelayanan Terpadu (PPT) kelurahan"),
        _(
            "Anda menerima laporan warga secara langsung di pos, melihat laporan dan kasus "
            "di kelurahan Anda saja, dan menjalankan sosialisasi di kelurahan Anda."
        ),
        (
            Card(
                "cases:report_create",
                _("Catat laporan baru"),
                _("Laporan yang diterima langsung di pos."),
                Cap.REPORT_INTAKE,
            ),
            Card(
                "cases:report_list",
                _("Laporan kelurahan"),
                _("Laporan dari kelurahan Anda."),
                Cap.CASE_CONTENT,
            ),
            Card(
                "cases:case_list",
                _("Kasus kelurahan"),
                _("Kasus warga kelurahan Anda."),
                Cap.CASE_CONTENT,
            ),
            _TASKS,
            _VISITS,
            _SECURITY,
        ),
    ),
    Role.CASE_MANAGER: RoleHome(
        _("Manajer kasus"),
        _(
            "Anda menangani kasus yang ditugaskan kepada Anda di seluruh kota dan memilah "
            "antrean laporan yang masuk."
        ),
        (
            Card(
                "cases:triage_queue",
                _("Antrean laporan"),
                _("Laporan yang menunggu dipilah."),
                Cap.REPORT_TRIAGE,
            ),
            Card(
                "cases:my_cases",
                _("Kasus saya"),
                _("Kasus yang ditugaskan kepada Anda."),
                Cap.CASE_CONTENT,
            ),
            Card(
                "cases:deadlines",
                _("Tenggat saya"),
                _("Yang jatuh tempo dan yang sudah lewat di kasus Anda."),
                Cap.CASE_CONTENT,
            ),
            _TASKS,
            _VISITS,
            _REFERRALS,
            Card(
                "cases:report_create",
                _("Catat laporan baru"),
                _("Laporan dari telepon, WhatsApp, surat, atau datang langsung."),
                Cap.REPORT_INTAKE,
            ),
            _DIRECTORY,
            _SHELTERS,
            _SECURITY,
        ),
    ),
    Role.SUPERVISOR: RoleHome(
        _("Supervisor / Kepala UPTD PPA"),
        _(
            "Anda melihat semua kasus, menugaskan manajer kasus, menyetujui penutupan kasus, "
            "dan memantau layanan yang melewati batas waktu."
        ),
        (
            Card(
                "cases:triage_queue",
                _("Antrean laporan"),
                _("Laporan yang menunggu dipilah."),
                Cap.REPORT_TRIAGE,
            ),
            Card(
                "cases:case_list",
                _("Semua kasus"),
                _("Penugasan, persetujuan penutupan, dan batas waktu."),
                Cap.CASE_CONTENT,
            ),
            Card(
                "cases:deadlines",
                _("Batas waktu terlewati"),
                _("Kasus yang melewati batas waktu layanan."),
                Cap.CASE_ASSIGN,
            ),
            Card(
                "cases:closure_queue",
                _("Persetujuan penutupan"),
                _("Permintaan terminasi kasus dari manajer kasus."),
                Cap.CASE_APPROVE_CLOSURE,
            ),
            _APPROVALS,
            _REFERRALS,
            _DIRECTORY,
            _SHELTERS,
            _STATS,
            _SECURITY,
        ),
    ),
    Role.PROVIDER_STAFF: RoleHome(
        _("Penyedia layanan"),
        _(
            "Anda hanya melihat rujukan ke lembaga Anda, dengan data yang diperlukan untuk "
            "layanan saja, dan mencatat layanan yang sudah diberikan."
        ),
        (
            Card(
                "care:referral_inbox",
                _("Rujukan masuk"),
                _("Rujukan ke lembaga Anda."),
                Cap.REFERRAL_INBOX,
            ),
            _SECURITY,
        ),
    ),
    Role.SHELTER_STAFF: RoleHome(
        _("Rumah aman"),
        _(
            "Anda mengelola penghuni rumah aman saat ini. Alamat rumah aman tidak terlihat "
            "oleh siapa pun selain staf rumah aman."
        ),
        (
            Card(
                "care:shelter_residents",
                _("Penghuni saat ini"),
                _("Siapa yang tinggal di rumah aman."),
                Cap.SHELTER,
            ),
            _SECURITY,
        ),
    ),
    Role.OUTREACH_OFFICER: RoleHome(
        _("Sosialisasi dan pencegahan"),
        _(
            "Anda mengelola sesi sosialisasi (termasuk pengajian bersama Kemenag), mitra, "
            "tokoh masyarakat, dan Forum Anak."
        ),
        (_SECURITY,),
    ),
    Role.PERKASA_OFFICER: RoleHome(
        _("Perkasa — Perempuan Kepala Keluarga Sejahtera"),
        _(
            "Anda mengelola pendataan perempuan kepala keluarga (PEKKA), penilaian "
            "kesejahteraan, dan program pemberdayaan di wilayah Anda."
        ),
        (_SECURITY,),
    ),
    Role.PERKASA_PARTNER: RoleHome(
        _("Mitra program Perkasa"),
        _(
            "Anda melihat peserta program milik lembaga Anda saja, mencatat kehadiran, "
            "pendampingan, dan usaha mereka, serta mengusulkan pencairan bantuan."
        ),
        (_SECURITY,),
    ),
    Role.ANALYST: RoleHome(
        _("Analis / pimpinan"),
        _(
            "Anda melihat data agregat saja — jumlah, tren, dan sebaran — tidak pernah nama "
            "atau identitas korban."
        ),
        (_STATS, _API, _SECURITY),
    ),
    Role.DPO: RoleHome(
        _("Pejabat pelindungan data (DPO)"),
        _(
            "Anda memeriksa jejak audit dan log akses, serta menangani alur pemberitahuan "
            "kebocoran data (UU PDP)."
        ),
        (
            Card(
                "audit:events",
                _("Jejak audit"),
                _("Siapa mengubah apa, dan kapan."),
                Cap.AUDIT_READ,
            ),
            Card("audit:access", _("Log akses"), _("Siapa membuka data korban."), Cap.AUDIT_READ),
            Card(
                "privacy:breach_list",
                _("Insiden kebocoran data"),
                _("Catat insiden, subjek terdampak, dan surat pemberitahuan 3×24 jam (Pasal 46)."),
                Cap.PRIVACY,
            ),
            Card(
                "privacy:request_list",
                _("Permintaan subjek data"),
                _("Akses, perbaikan, pembatasan, penghapusan dan penarikan persetujuan."),
                Cap.PRIVACY,
            ),
            Card(
                "privacy:retention",
                _("Retensi dan anonimisasi"),
                _("Jadwal retensi, penahanan karena perkara, dan berita acara pemusnahan."),
                Cap.PRIVACY,
            ),
            Card(
                "privacy:register",
                _("Rekaman kegiatan pemrosesan"),
                _("Tujuan, data, penerima, retensi dan lokasi, disusun dari sistem."),
                Cap.PRIVACY,
            ),
            _APPROVALS,
            _SECURITY,
        ),
    ),
    Role.SYSADMIN: RoleHome(
        _("Admin sistem"),
        _(
            "Anda mengelola akun pengguna dan data referensi. Anda tidak melihat isi kasus "
            "kecuali melalui akses darurat yang tercatat."
        ),
        (
            Card(
                "accounts:user_list",
                _("Pengguna"),
                _("Buat akun, ubah peran, buka kunci, setel ulang 2FA."),
                Cap.USERS_MANAGE,
            ),
            Card(
                "accounts:user_create",
                _("Tambah pengguna"),
                _("Akun baru untuk staf."),
                Cap.USERS_MANAGE,
            ),
            Card(
                "regions:post_list",
                _("Pos layanan"),
                _("PPT kelurahan dan pusat layanan."),
                Cap.REFERENCE_MANAGE,
            ),
            Card(
                "cases:case_deadline_rules",
                _("Aturan tenggat kasus"),
                _("Batas waktu layanan dan dasar hukumnya (UU TPKS, UU PKDRT)."),
                Cap.REFERENCE_MANAGE,
            ),
            Card(
                "calendar:holiday_list",
                _("Hari libur"),
                _(
                    "Libur nasional dan cuti bersama (SKB 3 Menteri) yang dilewati hitungan hari kerja."
                ),
                Cap.REFERENCE_MANAGE,
            ),
            Card(
                "care:organisation_list",
                _("Mitra dan layanan"),
                _("Lembaga mitra, rumah aman, dan katalog sepuluh layanan."),
                Cap.REFERENCE_MANAGE,
            ),
            _API,
            _SECURITY,
        ),
    ),
}


def home_for(user: User) -> dict[str, Any]:
    """The heading, duties and reachable cards of ``user``'s start page."""
    spec = ROLE_HOMES.get(user.role)
    if spec is None:
        return {
            "heading": user.get_role_display(),
            "duties": "",
            "cards": [],
            "panels": [],
            "counts": [],
        }
    from payung.accounts import home_extensions

    extra: list[Card] = []
    panels: list[home_extensions.HomePanel] = []
    counts: list[home_extensions.HomeCount] = []
    for extension in home_extensions.registered():
        counts.extend(extension.counts(user))
        extra.extend(extension.cards(user))
        panels.extend(extension.panels(user))
    cards = []
    for card in (*spec.cards, *extra):
        if card.capability and not user.can(card.capability):
            continue
        cards.append({"url": reverse(card.url_name), "title": card.title, "text": card.text})
    return {
        "heading": spec.heading,
        "duties": spec.duties,
        "cards": cards,
        "panels": panels,
        "counts": counts,
    }
