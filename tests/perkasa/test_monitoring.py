"""Overrides, appeals, re-assessment, graduation, follow-ups and the funnel (issue #12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from payung.accounts.roles import Role
from payung.audit.models import AuditEvent
from payung.calendar.models import Holiday
from payung.calendar.workdays import forget_holidays
from payung.perkasa import choices, monitoring, monitoring_selectors, programmes, services
from payung.perkasa.models import Appeal, CategoryOverride, FollowUp, Registrant
from tests.factories import BUGUL_LOR, CITY, UserFactory, region
from tests.perkasa.helpers import register, verification

pytestmark = pytest.mark.django_db


def _head(username: str = "kepala_perkasa") -> Any:
    return UserFactory(username=username, role=Role.PERKASA_OFFICER, region=region(CITY))


def _eligible(personas: Any, **overrides: Any) -> Registrant:
    registrant = register(personas.perkasa, **overrides)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=True)
    return Registrant.objects.select_related("current_score").get(pk=registrant.pk)


def _participant(personas: Any, **overrides: Any) -> Registrant:
    registrant = _eligible(personas, **overrides)
    programme = programmes.programme_create(
        actor=personas.perkasa, name="Pelatihan Menjahit", agency="Disnaker", kind="pelatihan"
    )
    cycle = programmes.cycle_open(
        actor=personas.perkasa, programme=programme, label="2026", quota=5, budget=0
    )
    programmes.enrol(actor=personas.perkasa, cycle=cycle, registrant=registrant)
    registrant.refresh_from_db()
    return registrant


def _better_off(**overrides: Any) -> monitoring.AssessmentInput:
    data: dict[str, Any] = {
        "livelihood": choices.Livelihood.TRADER,
        "income_band": choices.IncomeBand.UNDER_3M,
        "has_business": True,
        "housing": {},
        "assistance": [],
        "dtsen_decile": 8,
    }
    data.update(overrides)
    return monitoring.AssessmentInput(**data)


def _worse_off(**overrides: Any) -> monitoring.AssessmentInput:
    data: dict[str, Any] = {
        "livelihood": choices.Livelihood.NONE,
        "income_band": choices.IncomeBand.NONE,
        "has_business": False,
        "housing": {"lantai_tanah": True, "tanpa_jamban": True, "makan_sekali": True},
        "assistance": ["pkh"],
        "dtsen_decile": 1,
    }
    data.update(overrides)
    return monitoring.AssessmentInput(**data)


# --- overrides -----------------------------------------------------------------------------


def test_override_needs_a_reason_and_another_officers_approval(personas: Any) -> None:
    registrant = _eligible(personas)
    scored = registrant.current_score.category
    assert scored != "tidak_miskin"
    with pytest.raises(ValidationError, match="alasan"):
        monitoring.override_propose(
            actor=personas.perkasa, registrant=registrant, category="tidak_miskin", reason=" "
        )
    override = monitoring.override_propose(
        actor=personas.perkasa,
        registrant=registrant,
        category="tidak_miskin",
        reason="Ia sudah bekerja tetap sejak bulan lalu.",
    )
    # not in force until approved
    assert monitoring.effective_category(registrant).category == scored
    with pytest.raises(ValidationError, match="menunggu persetujuan"):
        monitoring.override_propose(
            actor=personas.perkasa, registrant=registrant, category="miskin", reason="lain"
        )
    with pytest.raises(PermissionDenied):
        monitoring.override_decide(actor=personas.perkasa, override=override, approve=True)
    with pytest.raises(PermissionDenied):
        monitoring.override_decide(actor=personas.ppt_gentong, override=override, approve=True)
    monitoring.override_decide(actor=_head(), override=override, approve=True)
    effective = monitoring.effective_category(registrant)
    assert effective.category == "tidak_miskin"
    assert effective.scored_category == scored
    assert effective.source == "penyesuaian"
    assert effective.override.reason == "Ia sudah bekerja tetap sejak bulan lalu."
    actions = list(
        AuditEvent.objects.filter(action__startswith="perkasa.override").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["perkasa.override_approve", "perkasa.override_propose"]


def test_rejected_override_needs_a_reason_and_changes_nothing(personas: Any) -> None:
    registrant = _eligible(personas)
    override = monitoring.override_propose(
        actor=personas.perkasa, registrant=registrant, category="rentan", reason="x"
    )
    head = _head()
    with pytest.raises(ValidationError, match="alasan penolakan"):
        monitoring.override_decide(actor=head, override=override, approve=False)
    monitoring.override_decide(
        actor=head, override=override, approve=False, note="Data kunjungan tidak mendukung."
    )
    override.refresh_from_db()
    assert override.state == CategoryOverride.State.REJECTED
    assert monitoring.effective_category(registrant).source == "skor"
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        monitoring.override_decide(actor=head, override=override, approve=True)


def test_a_newer_reassessment_supersedes_an_older_override(personas: Any) -> None:
    registrant = _eligible(personas)
    override = monitoring.override_propose(
        actor=personas.perkasa, registrant=registrant, category="tidak_miskin", reason="x"
    )
    monitoring.override_decide(actor=_head(), override=override, approve=True)
    assessment = monitoring.reassessment_record(
        actor=personas.perkasa, registrant=registrant, data=_worse_off()
    )
    effective = monitoring.effective_category(registrant)
    assert effective.source == "penilaian_ulang"
    assert effective.category == assessment.category == "sangat_miskin"


# --- appeals -------------------------------------------------------------------------------


def test_appeal_deadline_counts_ten_working_days_skipping_weekends_and_holidays(
    personas: Any,
) -> None:
    # Monday 5 October 2026 + 10 working days = Monday 19 October; a holiday on the 16th
    # (a Friday) pushes it to Tuesday 20 October. (The seeded calendar's Isra Mikraj on
    # Friday 16 January 2026 does the same to an appeal received on 5 January.)
    forget_holidays()
    assert monitoring.appeal_due(dt.date(2026, 10, 5)) == dt.date(2026, 10, 19)
    assert monitoring.appeal_due(dt.date(2026, 1, 5)) == dt.date(2026, 1, 20)
    Holiday.objects.create(date=dt.date(2026, 10, 16), name="Libur uji")
    forget_holidays()
    try:
        assert monitoring.appeal_due(dt.date(2026, 10, 5)) == dt.date(2026, 10, 20)
    finally:
        forget_holidays()


def test_appeal_upheld_sets_a_new_category_with_the_reason(personas: Any) -> None:
    registrant = _eligible(personas)
    appeal = monitoring.appeal_record(
        actor=personas.perkasa,
        registrant=registrant,
        received_on=timezone.localdate(),
        grounds="Suami meninggal bulan lalu; penghasilan hilang.",
    )
    appeal.refresh_from_db()
    assert appeal.grounds == "Suami meninggal bulan lalu; penghasilan hilang."
    assert appeal.due_on > appeal.received_on
    with pytest.raises(PermissionDenied):  # not the one who recorded it
        monitoring.appeal_decide(
            actor=personas.perkasa, appeal=appeal, upheld=True, reason="x", category="miskin"
        )
    head = _head()
    with pytest.raises(ValidationError, match="kategori baru atau status baru"):
        monitoring.appeal_decide(actor=head, appeal=appeal, upheld=True, reason="x")
    monitoring.appeal_decide(
        actor=head,
        appeal=appeal,
        upheld=True,
        reason="Bukti akta kematian diterima.",
        category="sangat_miskin",
    )
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.UPHELD
    effective = monitoring.effective_category(registrant)
    assert effective.category == "sangat_miskin"
    assert effective.override.appeal_id == appeal.pk
    assert "Bukti akta kematian" in effective.override.reason
    assert AuditEvent.objects.filter(action="perkasa.appeal_uphold").exists()


def test_appeal_against_not_eligible_upheld_makes_her_eligible_rejected_keeps_it(
    personas: Any,
) -> None:
    registrant = register(personas.perkasa)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    services.registrant_decide(
        actor=personas.perkasa, registrant=registrant, eligible=False, reason="Penghasilan cukup"
    )
    head = _head()
    first = monitoring.appeal_record(
        actor=personas.perkasa, registrant=registrant, received_on=timezone.localdate(), grounds="a"
    )
    monitoring.appeal_decide(
        actor=head, appeal=first, upheld=False, reason="Penghasilan tetap di atas batas."
    )
    registrant.refresh_from_db()
    assert registrant.status == choices.Status.NOT_ELIGIBLE
    second = monitoring.appeal_record(
        actor=personas.perkasa, registrant=registrant, received_on=timezone.localdate(), grounds="b"
    )
    with pytest.raises(ValidationError):
        monitoring.appeal_decide(
            actor=head, appeal=second, upheld=True, reason="x", status=choices.Status.GRADUATED
        )
    monitoring.appeal_decide(
        actor=head, appeal=second, upheld=True, reason="Slip gaji baru.", status="layak"
    )
    registrant.refresh_from_db()
    assert registrant.status == choices.Status.ELIGIBLE


def test_overdue_appeals_are_listed_for_officers_in_scope_only(personas: Any) -> None:
    registrant = _eligible(personas)
    old = monitoring.appeal_record(
        actor=personas.perkasa,
        registrant=registrant,
        received_on=timezone.localdate() - dt.timedelta(days=40),
        grounds="lama",
    )
    monitoring.appeal_record(
        actor=personas.perkasa,
        registrant=registrant,
        received_on=timezone.localdate(),
        grounds="baru",
    )
    assert list(monitoring_selectors.overdue_appeals(personas.perkasa)) == [old]
    assert monitoring_selectors.pending_appeals(personas.perkasa).count() == 2
    assert not monitoring_selectors.pending_appeals(personas.ppt_gentong).exists()
    counts = monitoring_selectors.monitoring_counts(personas.perkasa)
    assert (counts.appeals_pending, counts.appeals_overdue) == (2, 1)


def test_appeal_received_in_the_future_is_refused(personas: Any) -> None:
    registrant = _eligible(personas)
    with pytest.raises(ValidationError):
        monitoring.appeal_record(
            actor=personas.perkasa,
            registrant=registrant,
            received_on=timezone.localdate() + dt.timedelta(days=1),
            grounds="x",
        )


# --- re-assessment -------------------------------------------------------------------------


def test_reassessment_scores_under_the_current_model_and_builds_the_series(
    personas: Any,
) -> None:
    registrant = _eligible(personas)
    first = registrant.current_score
    assessment = monitoring.reassessment_record(
        actor=personas.perkasa, registrant=registrant, data=_better_off()
    )
    assert assessment.model.version == 1
    assert assessment.total == sum(line["points"] for line in assessment.breakdown)
    assert assessment.facts["income_band"] == "2_3jt"
    registrant.refresh_from_db()
    assert registrant.income_band == "2_3jt"  # the registry shows what was seen last
    series = monitoring.assessment_series(registrant)
    assert [p.source for p in series] == ["verifikasi", "penilaian_ulang"]
    assert [p.total for p in series] == [first.total, assessment.total]
    assert series[1].total < series[0].total
    assert AuditEvent.objects.filter(action="perkasa.reassess").count() == 1


def test_reassessments_due_after_the_policy_period(personas: Any) -> None:
    registrant = _eligible(personas)
    assert not monitoring_selectors.reassessments_due(personas.perkasa).exists()
    later = monitoring.add_months(timezone.localdate(), 6)
    assert list(monitoring_selectors.reassessments_due(personas.perkasa, later)) == [registrant]
    monitoring.reassessment_record(
        actor=personas.perkasa, registrant=registrant, data=_better_off(assessed_on=None)
    )
    assert not monitoring_selectors.reassessments_due(
        personas.perkasa, later - dt.timedelta(days=1)
    ).exists()
    assert not monitoring_selectors.reassessments_due(personas.ppt_gentong, later).exists()


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert monitoring.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert monitoring.add_months(dt.date(2026, 3, 15), -6) == dt.date(2025, 9, 15)


# --- graduation and follow-up ----------------------------------------------------------------


def test_graduation_criteria_are_explained_and_unmet_ones_refuse(personas: Any) -> None:
    registrant = _participant(personas)
    criteria = monitoring.graduation_check(registrant)
    assert [c.code for c in criteria] == ["kategori", "usaha"]
    assert criteria[0].state == "not_met"
    # No business record on this branch: the check says so instead of guessing.
    assert criteria[1].state == "unknown"
    assert "catatan usaha belum ada" in criteria[1].text
    with pytest.raises(ValidationError, match="Belum memenuhi kriteria"):
        monitoring.graduate(actor=personas.perkasa, registrant=registrant, reason="x")
    monitoring.reassessment_record(
        actor=personas.perkasa, registrant=registrant, data=_better_off()
    )
    assert monitoring.graduation_check(registrant)[0].state == "not_met"  # one is not two


def test_graduation_after_two_good_assessments_schedules_follow_ups(personas: Any) -> None:
    registrant = _participant(personas)
    for _i in range(2):
        monitoring.reassessment_record(
            actor=personas.perkasa, registrant=registrant, data=_better_off()
        )
    assert monitoring.graduation_check(registrant)[0].met
    with pytest.raises(ValidationError, match="alasan"):
        monitoring.graduate(actor=personas.perkasa, registrant=registrant, reason="")
    graduation = monitoring.graduate(
        actor=personas.perkasa,
        registrant=registrant,
        reason="Warung berjalan sejak Januari; omzet stabil (dilihat di buku kas).",
        graduated_on=dt.date(2026, 1, 31),
    )
    registrant.refresh_from_db()
    assert registrant.status == choices.Status.GRADUATED
    assert [r["state"] for r in graduation.criteria_results] == ["met", "unknown"]
    assert [(f.months, f.due_on) for f in graduation.followups.all()] == [
        (6, dt.date(2026, 7, 31)),
        (12, dt.date(2027, 1, 31)),
    ]
    with pytest.raises(ValidationError, match="Hanya peserta"):
        monitoring.graduate(actor=personas.perkasa, registrant=registrant, reason="lagi")


def test_a_business_check_can_be_plugged_in(personas: Any) -> None:
    registrant = _participant(personas)

    def check(r: Registrant, months: int) -> monitoring.Criterion:
        return monitoring.Criterion("usaha", "not_met", f"usaha baru 2 dari {months} bulan")

    monitoring.register_business_check(check)
    try:
        assert monitoring.graduation_check(registrant)[1].text == "usaha baru 2 dari 6 bulan"
    finally:
        monitoring._business_checks.remove(check)


def test_follow_up_with_category_back_to_rentan_or_poorer_is_a_relapse(personas: Any) -> None:
    registrant = _participant(personas)
    for _i in range(2):
        monitoring.reassessment_record(
            actor=personas.perkasa, registrant=registrant, data=_better_off()
        )
    graduation = monitoring.graduate(
        actor=personas.perkasa,
        registrant=registrant,
        reason="Usaha berjalan.",
        graduated_on=timezone.localdate() - dt.timedelta(days=200),
    )
    due = list(monitoring_selectors.followups_due(personas.perkasa))
    assert [f.months for f in due] == [6]
    followup = monitoring.followup_record(
        actor=personas.perkasa,
        followup=due[0],
        data=_worse_off(),
        outcome="Warung tutup karena sakit.",
    )
    assert followup.relapse is True
    assert followup.assessment.category == "sangat_miskin"
    assert list(monitoring_selectors.relapses(personas.perkasa)) == [followup]
    assert monitoring_selectors.monitoring_counts(personas.perkasa).relapses == 1
    with pytest.raises(ValidationError, match="sudah dicatat"):
        monitoring.followup_record(actor=personas.perkasa, followup=followup, data=_better_off())
    assert FollowUp.objects.get(graduation=graduation, months=12).done_on is None


# --- funnel ----------------------------------------------------------------------------------


def test_funnel_by_kelurahan_counts_each_stage_reached(personas: Any) -> None:
    _participant(personas)
    register(personas.perkasa, nik="3575015507800004", kk="", name="Ibu Dua")
    register(
        personas.perkasa,
        nik="3575016108900003",
        kk="",
        name="Ibu Bugul",
        kelurahan=region(BUGUL_LOR),
    )
    rows = {
        row.name: row.counts for row in monitoring_selectors.funnel_by_kelurahan(personas.perkasa)
    }
    assert rows == {"Gentong": (2, 1, 1, 1, 0), "Bugul Lor": (1, 0, 0, 0, 0)}
    assert monitoring_selectors.funnel_by_kelurahan(personas.ppt_gentong) == []
    assert monitoring_selectors.funnel_by_kelurahan(personas.analyst) == []


# --- pages -----------------------------------------------------------------------------------


def test_registrant_page_shows_the_overridden_category_with_its_reason(
    client: Any, personas: Any
) -> None:
    registrant = _eligible(personas)
    override = monitoring.override_propose(
        actor=personas.perkasa, registrant=registrant, category="rentan", reason="Gaji tetap baru."
    )
    head = _head()
    client.force_login(head)
    page = client.get(reverse("perkasa:registrant", args=[registrant.pk])).content.decode()
    assert "Usulan penyesuaian" in page and "Setujui" in page
    response = client.post(
        reverse("perkasa:override_decide", args=[override.pk]), {"decision": "setuju"}
    )
    assert response.status_code == 302
    page = client.get(reverse("perkasa:registrant", args=[registrant.pk])).content.decode()
    assert "Kategori yang berlaku: <strong>Rentan</strong>" in page
    assert "Gaji tetap baru." in page
    # the proposer sees no decision form on her own proposal
    other = _eligible(personas, nik="3575015507800004", kk="", name="Ibu Dua")
    monitoring.override_propose(
        actor=personas.perkasa, registrant=other, category="rentan", reason="x"
    )
    client.force_login(personas.perkasa)
    page = client.get(reverse("perkasa:registrant", args=[other.pk])).content.decode()
    assert "Menunggu persetujuan petugas Perkasa lain." in page


def test_ppt_officer_sees_no_monitoring_and_outsiders_get_404(client: Any, personas: Any) -> None:
    registrant = _eligible(personas)
    client.force_login(personas.ppt_gentong)
    page = client.get(reverse("perkasa:registrant", args=[registrant.pk])).content.decode()
    assert "Kategori dan pemantauan" not in page
    assert client.get(reverse("perkasa:reassess", args=[registrant.pk])).status_code == 403
    client.force_login(personas.ppt_bugullor)
    for name in ("reassess", "appeal_new", "override_new", "graduate"):
        assert client.get(reverse(f"perkasa:{name}", args=[registrant.pk])).status_code == 404
    client.force_login(personas.perkasa)
    assert client.get(reverse("perkasa:override_decide", args=[1])).status_code == 405


def test_appeal_pages_record_and_decide_and_the_home_shows_overdue(
    client: Any, personas: Any
) -> None:
    registrant = _eligible(personas)
    client.force_login(personas.perkasa)
    received = timezone.localdate() - dt.timedelta(days=40)
    response = client.post(
        reverse("perkasa:appeal_new", args=[registrant.pk]),
        {"received_on": received.isoformat(), "grounds": "Skor tidak sesuai keadaan."},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    home = client.get(reverse("accounts:home")).content.decode()
    assert "keberatan lewat batas" in home
    listing = client.get(reverse("perkasa:monitoring")).content.decode()
    assert f"Keberatan #{appeal.pk}" in listing and "Lewat batas" in listing
    assert "Sumirah" not in listing  # work lists carry numbers, not names
    detail = client.get(reverse("perkasa:appeal", args=[appeal.pk])).content.decode()
    assert "Skor tidak sesuai keadaan." in detail
    assert "bukan pencatatnya" in detail  # the recorder cannot decide
    client.force_login(_head())
    response = client.post(
        reverse("perkasa:appeal", args=[appeal.pk]),
        {"decision": "terima", "category": "miskin", "reason": "Bukti baru."},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.UPHELD
    assert monitoring.effective_category(registrant).category == "miskin"


def test_reassessment_and_graduation_pages(client: Any, personas: Any) -> None:
    registrant = _participant(personas)
    client.force_login(personas.perkasa)
    form = {
        "assessed_on": timezone.localdate().isoformat(),
        "livelihood": "pedagang",
        "income_band": "2_3jt",
        "has_business": "on",
        "dtsen_decile": "8",
    }
    for _i in range(2):
        response = client.post(reverse("perkasa:reassess", args=[registrant.pk]), form)
        assert response.status_code == 302
    page = client.get(reverse("perkasa:registrant", args=[registrant.pk])).content.decode()
    assert "Skor dari waktu ke waktu" in page and "<svg" in page
    grad = client.get(reverse("perkasa:graduate", args=[registrant.pk])).content.decode()
    assert "Terpenuhi" in grad and "Belum dapat diperiksa" in grad
    response = client.post(
        reverse("perkasa:graduate", args=[registrant.pk]),
        {"graduated_on": timezone.localdate().isoformat(), "reason": "Usaha berjalan."},
    )
    assert response.status_code == 302
    registrant.refresh_from_db()
    assert registrant.status == choices.Status.GRADUATED
    page = client.get(reverse("perkasa:registrant", args=[registrant.pk])).content.decode()
    assert "Tindak lanjut 6 bulan" in page and "Tindak lanjut 12 bulan" in page


def test_funnel_page_and_downloads_have_counts_and_no_names(client: Any, personas: Any) -> None:
    _participant(personas)
    client.force_login(personas.perkasa)
    page = client.get(reverse("perkasa:funnel")).content.decode()
    assert "Gentong" in page and "<svg" in page
    assert "Sumirah" not in page
    csv = client.get(reverse("perkasa:funnel"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Gentong" in text and "Sumirah" not in text
    assert text.splitlines()[1].endswith("1,1,1,1,0")
    xlsx = client.get(reverse("perkasa:funnel"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("perkasa:funnel"), {"format": "pdf"}).status_code == 404
    client.force_login(personas.analyst)
    assert client.get(reverse("perkasa:funnel")).status_code == 403


def test_registrant_page_query_count_does_not_grow_with_assessments(
    client: Any, personas: Any
) -> None:
    registrant = _eligible(personas)
    client.force_login(personas.perkasa)
    url = reverse("perkasa:registrant", args=[registrant.pk])
    monitoring.reassessment_record(
        actor=personas.perkasa, registrant=registrant, data=_better_off()
    )
    client.get(url)  # the session's first read of the page differs (messages)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _i in range(3):
        monitoring.reassessment_record(
            actor=personas.perkasa, registrant=registrant, data=_better_off()
        )
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)


def test_demo_monitoring_history(personas: Any) -> None:
    from payung.perkasa import demo, demo_monitoring

    assert demo.load(count=120) > 0
    counts = demo_monitoring.load()
    assert counts["graduates"] == 3 and counts["appeals"] == 2
    assert counts["reassessments"] > 2
    assert counts["pending_overrides"] <= 1
    assert monitoring_selectors.overdue_appeals(personas.perkasa).count() == 1
    assert monitoring_selectors.followups_due(personas.perkasa).count() == 3
    assert monitoring_selectors.reassessments_due(personas.perkasa).exists()
    assert demo_monitoring.load() == {}  # once


# --- monitoring and programmes together ------------------------------------------------------


def test_an_approved_override_is_the_category_programme_eligibility_reads(personas: Any) -> None:
    registrant = _eligible(personas)
    scored = registrant.current_score.category
    other = "tidak_miskin" if scored != "tidak_miskin" else "sangat_miskin"
    programme = programmes.programme_create(
        actor=personas.perkasa,
        name="Hibah Usaha",
        agency="DP3AKB",
        kind="hibah",
        eligibility={"categories": [other]},
    )
    assert not programmes.eligibility(programme, registrant)[0].ok
    override = monitoring.override_propose(
        actor=personas.perkasa, registrant=registrant, category=other, reason="Hasil kunjungan."
    )
    monitoring.override_decide(actor=_head(), override=override, approve=True)
    check = programmes.eligibility(programme, registrant)[0]
    assert check.ok
    assert str(choices.Category(other).label) in check.text


def test_the_business_record_answers_the_graduation_criterion(personas: Any) -> None:
    registrant = _participant(personas, has_business=False)
    enrolment = registrant.enrolments.get()
    today = timezone.localdate()
    programmes.business_record(
        actor=personas.perkasa,
        enrolment=enrolment,
        kind="Warung kelontong",
        revenue_band=choices.RevenueBand.values[0],
        status=choices.BusinessStatus.RUNNING,
        started_on=today - dt.timedelta(days=60),
    )
    registrant.refresh_from_db()
    assert registrant.has_business  # the registry follows the business record
    business = monitoring.graduation_check(registrant)[1]
    assert business.state == "not_met" and "Warung kelontong" in business.text
    programmes.business_record(
        actor=personas.perkasa,
        enrolment=enrolment,
        kind="Warung kelontong",
        revenue_band=choices.RevenueBand.values[0],
        status=choices.BusinessStatus.RUNNING,
        started_on=monitoring.add_months(today, -7),
    )
    assert monitoring.graduation_check(registrant)[1].state == "met"
    programmes.business_record(
        actor=personas.perkasa,
        enrolment=enrolment,
        kind="Warung kelontong",
        revenue_band=choices.RevenueBand.values[0],
        status=choices.BusinessStatus.STOPPED,
        started_on=monitoring.add_months(today, -7),
    )
    registrant.refresh_from_db()
    assert not registrant.has_business
    assert monitoring.graduation_check(registrant)[1].state == "not_met"


def test_graduation_is_never_a_bare_status_change(personas: Any) -> None:
    registrant = _participant(personas)
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.registrant_move(
            actor=personas.perkasa, registrant=registrant, to=choices.Status.GRADUATED
        )
    registrant.refresh_from_db()
    assert registrant.status == choices.Status.PARTICIPANT
