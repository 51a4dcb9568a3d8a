"""The Perkasa registry's lists (docs/perkasa.md; DOMAIN.md §7 in docs/domain.md)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PRE_REGISTERED = "pra_daftar", _("Pra-daftar")
    VERIFIED = "terverifikasi", _("Terverifikasi")
    ELIGIBLE = "layak", _("Layak")
    NOT_ELIGIBLE = "tidak_layak", _("Tidak layak")
    PARTICIPANT = "peserta", _("Peserta")
    GRADUATED = "lulus", _("Lulus")
    LEFT = "keluar", _("Keluar")
    MERGED = "digabung", _("Digabung (duplikat)")


# A registration that still counts as "the" registration of a NIK: one at a time.
ACTIVE_STATUSES = (
    Status.PRE_REGISTERED,
    Status.VERIFIED,
    Status.ELIGIBLE,
    Status.PARTICIPANT,
)


class Source(models.TextChoices):
    OFFICER = "petugas", _("Didaftarkan petugas Perkasa")
    PPT = "ppt", _("Didaftarkan petugas PPT")
    SELF = "mandiri", _("Pra-daftar mandiri")
    CASE_REFERRAL = "rujukan", _("Rujukan dari layanan perlindungan")


class HeadReason(models.TextChoices):
    WIDOWED = "cerai_mati", _("Cerai mati (janda)")
    DIVORCED = "cerai_hidup", _("Cerai hidup")
    HUSBAND_AWAY = "suami_merantau", _("Suami merantau / pergi")
    HUSBAND_ILL = "suami_sakit", _("Suami sakit atau disabilitas")
    HUSBAND_UNEMPLOYED = "suami_tidak_bekerja", _("Suami tidak bekerja")
    UNMARRIED = "belum_menikah", _("Belum menikah dengan tanggungan")
    OTHER = "lainnya", _("Lainnya")


class IncomeBand(models.TextChoices):
    NONE = "tidak_ada", _("Tidak ada penghasilan tetap")
    UNDER_500K = "lt500", _("Kurang dari Rp500 ribu per bulan")
    UNDER_1M = "500_1jt", _("Rp500 ribu – Rp1 juta")
    UNDER_2M = "1_2jt", _("Rp1 juta – Rp2 juta")
    UNDER_3M = "2_3jt", _("Rp2 juta – Rp3 juta")
    OVER_3M = "gt3jt", _("Lebih dari Rp3 juta")


class Livelihood(models.TextChoices):
    NONE = "tidak_bekerja", _("Tidak bekerja")
    DAILY = "buruh_harian", _("Buruh harian / serabutan")
    TRADER = "pedagang", _("Pedagang kecil / warung")
    HOME_INDUSTRY = "usaha_rumahan", _("Usaha rumahan")
    FARMER_FISHER = "tani_nelayan", _("Petani / nelayan")
    EMPLOYEE = "karyawan", _("Karyawan")
    OTHER = "lainnya", _("Lainnya")


class Assistance(models.TextChoices):
    PKH = "pkh", _("PKH")
    BPNT = "bpnt", _("BPNT / Sembako")
    PBI_JK = "pbi_jk", _("PBI-JK (BPJS Kesehatan dibayar pemerintah)")
    PIP = "pip", _("PIP / KIP (bantuan sekolah)")
    BLT = "blt", _("BLT")
    OTHER = "lainnya", _("Lainnya")


# The BPS housing and asset criteria asked on the home visit (docs/domain.md#perkasa).
HOUSING_CRITERIA: tuple[tuple[str, Any], ...] = (
    ("lantai_tanah", _("Lantai tanah / bambu / kayu murah")),
    ("dinding_bambu", _("Dinding bambu / rumbia / kayu murah / tembok tanpa plester")),
    ("luas_kecil", _("Luas lantai kurang dari 8 m² per orang")),
    ("tanpa_jamban", _("Tidak punya jamban sendiri")),
    ("air_tidak_layak", _("Air minum dari sumur / mata air tidak terlindung / sungai")),
    ("tanpa_listrik", _("Penerangan bukan listrik PLN")),
    ("bahan_bakar_kayu", _("Memasak dengan kayu bakar / arang / minyak tanah")),
    ("tanpa_aset", _("Tidak punya tabungan atau barang senilai Rp500 ribu")),
    ("makan_sekali", _("Makan hanya satu atau dua kali sehari")),
    ("tidak_berobat", _("Tidak sanggup membayar berobat di puskesmas")),
)
HOUSING_KEYS = tuple(key for key, _label in HOUSING_CRITERIA)


class Relationship(models.TextChoices):
    CHILD = "anak", _("Anak")
    PARENT = "orang_tua", _("Orang tua")
    SPOUSE = "suami", _("Suami")
    GRANDCHILD = "cucu", _("Cucu")
    OTHER = "lainnya", _("Lainnya")


class Schooling(models.TextChoices):
    NOT_YET = "belum", _("Belum sekolah")
    IN_SCHOOL = "sekolah", _("Masih sekolah")
    DROPPED = "putus", _("Putus sekolah")
    DONE = "selesai", _("Tamat / tidak sekolah lagi")


class Sex(models.TextChoices):
    FEMALE = "P", _("Perempuan")
    MALE = "L", _("Laki-laki")


class Category(models.TextChoices):
    VERY_POOR = "sangat_miskin", _("Sangat miskin")
    POOR = "miskin", _("Miskin")
    VULNERABLE = "rentan", _("Rentan")
    NOT_POOR = "tidak_miskin", _("Tidak miskin")


# The categories from the poorest; a threshold table lists them in this order.
CATEGORY_ORDER = (Category.VERY_POOR, Category.POOR, Category.VULNERABLE, Category.NOT_POOR)


class DuplicateReason(models.TextChoices):
    SAME_NIK = "nik_sama", _("NIK sama")
    SAME_KK = "kk_sama", _("Nomor KK sama")


class DuplicateStatus(models.TextChoices):
    OPEN = "terbuka", _("Menunggu pemeriksaan")
    MERGED = "digabung", _("Digabung")
    DISMISSED = "bukan_duplikat", _("Bukan duplikat")


class ProgrammeKind(models.TextChoices):
    TRAINING = "pelatihan", _("Pelatihan keterampilan")
    GRANT = "hibah", _("Hibah modal usaha")
    MENTORING = "pendampingan", _("Pendampingan usaha")
    KUR = "kur", _("Akses KUR")
    BPJS_TK = "bpjs_tk", _("Kepesertaan BPJS Ketenagakerjaan")
    COOPERATIVE = "koperasi", _("Keanggotaan koperasi")


class AttendanceState(models.TextChoices):
    PRESENT = "hadir", _("Hadir")
    ABSENT = "tidak_hadir", _("Tidak hadir")
    EXCUSED = "izin", _("Izin")


class BusinessStatus(models.TextChoices):
    IDEA = "ide", _("Masih ide")
    RUNNING = "berjalan", _("Berjalan")
    STOPPED = "berhenti", _("Berhenti")


class RevenueBand(models.TextChoices):
    NONE = "belum_ada", _("Belum ada omzet")
    UNDER_1M = "lt1jt", _("Kurang dari Rp1 juta per bulan")
    UNDER_5M = "1_5jt", _("Rp1 juta – Rp5 juta per bulan")
    UNDER_15M = "5_15jt", _("Rp5 juta – Rp15 juta per bulan")
    OVER_15M = "gt15jt", _("Lebih dari Rp15 juta per bulan")
