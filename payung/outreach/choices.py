"""Fixed lists of the outreach app (the editable ones are tables: ActivityType, Topic)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    PLANNED = "rencana", _("Direncanakan")
    HELD = "terlaksana", _("Terlaksana")
    REPORTED = "dilaporkan", _("Dilaporkan")
    CANCELLED = "batal", _("Dibatalkan")


class PhotoKind(models.TextChoices):
    SIGN_IN = "daftar_hadir", _("Foto daftar hadir")
    EVENT = "kegiatan", _("Foto kegiatan")


class QuizPhase(models.TextChoices):
    BEFORE = "sebelum", _("Sebelum sesi")
    AFTER = "sesudah", _("Sesudah sesi")


class LeaderKind(models.TextChoices):
    RELIGIOUS = "tokoh_agama", _("Tokoh agama")
    COMMUNITY = "tokoh_masyarakat", _("Tokoh masyarakat")
    RT_RW = "ketua_rt_rw", _("Ketua RT/RW")
    PKK = "kader_pkk", _("Kader PKK")
    POSYANDU = "kader_posyandu", _("Kader posyandu")
    TEACHER = "guru", _("Guru")
    MIDWIFE = "bidan", _("Bidan kelurahan")


class Sex(models.TextChoices):
    FEMALE = "p", _("Perempuan")
    MALE = "l", _("Laki-laki")


class SchoolLevel(models.TextChoices):
    SD = "sd", _("SD / MI")
    SMP = "smp", _("SMP / MTs")
    SMA = "sma", _("SMA / SMK / MA")
    NOT_IN_SCHOOL = "tidak_sekolah", _("Tidak bersekolah")


class VoiceStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Diajukan")
    IN_PROGRESS = "ditindaklanjuti", _("Sedang ditindaklanjuti")
    ACCEPTED = "diterima", _("Diterima / dilaksanakan")
    DECLINED = "ditolak", _("Tidak dapat dilaksanakan")
