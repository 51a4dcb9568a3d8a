"""The coverage board and home panel, the QR quiz, the leader network, Forum Anak."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from payung.outreach import selectors, services
from payung.outreach.models import ForumMember
from tests.factories import BUGUL_LOR, GENTONG, region
from tests.outreach.builders import LOADER, held, make_activity, make_leader, make_quiz

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(board: selectors.CoverageBoard, code: str) -> selectors.CoverageRow:
    return next(r for r in board.rows if r.region.code == code)


def test_coverage_board_counts_held_sessions_per_quarter(personas: Any) -> None:
    now = timezone.now()
    held(make_activity(actor=personas.outreach, starts_at=now - timedelta(minutes=1)))
    make_activity(actor=personas.outreach, code=BUGUL_LOR, days=1)  # planned: not reached
    year, quarter = selectors.current_quarter()
    board = selectors.coverage_board(personas.outreach, year)
    assert len(board.rows) == 34
    assert _row(board, GENTONG).quarters[quarter - 1] == 1
    assert _row(board, GENTONG).religious == 1  # a pengajian
    assert _row(board, BUGUL_LOR).sessions == 0
    # A PPT officer's board holds their kelurahan only.
    assert [r.region.code for r in selectors.coverage_board(personas.ppt_bugullor, year).rows] == [
        BUGUL_LOR
    ]


def test_outreach_home_lists_kelurahan_not_yet_reached(personas: Any) -> None:
    held(make_activity(actor=personas.outreach, starts_at=timezone.now() - timedelta(minutes=1)))
    page = _client(personas.outreach).get(reverse("accounts:home")).content.decode()
    panel = page.split('id="not-reached"', 1)[1].split("</ul>", 1)[0]
    assert "Bugul Lor" in panel
    assert "Gentong" not in panel
    assert reverse("outreach:coverage") in page
    # The PPT officer gets the module's cards but not the city panel.
    ppt = _client(personas.ppt_gentong).get(reverse("accounts:home")).content.decode()
    assert 'id="not-reached"' not in ppt
    assert reverse("outreach:activity_list") in ppt


def test_target_is_set_by_the_outreach_officer_and_used_by_the_board(personas: Any) -> None:
    services.target_set(
        actor=personas.outreach,
        year=2026,
        kelurahan=region(GENTONG),
        min_sessions=4,
        min_religious=2,
    )
    row = _row(selectors.coverage_board(personas.outreach, 2026), GENTONG)
    assert (row.min_sessions, row.min_religious) == (4, 2)
    with pytest.raises(ValidationError):
        services.target_set(
            actor=personas.outreach,
            year=2026,
            kelurahan=region(GENTONG),
            min_sessions=1,
            min_religious=2,
        )


def test_analyst_sees_the_board_but_no_activity(personas: Any) -> None:
    activity = make_activity(actor=personas.outreach)
    analyst = _client(personas.analyst)
    assert analyst.get(reverse("outreach:coverage")).status_code == 200
    assert analyst.get(reverse("outreach:activity_detail", args=[activity.pk])).status_code == 403


def test_quiz_counts_one_sheet_per_browser_and_phase(personas: Any) -> None:
    quiz = make_quiz(make_activity(actor=personas.outreach, starts_at=timezone.now()))
    questions = list(quiz.questions.all())
    assert 3 <= len(questions) <= 7
    url = reverse("outreach_public:quiz", args=[quiz.token, "sebelum"])
    browser = Client(enforce_csrf_checks=False)
    assert browser.get(url).status_code == 200
    right = {f"q{q.pk}": str(q.correct) for q in questions}
    assert "Terima kasih" in browser.post(url, right).content.decode()
    assert "sudah mengirim" in browser.post(url, {}).content.decode()
    other = Client()
    other.get(url)
    other.post(url, {})
    scores = selectors.quiz_scores(quiz)
    assert scores.before_sheets == 2
    assert scores.before_share == pytest.approx(0.5)
    assert scores.after_sheets == 0


def test_quiz_closes_after_its_day(personas: Any) -> None:
    quiz = make_quiz(make_activity(actor=personas.outreach))
    quiz.open_on = date.today() - timedelta(days=2)
    quiz.save()
    response = Client().post(reverse("outreach_public:quiz", args=[quiz.token, "sesudah"]), {})
    assert "sudah ditutup" in response.content.decode()
    assert quiz.responses.count() == 0


def test_quiz_page_asks_no_personal_data(personas: Any) -> None:
    quiz = make_quiz(make_activity(actor=personas.outreach, starts_at=timezone.now()))
    page = Client().get(reverse("outreach_public:quiz", args=[quiz.token, "sebelum"]))
    html = page.content.decode()
    assert 'type="text"' not in html and "<textarea" not in html


def test_withdrawn_leader_disappears_from_the_contact_sheet(personas: Any) -> None:
    leader = make_leader(name="Kyai Uji Listed")
    make_leader(name="Bu RT Tidak Setuju", listed=False)
    url = reverse("outreach:contact_sheet", args=[GENTONG])
    page = _client(personas.ppt_gentong).get(url).content.decode()
    assert "Kyai Uji Listed" in page
    assert "081234567890" in page
    assert "Bu RT Tidak Setuju" not in page
    response = _client(personas.ppt_gentong).post(
        reverse("outreach:leader_withdraw", args=[leader.pk])
    )
    assert response.status_code == 302
    assert "Kyai Uji Listed" not in _client(personas.ppt_gentong).get(url).content.decode()
    # Another kelurahan's officer cannot open Gentong's sheet.
    assert _client(personas.ppt_bugullor).get(url).status_code == 404


def test_leader_phone_is_encrypted_at_rest(personas: Any) -> None:
    from django.db import connection

    leader = make_leader()
    with connection.cursor() as cursor:
        cursor.execute("select phone from outreach_leader where id = %s", [leader.pk])
        stored = cursor.fetchone()[0]
    assert "081234567890" not in stored


def test_forum_member_refuses_a_nik_shaped_name_and_turns_alumni_at_18(personas: Any) -> None:
    forum = services.forum_create(actor=personas.outreach, name="Forum Anak Kota", kelurahan=None)
    common = {
        "forum": forum,
        "birth_year": 2012,
        "sex": "p",
        "kelurahan": region(GENTONG),
        "school_level": "smp",
        "guardian_consent_on": date(2026, 1, 5),
    }
    with pytest.raises(ValidationError):
        services.member_add(actor=personas.outreach, nickname="3575014101120001", **common)
    with pytest.raises(ValidationError):
        services.member_add(actor=personas.outreach, nickname="Bunga 3575.0141.0112.0001", **common)
    member = services.member_add(actor=personas.outreach, nickname="Bunga", **common)
    assert not member.is_alumni(date(2029, 6, 1))
    assert member.is_alumni(date(2030, 1, 1))
    assert ForumMember.objects.count() == 1
    # Children's records are for the outreach officer only, never a PPT officer.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.member_add(actor=personas.ppt_gentong, nickname="Melati", **common)


def test_disclosure_via_leader_referral_links_report(personas: Any) -> None:
    from tests.cases.helpers import make_report

    leader = make_leader()
    report = make_report()
    services.leader_referral_record(actor=LOADER, leader=leader, report=report)
    assert leader.referrals.get().report_id == report.pk


def test_coverage_map_shows_gentong_reached_this_quarter(personas: Any) -> None:
    held(make_activity(actor=personas.outreach, starts_at=timezone.now() - timedelta(minutes=1)))
    page = _client(personas.outreach).get(reverse("outreach:coverage")).content.decode()
    quarter = selectors.current_quarter()[1]
    assert f"Gentong: 1 sesi di triwulan {quarter}" in page
    assert f"Bugul Lor: 0 sesi di triwulan {quarter}" in page
    row = page.split('data-code="35.75.01.1002"', 1)[1].split("</tr>", 1)[0]
    assert 'class="table-success">1<' in row


def test_prevention_counts_reports_before_and_after_the_first_session(personas: Any) -> None:
    from payung.cases.models import Report
    from tests.cases.helpers import make_report

    session = timezone.now() - timedelta(minutes=1)
    year = timezone.localdate(session).year
    held(make_activity(actor=personas.outreach, starts_at=session))
    gentong = region(GENTONG)
    gentong.population = 20_000
    gentong.save()
    received = [session - timedelta(days=10), session, session - timedelta(days=200)]
    for i, when in enumerate(received):
        report = make_report(key=f"prev-{i}")
        Report.objects.filter(pk=report.pk).update(received_at=when)
    data = selectors.prevention(personas.outreach, year)
    row = next(r for r in data.rows if r.region.code == GENTONG)
    assert row.first_session == timezone.localdate(session)
    assert (row.before, row.after) == (1, 1)  # the one 200 days back is outside both windows
    in_year = sum(1 for when in received if timezone.localdate(when).year == year)
    assert row.year_reports == in_year
    assert row.after_rate == 0.5  # 1 report per 20,000 residents
    page = _client(personas.analyst).get(reverse("outreach:prevention")).content.decode()
    assert "bukan bukti dampak" in page
    assert 'id="prevention-table"' in page


def test_forum_pages_refuse_a_nik_name_keep_the_form_and_hide_children_from_others(
    personas: Any,
) -> None:
    forum = services.forum_create(actor=personas.outreach, name="Forum Anak Kota", kelurahan=None)
    url = reverse("outreach:member_add", args=[forum.pk])
    data = {
        "nickname": "3575014101120001",
        "birth_year": 2012,
        "sex": "p",
        "kelurahan": GENTONG,
        "school_level": "smp",
        "guardian_consent_on": "2026-01-05",
    }
    response = _client(personas.outreach).post(url, data)
    assert response.status_code == 422
    assert "Jangan mengisi NIK" in response.content.decode()
    assert not ForumMember.objects.exists()
    data["nickname"] = "Melati Uji"
    assert _client(personas.outreach).post(url, data).status_code == 302
    detail = reverse("outreach:forum_detail", args=[forum.pk])
    assert "Melati Uji" in _client(personas.outreach).get(detail).content.decode()
    for user in (personas.analyst, personas.ppt_gentong, personas.case_manager):
        response = _client(user).get(detail)
        assert response.status_code in (403, 404)
        assert "Melati Uji" not in response.content.decode()


def test_catalogue_question_needs_two_options_and_is_audited(personas: Any) -> None:
    from payung.audit.models import AuditEvent
    from payung.outreach.models import QuizQuestion, Topic

    topic = Topic.objects.get(code="aman_digital")
    url = reverse("outreach:catalogue_add", args=["soal"])
    client = _client(personas.sysadmin)
    bad = client.post(
        url, {"topic": topic.pk, "text": "Soal baru", "correct": 0, "options_text": "Satu"}
    )
    assert bad.status_code == 200
    assert "paling sedikit dua" in bad.content.decode()
    ok = client.post(
        url,
        {"topic": topic.pk, "text": "Soal baru", "correct": 1, "options_text": "Ya\nTidak\n"},
    )
    assert ok.status_code == 302
    question = QuizQuestion.objects.get(text="Soal baru")
    assert question.options == ["Ya", "Tidak"]
    assert AuditEvent.objects.filter(action="outreach.catalogue_create").exists()
    assert _client(personas.ppt_gentong).get(url).status_code == 403


def test_coverage_board_queries_do_not_grow_with_activities(
    personas: Any, django_assert_max_num_queries: Any
) -> None:
    for code in (GENTONG, BUGUL_LOR):
        for _n in range(3):
            held(make_activity(actor=personas.outreach, code=code, days=-1))
    year = timezone.localdate(timezone.now() - timedelta(days=1)).year
    with django_assert_max_num_queries(4):
        board = selectors.coverage_board(personas.outreach, year)
    assert sum(board.totals) == 6


def test_leader_list_counts_sessions_spoken_at(personas: Any) -> None:
    leader = make_leader(name="Kyai Narasumber")
    make_activity(actor=personas.outreach, speakers=[leader])
    page = _client(personas.outreach).get(reverse("outreach:leader_list")).content.decode()
    assert "narasumber di 1 kegiatan, 0 laporan dirujuk" in page
