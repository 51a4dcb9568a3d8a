"""The copy of one person's data and its processing trail that an access request gives
(UU 27/2022 PDP Pasal 7 and 32 ayat 1: "beserta rekam jejak pemrosesan").

What it holds: the person's own record, each case they are a party of (number, their role,
status, dates), the incidents in which they are the victim (date, place category, forms of
violence), the consents given for them, their referrals (service, organisation, status), and
every read (access log) and change (audit trail) of those records: when, which staff
account, what.

What it leaves out, because it is someone else's (Pasal 33 huruf b): other parties appear
only by their role ("Pelaku — identitas disamarkan"), never by name, alias, NIK, contact or
address; the chronology and notes, which name others, are not copied (the DPO reads them
with the person if asked, redacting by hand). A test checks that another victim's name never
appears in the bytes (tests/privacy/test_requests.py).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from payung.audit.models import AccessLog, AuditEvent
from payung.care.models import Referral
from payung.cases.choices import PartyRole
from payung.cases.models import CaseParty, Consent, Incident, Person
from payung.privacy.models import DataSubjectRequest
from payung.privacy.notices import NoticePdf, dpo_contact, when

TRAIL_LIMIT = 500


def _person_rows(person: Person) -> list[tuple[str, str]]:
    def value(v: object) -> str:
        return str(v) if v not in (None, "") else "-"

    return [
        ("Nama", value(person.name)),
        ("Nama samaran", value(person.alias)),
        ("NIK", value(person.nik)),
        ("Nomor KK", value(person.kk)),
        ("Telepon", value(person.phone)),
        ("Alamat", value(person.address)),
        ("Kelurahan domisili", value(person.kelurahan.name if person.kelurahan_id else "")),  # type: ignore[union-attr]
        ("Jenis kelamin", person.get_sex_display()),
        ("Tanggal lahir", value(person.birth_date)),
        ("Perkiraan usia", value(person.age_estimate)),
        ("Disabilitas", person.get_disability_display()),
        ("Pendidikan", value(person.get_education_display() if person.education else "")),
        ("Pekerjaan", value(person.get_occupation_display() if person.occupation else "")),
        (
            "Status perkawinan",
            value(person.get_marital_status_display() if person.marital_status else ""),
        ),
        ("Agama", value(person.get_religion_display() if person.religion else "")),
    ]


def access_export_pdf(request: DataSubjectRequest) -> bytes:
    party = CaseParty.objects.select_related("person__kelurahan", "case").get(pk=request.party_id)
    person = party.person
    pdf = NoticePdf()
    pdf.heading("Salinan Data Pribadi dan Rekam Jejak Pemrosesan")
    pdf.para(
        f"Permintaan {request.reference}, diterima {when(request.received_at)}. "
        "Dasar: UU 27/2022 tentang Pelindungan Data Pribadi Pasal 7 dan Pasal 32."
    )
    pdf.para(
        "Data orang lain (pelaku, saksi, korban lain, pelapor) tidak dicantumkan: hanya perannya "
        "yang disebut (Pasal 33 huruf b). Kronologi dan catatan kasus memuat data orang lain "
        "dan dapat dibaca bersama petugas."
    )

    pdf.section("1. Data diri")
    if person is None:
        pdf.para("Pihak ini tercatat tanpa data orang (kelompok, korporasi atau anonim).")
        parties = CaseParty.objects.filter(pk=party.pk).select_related("case")
    else:
        for label, text in _person_rows(person):
            pdf.para(f"{label}: {text}")
        parties = CaseParty.objects.filter(person=person).select_related("case")

    case_ids = sorted({p.case_id for p in parties})
    party_ids = [p.pk for p in parties]

    pdf.section("2. Kasus")
    for own in parties.order_by("case__number"):
        case = own.case
        pdf.para(
            f"{case.number}: peran Anda {own.get_role_display()}; status "
            f"{case.get_status_display()}; dibuka {when(case.created_at)}"
            + (f"; ditutup {when(case.closed_at)}" if case.closed_at else "")
            + "."
        )
        others = CaseParty.objects.filter(case=case).exclude(pk=own.pk).order_by("role", "pk")
        for other in others:
            pdf.para(f"   Pihak lain: {other.get_role_display()} - identitas disamarkan")

    pdf.section("3. Kejadian (sebagai korban)")
    victim_ids = [p.pk for p in parties if p.role == PartyRole.VICTIM]
    incidents = Incident.objects.filter(victims__in=victim_ids).select_related("case").distinct()
    for incident in incidents.order_by("occurred_on", "pk"):
        pdf.para(
            f"{incident.case.number}: {incident.occurred_on or '-'}; "
            f"{incident.get_place_category_display()}; "
            + ", ".join(incident.get_violence_forms_display())
        )
    if not incidents:
        pdf.para("-")

    pdf.section("4. Persetujuan")
    consents = Consent.objects.filter(subject__in=party_ids).order_by("given_on", "pk")
    for consent in consents:
        pdf.para(
            f"{consent.get_purpose_display()}"
            + (f" dengan {consent.organisation_name}" if consent.organisation_name else "")
            + f", {consent.given_on} ({consent.get_method_display()})"
            + (f"; dicabut {when(consent.withdrawn_at)}" if consent.withdrawn_at else "")
        )
    if not consents:
        pdf.para("-")

    pdf.section("5. Rujukan ke lembaga mitra")
    referrals = Referral.objects.filter(victim__in=party_ids).select_related(
        "service", "organisation"
    )
    for referral in referrals.order_by("sent_at"):
        pdf.para(
            f"{referral.service.name} - {referral.organisation.name}: "
            f"{referral.get_status_display()}, dikirim {when(referral.sent_at)}"
            + (
                f"; persetujuan dicabut {when(referral.consent_withdrawn_at)}"
                if referral.consent_withdrawn_at
                else ""
            )
        )
    if not referrals:
        pdf.para("-")

    targets = Q(target_type="cases.case", target_id__in=[str(i) for i in case_ids])
    targets |= Q(target_type="cases.caseparty", target_id__in=[str(i) for i in party_ids])
    if person is not None:
        targets |= Q(target_type="cases.person", target_id=str(person.pk))
    targets |= Q(target_type="care.referral", target_id__in=[str(r.pk) for r in referrals])
    targets |= Q(target_type="cases.consent", target_id__in=[str(c.pk) for c in consents])

    pdf.section("6. Siapa membuka data Anda (log akses)")
    reads = AccessLog.objects.filter(targets).order_by("id")[:TRAIL_LIMIT]
    for row in reads:
        pdf.para(f"{when(row.at)} - {row.actor_label or 'sistem'} - {row.purpose}")
    if not reads:
        pdf.para("-")

    pdf.section("7. Siapa mengubah data Anda (jejak audit)")
    changes = AuditEvent.objects.filter(targets).order_by("id")[:TRAIL_LIMIT]
    for event in changes:
        pdf.para(f"{when(event.at)} - {event.actor_label or 'sistem'} - {event.action}")
    if not changes:
        pdf.para("-")

    pdf.section("Kontak")
    pdf.para(dpo_contact())
    pdf.para(f"Dibuat: {when(timezone.now())}.")
    return bytes(pdf.output())
