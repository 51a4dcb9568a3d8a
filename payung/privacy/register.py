"""The record of processing activities (UU 27/2022 PDP Pasal 31: "rekaman terhadap seluruh
kegiatan pemrosesan"), generated from the code rather than kept by hand, so it cannot drift:
each activity lists the models it stores in, their personal-data fields read from the models
themselves (encrypted fields are marked), who receives the data (the roles whose capabilities
open it, from ``accounts.roles``), the retention rule, and where it is kept (from settings).

The purposes and legal bases are the one part written here: they are decisions, not facts of
the code. docs/dpia.md takes this list in and adds the residual risks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models

from payung.accounts.roles import ROLE_CAPABILITIES, Cap, Role
from payung.core.fields import EncryptedTextField
from payung.privacy.models import RetentionRule

# Technical columns that are not personal data.
_SKIP = {
    "id",
    "created_at",
    "updated_at",
    "version",
    "sealed",
    "ref",
    "name_index",
    "nik_index",
    "kk_index",
    "phone_index",
    "reporter_phone_index",
    "pin_hash",
    "idempotency_key",
    "idempotency_fingerprint",
}


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    purpose: str
    basis: str
    models: tuple[str, ...]
    capabilities: tuple[str, ...]
    retention: tuple[str, ...]
    external: str = ""
    fields: list[tuple[str, str, bool]] = field(default_factory=list)  # model, field, encrypted
    recipients: list[str] = field(default_factory=list)
    retention_text: list[str] = field(default_factory=list)


ACTIVITIES = (
    Activity(
        "intake",
        "Penerimaan laporan (pengaduan)",
        "Menerima laporan kekerasan terhadap perempuan dan anak dari warga dan petugas; triase.",
        "UU 12/2022 TPKS Pasal 39-41; Perpres 55/2024 (kewajiban hukum); kepentingan vital",
        ("cases.Report", "cases.ReportAttachment", "cases.ReportEvent"),
        (Cap.REPORT_INTAKE, Cap.REPORT_TRIAGE),
        ("laporan_bukan_kasus", "lampiran"),
    ),
    Activity(
        "casework",
        "Penanganan kasus",
        "Identifikasi, asesmen, rencana intervensi, layanan, pemantauan dan terminasi kasus.",
        "UU 12/2022 TPKS; UU 23/2004 PKDRT; UU 35/2014; Permen PPPA 2/2022 (kewajiban hukum, "
        "tugas pelayanan publik)",
        (
            "cases.Case",
            "cases.Person",
            "cases.CaseParty",
            "cases.Incident",
            "cases.Assessment",
            "cases.CasePlan",
            "cases.CaseDocument",
            "cases.CaseNote",
            "cases.Consent",
        ),
        (Cap.CASE_CONTENT,),
        ("kasus_ditutup", "lampiran"),
    ),
    Activity(
        "referrals",
        "Rujukan ke lembaga mitra",
        "Meneruskan data minimum kepada penyedia layanan (RS, psikolog, bantuan hukum).",
        "Persetujuan korban/wali per lembaga, atau pengecualian supervisor tercatat; perjanjian "
        "berbagi data dengan lembaga",
        ("care.Referral", "care.ReferralReport", "care.ServiceRecord", "care.VisumLetter"),
        (Cap.REFERRAL_MAKE, Cap.REFERRAL_INBOX),
        ("cuplikan_rujukan",),
        "Lembaga mitra dengan perjanjian berbagi data yang berlaku",
    ),
    Activity(
        "shelter",
        "Rumah aman",
        "Penempatan korban di rumah aman dan pengelolaan penghuninya.",
        "Kepentingan vital; UU 12/2022 TPKS (perlindungan korban)",
        ("care.Stay", "care.Shelter"),
        (Cap.SHELTER,),
        ("kasus_ditutup",),
    ),
    Activity(
        "followup",
        "Pendampingan, kunjungan rumah, reintegrasi",
        "Pendampingan ke polisi/pengadilan, kunjungan rumah dan pemulangan korban.",
        "Kewajiban hukum (UU 12/2022 TPKS Pasal 66-70)",
        ("care.Accompaniment", "care.HomeVisit", "care.Reintegration", "care.Task"),
        (Cap.CASE_CONTENT,),
        ("kasus_ditutup",),
    ),
    Activity(
        "audit",
        "Jejak audit dan log akses",
        "Akuntabilitas: siapa membuka dan mengubah data korban; deteksi kebocoran.",
        "UU 27/2022 PDP Pasal 31 dan 35 (kewajiban pengendali)",
        ("audit.AuditEvent", "audit.AccessLog"),
        (Cap.AUDIT_READ,),
        ("rincian_log_akses",),
    ),
    Activity(
        "accounts",
        "Akun staf",
        "Masuk, verifikasi dua langkah, peran dan wilayah kerja petugas.",
        "Hubungan kerja; keamanan sistem",
        ("accounts.User",),
        (Cap.USERS_MANAGE,),
        (),
    ),
    Activity(
        "privacy",
        "Register pelindungan data",
        "Insiden kebocoran, permintaan subjek data, retensi dan pemusnahan.",
        "UU 27/2022 PDP Pasal 31, 46, 5-13 (kewajiban pengendali)",
        ("privacy.Breach", "privacy.DataSubjectRequest", "privacy.DestructionRecord"),
        (Cap.PRIVACY,),
        (),
    ),
)


def _fields(model: type[models.Model]) -> list[tuple[str, bool]]:
    rows = []
    for f in model._meta.concrete_fields:
        if f.name in _SKIP or isinstance(f, models.ForeignKey | models.AutoField):
            continue
        rows.append((str(f.verbose_name), isinstance(f, EncryptedTextField)))
    return rows


def _roles_with(capabilities: tuple[str, ...]) -> list[str]:
    labels = dict(Role.choices)
    return [
        str(labels[role])
        for role, caps in ROLE_CAPABILITIES.items()
        if any(c in caps for c in capabilities)
    ]


def location() -> str:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    host = settings.DATABASES["default"].get("HOST") or "lokal"
    where = getattr(settings, "PRIVACY_HOSTING_LOCATION", "Indonesia (lihat docs/deployment.md)")
    return f"{where}; basis data {engine} di {host}; kunci enkripsi di luar basis data"


def activities() -> list[Activity]:
    rules = {r.record_type: r for r in RetentionRule.objects.all()}
    built = []
    for activity in ACTIVITIES:
        fields: list[tuple[str, str, bool]] = []
        for label in activity.models:
            model = apps.get_model(label)
            fields.extend(
                (str(model._meta.verbose_name), name, enc) for name, enc in _fields(model)
            )
        recipients = _roles_with(activity.capabilities)
        if activity.external:
            recipients.append(activity.external)
        retention_text = [
            f"{rules[key].get_record_type_display()}: {rules[key].months} bulan sejak "
            f"{rules[key].trigger}; {rules[key].action}"
            for key in activity.retention
            if key in rules
        ] or ["Selama akun atau register diperlukan; ditinjau DPO"]
        built.append(
            Activity(
                **{
                    **activity.__dict__,
                    "fields": fields,
                    "recipients": recipients,
                    "retention_text": retention_text,
                }
            )
        )
    return built


def as_markdown() -> str:
    lines = [
        "# Rekaman kegiatan pemrosesan data pribadi (UU 27/2022 Pasal 31)",
        "",
        f"Lokasi: {location()}",
        "",
    ]
    for activity in activities():
        lines += [
            f"## {activity.name}",
            "",
            f"- **Tujuan:** {activity.purpose}",
            f"- **Dasar pemrosesan:** {activity.basis}",
            f"- **Penerima:** {', '.join(activity.recipients)}",
            f"- **Retensi:** {'; '.join(activity.retention_text)}",
            "- **Data:**",
        ]
        for model_name, name, encrypted in activity.fields:
            lines.append(f"  - {model_name}: {name}{' (terenkripsi)' if encrypted else ''}")
        lines.append("")
    return "\n".join(lines)


def as_pdf() -> bytes:
    from payung.privacy.notices import NoticePdf

    pdf = NoticePdf()
    pdf.heading("Rekaman Kegiatan Pemrosesan Data Pribadi")
    pdf.para(f"Lokasi: {location()}")
    for activity in activities():
        pdf.section(activity.name)
        pdf.para(f"Tujuan: {activity.purpose}")
        pdf.para(f"Dasar: {activity.basis}")
        pdf.para(f"Penerima: {', '.join(activity.recipients)}")
        pdf.para(f"Retensi: {'; '.join(activity.retention_text)}")
        encrypted = sorted({n for _m, n, e in activity.fields if e})
        clear = sorted({n for _m, n, e in activity.fields if not e})
        pdf.para(f"Data terenkripsi: {', '.join(encrypted) or '-'}")
        pdf.para(f"Data lain: {', '.join(clear) or '-'}")
    return bytes(pdf.output())
