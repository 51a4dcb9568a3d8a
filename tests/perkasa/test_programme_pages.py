"""The programme pages: catalogue, cycles, enrolment with the eligibility explained,
attendance, mentoring, the business, tranches with sealed proof, the partner agency's view
and its participant export (issue #12 parts 5 and 8)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from payung.accounts.roles import Role
from payung.audit.models import AccessLog, AuditEvent
from payung.perkasa import choices, programmes, services
from payung.perkasa.models import (
    Attendance,
    Disbursement,
    Enrolment,
    MentoringVisit,
    ParticipantBusiness,
    Programme,
    ProgrammeCycle,
    Registrant,
)
from tests.care.factories import make_organisation
from tests.cases.helpers import PDF_BYTES
from tests.factories import CITY, UserFactory, region
from tests.perkasa.helpers import register, verification

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _eligible(personas: Any, **overrides: Any) -> Registrant:
    registrant = register(personas.perkasa, **overrides)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=True)
    registrant.refresh_from_db()
    return registrant


def _referred(personas: Any) -> Registrant:
    """A woman referred from a protection case: prioritised, source "rujukan"."""
    registrant = _eligible(personas)
    Registrant.objects.filter(pk=registrant.pk).update(
        prioritised=True, source=choices.Source.CASE_REFERRAL
    )
    registrant.refresh_from_db()
    return registrant


def _cycle(
    personas: Any,
    *,
    name: str = "Hibah Modal Usaha Perempuan",
    organisation: Any = None,
    budget: int = 5_000_000,
    **eligibility: Any,
) -> ProgrammeCycle:
    programme = programmes.programme_create(
        actor=personas.perkasa,
        name=name,
        agency="Diskop UMKM",
        kind=choices.ProgrammeKind.GRANT,
        eligibility=eligibility,
        organisation=organisation,
    )
    return programmes.cycle_open(
        actor=personas.perkasa,
        programme=programme,
        label="2026",
        quota=10,
        budget=budget,
        starts_on=date(2026, 1, 1),
        ends_on=date(2099, 12, 31),
    )


def _messages(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_officer_creates_a_programme_opens_a_cycle_and_the_catalogue_shows_it(
    personas: Any,
) -> None:
    client = _client(personas.perkasa)
    response = client.post(
        reverse("perkasa:programme_new"),
        {
            "name": "Pelatihan Menjahit",
            "agency": "Disnaker",
            "kind": choices.ProgrammeKind.TRAINING,
            "organisation": personas.perkasa_partner.organisation_id,
            "categories": ["sangat_miskin", "miskin"],
            "min_age": "18",
            "max_age": "60",
        },
    )
    programme = Programme.objects.get(name="Pelatihan Menjahit")
    assert response.status_code == 302
    assert programme.eligibility == {
        "categories": ["sangat_miskin", "miskin"],
        "min_age": 18,
        "max_age": 60,
    }
    assert programme.organisation_id == personas.perkasa_partner.organisation_id
    bad = client.post(
        reverse("perkasa:cycle_new", args=[programme.pk]),
        {
            "label": "Angkatan 1",
            "quota": "20",
            "budget": "1000",
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
        },
    )
    assert bad.status_code == 400
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in bad.content.decode()
    client.post(
        reverse("perkasa:cycle_new", args=[programme.pk]),
        {
            "label": "Angkatan 1",
            "quota": "20",
            "budget": "15000000",
            "starts_on": "2026-01-01",
            "ends_on": "2099-12-31",
        },
    )
    cycle = ProgrammeCycle.objects.get(programme=programme)
    assert (cycle.quota, cycle.budget, cycle.starts_on) == (20, 15_000_000, date(2026, 1, 1))
    catalogue = client.get(reverse("perkasa:programme_list")).content.decode()
    assert "Pelatihan Menjahit" in catalogue and "Disnaker" in catalogue
    assert "Kategori: Sangat miskin, Miskin" in catalogue
    assert reverse("perkasa:cycle", args=[cycle.pk]) in catalogue  # an active cycle
    assert AuditEvent.objects.filter(action="perkasa.programme_create").count() == 1
    assert AuditEvent.objects.filter(action="perkasa.cycle_open").count() == 1
    edit = client.post(
        reverse("perkasa:programme_edit", args=[programme.pk]),
        {"name": "Pelatihan Menjahit", "agency": "Disnaker", "kind": "pelatihan"},
    )
    assert edit.status_code == 302
    programme.refresh_from_db()
    assert programme.eligibility == {} and programme.organisation_id is None
    assert AuditEvent.objects.filter(action="perkasa.programme_update").count() == 1


def test_cycle_page_explains_eligibility_and_enrolment_is_double_submit_safe(
    personas: Any,
) -> None:
    registrant = _eligible(personas)
    cycle = _cycle(personas)
    client = _client(personas.perkasa)
    page = client.get(reverse("perkasa:cycle", args=[cycle.pk]), {"q": f"#{registrant.pk}"})
    html = page.content.decode()
    assert registrant.name in html and "Daftarkan ke siklus ini" in html
    url = reverse("perkasa:cycle_enrol", args=[cycle.pk])
    first = client.post(url, {"registrant": registrant.pk}, follow=True)
    second = client.post(url, {"registrant": registrant.pk}, follow=True)  # a double submit
    assert "terdaftar di" in _messages(first)
    assert "sudah terdaftar di siklus program ini" in _messages(second)
    assert Enrolment.objects.filter(cycle=cycle).count() == 1
    after = second.content.decode()
    assert "1 peserta" in after and "Kuota 10%" in after


def test_an_ineligible_woman_is_refused_with_the_reasons_in_plain_indonesian(
    personas: Any,
) -> None:
    registrant = _eligible(personas)
    cycle = _cycle(personas, needs_business=True, max_age=30)
    client = _client(personas.perkasa)
    offer = client.get(reverse("perkasa:registrant_programmes", args=[registrant.pk]))
    html = offer.content.decode()
    assert "Belum memenuhi syarat:" in html
    assert "Harus sudah punya usaha; belum punya usaha." in html
    assert "Umur paling tinggi 30 tahun;" in html
    refused = client.post(
        reverse("perkasa:cycle_enrol", args=[cycle.pk]),
        {"registrant": registrant.pk, "back": "registrant"},
        follow=True,
    )
    assert refused.status_code == 200
    assert "Tidak memenuhi syarat program" in _messages(refused)
    assert "belum punya usaha" in _messages(refused)
    assert not Enrolment.objects.exists()


def test_tranches_in_the_ui_proof_sealed_over_budget_refused_and_maker_checker(
    personas: Any,
) -> None:
    registrant = _eligible(personas)
    cycle = _cycle(personas, budget=5_000_000)
    enrolment = programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    maker = _client(personas.perkasa)
    url = reverse("perkasa:disbursement_propose", args=[enrolment.pk])
    proof = io.BytesIO(PDF_BYTES)
    proof.name = "nota.pdf"
    response = maker.post(
        url, {"amount": "3000000", "proof_note": "Nota etalase", "proof": proof, "tranche": "1"}
    )
    assert response.status_code == 302
    first = Disbursement.objects.get(enrolment=enrolment)
    stored = first.proofs.get()
    assert stored.unseal() == PDF_BYTES and PDF_BYTES.decode() not in stored.sealed
    # The same form submitted twice: the tranche it showed is taken, nothing new is stored.
    again = maker.post(url, {"amount": "3000000", "tranche": "1"})
    assert again.status_code == 400 and "sudah tercatat" in again.content.decode()
    assert Disbursement.objects.filter(enrolment=enrolment).count() == 1
    # The maker may not approve her own proposal.
    decide = reverse("perkasa:disbursement_decide", args=[first.pk])
    own = maker.post(decide, {"decision": "setujui"}, follow=True)
    assert "Pengusul tidak boleh menyetujui" in _messages(own)
    head = UserFactory(username="kepala", role=Role.PERKASA_OFFICER, region=region(CITY))
    checker = _client(head)
    approved = checker.post(decide, {"decision": "setujui", "next": "cycle"}, follow=True)
    assert "disetujui" in _messages(approved)
    first.refresh_from_db()
    assert first.state == Disbursement.State.APPROVED and first.decided_by == head
    # Over the remaining budget: refused with what is left.
    over = maker.post(url, {"amount": "2500000", "tranche": "2"})
    assert over.status_code == 400
    assert "Sisa anggaran Rp 2.000.000" in over.content.decode()
    assert Disbursement.objects.filter(enrolment=enrolment).count() == 1
    page = checker.get(reverse("perkasa:cycle", args=[cycle.pk])).content.decode()
    assert "Rp 3.000.000 / Rp 5.000.000" in page and "Anggaran terserap 60%" in page
    download = checker.get(reverse("perkasa:proof_download", args=[first.pk, stored.pk]))
    assert download.content == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert AccessLog.objects.filter(purpose="perkasa.disbursement_proof").count() == 1


def test_attendance_mentoring_and_business_are_recorded_encrypted_and_audited(
    personas: Any,
) -> None:
    registrant = _eligible(personas)
    cycle = _cycle(personas)
    enrolment = programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    client = _client(personas.perkasa)
    client.post(
        reverse("perkasa:session_new", args=[cycle.pk]),
        {"held_on": "2026-03-02", "topic": "Pembukuan sederhana"},
    )
    session = cycle.sessions.get()
    client.post(reverse("perkasa:session", args=[session.pk]), {f"hadir-{enrolment.pk}": "hadir"})
    client.post(reverse("perkasa:session", args=[session.pk]), {f"hadir-{enrolment.pk}": "izin"})
    assert list(Attendance.objects.values_list("state", flat=True)) == ["izin"]
    client.post(
        reverse("perkasa:mentoring_add", args=[enrolment.pk]),
        {
            "visited_on": "2026-03-05",
            "mentor": "Ibu Pendamping Fiktif",
            "notes": "Stok dagangan menipis",
            "next_step": "Belanja bahan hari Senin",
        },
    )
    assert MentoringVisit.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes, next_step FROM perkasa_mentoringvisit")
        raw = " ".join(cursor.fetchone())
    assert "Stok" not in raw and "Senin" not in raw
    client.post(
        reverse("perkasa:business_save", args=[enrolment.pk]),
        {"kind": "Warung kelontong", "status": "berjalan", "revenue_band": "1_5jt"},
    )
    business = ParticipantBusiness.objects.get(registrant=registrant)
    assert (business.kind, business.status) == ("Warung kelontong", "berjalan")
    page = client.get(reverse("perkasa:participant", args=[enrolment.pk])).content.decode()
    assert "Stok dagangan menipis" in page and "Warung kelontong" in page
    assert "0% (0 dari 1 sesi)" in page  # excused is not present
    for action in (
        "perkasa.session_create",
        "perkasa.attendance_record",
        "perkasa.mentoring_visit",
        "perkasa.business_record",
    ):
        assert AuditEvent.objects.filter(action=action).exists(), action


def test_partner_staff_see_only_their_agencys_participants_and_nothing_of_a_victim(
    personas: Any,
) -> None:
    partner = personas.perkasa_partner
    referred = _referred(personas)
    other = _eligible(personas, nik="3575016108900003", kk="3575012003150008", name="Ibu Lain")
    own_cycle = _cycle(personas, organisation=partner.organisation)
    other_cycle = _cycle(
        personas, name="Pelatihan Baznas", organisation=make_organisation("Baznas Uji")
    )
    mine = programmes.enrol(actor=personas.perkasa, cycle=own_cycle, registrant=referred)
    theirs = programmes.enrol(actor=personas.perkasa, cycle=other_cycle, registrant=other)
    client = _client(partner)
    catalogue = client.get(reverse("perkasa:programme_list")).content.decode()
    assert "Hibah Modal Usaha Perempuan" in catalogue and "Pelatihan Baznas" not in catalogue
    assert client.get(reverse("perkasa:cycle", args=[own_cycle.pk])).status_code == 200
    for name, args in (
        ("perkasa:cycle", [other_cycle.pk]),
        ("perkasa:programme", [other_cycle.programme_id]),
        ("perkasa:participant", [theirs.pk]),
        ("perkasa:participants_export", [other_cycle.programme_id]),
        ("perkasa:registrant", [referred.pk]),
        ("perkasa:registrant_list", []),
    ):
        assert client.get(reverse(name, args=args)).status_code in (403, 404), name
    page = client.get(reverse("perkasa:participant", args=[mine.pk])).content.decode()
    assert referred.name in page
    for secret in (referred.nik, "prioritas", "Rujukan", "perlindungan", "registri"):
        assert secret not in page, secret
    # She records the programme's work for her own participants and proposes a tranche...
    client.post(
        reverse("perkasa:business_save", args=[mine.pk]),
        {"kind": "Katering", "status": "ide", "revenue_band": "belum_ada"},
    )
    client.post(
        reverse("perkasa:disbursement_propose", args=[mine.pk]),
        {"amount": "1000000", "proof_note": "Nota", "tranche": "1"},
    )
    proposal = Disbursement.objects.get(enrolment=mine)
    assert proposal.proposed_by == partner
    # ...but may not approve it, nor anything of another agency.
    refused = client.post(
        reverse("perkasa:disbursement_decide", args=[proposal.pk]), {"decision": "setujui"}
    )
    assert refused.status_code == 403
    assert (
        client.post(
            reverse("perkasa:business_save", args=[theirs.pk]),
            {"kind": "x", "status": "ide", "revenue_band": "belum_ada"},
        ).status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.state == Disbursement.State.PROPOSED
    assert ParticipantBusiness.objects.filter(registrant=other).count() == 0


def test_participant_export_is_minimal_neutralised_and_audited(personas: Any) -> None:
    partner = personas.perkasa_partner
    registrant = _referred(personas)
    cycle = _cycle(personas, organisation=partner.organisation)
    enrolment = programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    programmes.business_record(
        actor=personas.perkasa,
        enrolment=enrolment,
        kind='=HYPERLINK("http://contoh.invalid")',
        revenue_band="lt1jt",
        status="berjalan",
    )
    session = programmes.session_create(
        actor=personas.perkasa, cycle=cycle, held_on=date(2026, 3, 2), topic="Pemasaran"
    )
    programmes.attendance_record(
        actor=personas.perkasa, session=session, marks={enrolment.pk: "hadir"}
    )
    response = _client(partner).get(
        reverse("perkasa:participants_export", args=[cycle.programme_id])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Siklus", "Nama", "Kelurahan", "Nomor HP"]
    assert "NIK" not in rows[0]
    line = rows[1]
    assert line[1] == registrant.name and line[3] == registrant.phone
    assert line[4] == '\'=HYPERLINK("http://contoh.invalid")'
    assert line[7] == 100 and line[8] == 0
    flat = " ".join(str(v) for row in rows for v in row)
    assert registrant.nik not in flat and "prioritas" not in flat.lower()
    assert AccessLog.objects.filter(purpose="perkasa.participants_export").count() == 1
    assert AuditEvent.objects.filter(action="perkasa.participants_export").count() == 1


def test_cycle_page_query_count_does_not_grow_with_participants(
    personas: Any, django_assert_max_num_queries: Any
) -> None:
    cycle = _cycle(personas)
    client = _client(personas.perkasa)

    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            registrant = _eligible(
                personas,
                nik=f"35750152058500{index:02d}",
                kk=f"35750120031500{index:02d}",
                name=f"Peserta {index}",
            )
            programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)

    add(2, 1)
    url = reverse("perkasa:cycle", args=[cycle.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    add(4, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_demo_programmes_are_in_progress_and_the_diskop_account_sees_its_own(
    personas: Any,
) -> None:
    from payung.perkasa import demo

    demo.load(count=80)
    agencies = demo.load_agencies()
    diskop = UserFactory(
        username="diskop",
        role=Role.PERKASA_PARTNER,
        region=region(CITY),
        organisation=agencies["diskop"],
    )
    enrolled = demo.load_programmes(officer=personas.perkasa, partner=diskop)
    assert enrolled > 20
    assert Programme.objects.values("agency").distinct().count() >= 4
    states = list(Disbursement.objects.values_list("state", flat=True))
    assert states.count(Disbursement.State.APPROVED) >= 1
    assert states.count(Disbursement.State.PROPOSED) == 1
    assert Attendance.objects.exists() and MentoringVisit.objects.exists()
    assert demo.load_programmes(officer=personas.perkasa, partner=diskop) == 0  # idempotent
    catalogue = _client(diskop).get(reverse("perkasa:programme_list")).content.decode()
    assert "Hibah Modal Usaha Perempuan Perkasa" in catalogue
    assert "Pelatihan Tata Boga" not in catalogue


def test_partner_staff_must_belong_to_the_owning_organisation(personas: Any) -> None:
    from django.core.exceptions import ValidationError

    user = personas.perkasa_partner
    user.organisation = None
    with pytest.raises(ValidationError, match="lembaga pemilik program"):
        user.clean()
