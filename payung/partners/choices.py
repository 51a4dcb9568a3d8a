"""The partner registry's choice lists: the ten city services with their SIMFONI-PPA
categories (the one source of truth for service codes), and the kinds of partner
organisation.

The values are stable identifiers (stored in the database, used in the API and in exports);
the labels are what people read, in Bahasa Indonesia.

``ServiceCode`` is the authority for which services exist. The ``Service`` table
(``partners.models``) holds one row per code — a check constraint admits only these codes,
a unique constraint one row each, a data migration creates every one and protected foreign
keys keep them — so that descriptions and the SIMFONI-PPA mapping can be edited (audited)
without a release.
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
# ``care/migrations/0002_seed_service_catalogue.py`` seeded the ``Service`` rows from the same
# table written as literals (a migration never imports application code; a test checks the
# two agree). A code added here needs a data migration adding its row, like
# ``partners/migrations/0002_every_service_code_has_a_row.py``. At run time the
# ``Service`` rows are the truth for the category: the system admin may change a judgement
# call, audited (``partners.selectors.simfoni_category_for``).
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
