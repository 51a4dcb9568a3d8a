"""Every list and detail page and every API endpoint runs a fixed number of queries.

Each page is opened with one row (a list) or a bare record (a detail page), then again after
more rows were added (four more list rows; for a detail page, four more of everything the page
shows about the record). The two counts must be equal — N+1 queries show up as a difference —
and equal to the count pinned in ``PINS``, so a page that starts running more queries, even a
constant number more, is a conscious change. Wall-clock time is never asserted (see
``make bench`` and docs/performance.md for that).

PostgreSQL runs one query more than SQLite per audit-chain append (the advisory lock that
serialises appends), so a pin is ``(SQLite, PostgreSQL)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from payung.accounts.models import ApiToken
from payung.audit.services import access_record
from payung.cases import services
from payung.cases.uploads import check_bytes
from payung.notifications.models import Notification, OutboxMessage
from tests.accounts.conftest import signed_in
from tests.audit.helpers import build_chain
from tests.care import builders
from tests.care.factories import make_case, make_organisation, make_shelter, make_stay
from tests.cases.casework import add_perpetrator, open_case, run_to_services, victim_of
from tests.cases.helpers import PDF_BYTES, make_report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MORE = 4  # rows added between the two counts


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    # Builds the first row (or the bare record) and returns what ``url`` needs.
    setup: Callable[[Any], Any]
    url: Callable[[Any], str]
    # Adds one more row to the list (or one more of everything to the record).
    grow: Callable[[Any, Any], Any]


# --- builders ---------------------------------------------------------------------------------

_serial = iter(range(10**6))


def _n() -> int:
    return next(_serial)


def _enrich_case(personas: Any, case: Any) -> None:
    manager = personas.case_manager
    add_perpetrator(case, manager, name=f"Pelaku Contoh{_n()}")
    services.note_add(actor=manager, case=case, body="catatan")
    services.document_upload(
        actor=manager, case=case, kind="visum", attachment=check_bytes(PDF_BYTES, "v.pdf")
    )
    services.consent_record(
        actor=manager,
        case=case,
        subject=victim_of(case),
        given_by=victim_of(case),
        purpose="pemrosesan",
        method="lisan",
        given_on=timezone.localdate(),
    )
    # Someone else opening the record adds to the timeline's "who else opened it".
    access_record(actor=personas.supervisor, target=case, purpose="case.view")


def _case_in_services(personas: Any) -> Any:
    return run_to_services(open_case(personas), personas.case_manager)


def _case_with_everything(personas: Any) -> Any:
    # The case page loads only the sections a case has (selectors.case_sections): start with
    # one of each kind the growth adds, so that growing adds rows, not sections.
    case = _case_in_services(personas)
    _enrich_case(personas, case)
    return case


def _closure_request(personas: Any) -> Any:
    case = open_case(personas)
    return services.closure_request(
        actor=personas.case_manager, case=case, reason="tujuan_tercapai", note=""
    )


def _referral(personas: Any) -> Any:
    return builders.send_referral(personas)


def _grow_referral(personas: Any, referral: Any) -> None:
    from payung.care import services as care

    referral.refresh_from_db()
    if referral.status == "dikirim":
        care.referral_accept(actor=personas.provider, referral=referral)
    builders.send_referral(personas, case=referral.case)


def _organisation(personas: Any) -> Any:
    return make_organisation(f"Puskesmas Uji {_n()}", kind="puskesmas", services=("medis",))


def _shelter_with_stay(personas: Any) -> Any:
    shelter = personas.shelter.organisation.shelter
    make_stay(shelter, make_case(personas.case_manager), alias=f"Melati{_n()}")
    return shelter


def _notification(personas: Any) -> Any:
    return Notification.objects.create(
        recipient=personas.case_manager, topic="uji", title=f"Pemberitahuan {_n()}", url="/"
    )


def _failed_message(personas: Any) -> Any:
    return OutboxMessage.objects.create(
        channel="email",
        recipient=personas.case_manager,
        subject=f"Pesan {_n()}",
        body="isi",
        status="failed",
        attempts=6,
        next_attempt_at=timezone.now(),
    )


def _token(personas: Any) -> Any:
    return ApiToken.objects.create(
        user=personas.case_manager,
        name=f"token {_n()}",
        token_hash=f"{_n():064d}",
        hint="pyg_x",
        expires_at=timezone.now() + timedelta(days=30),
    )


def _user(personas: Any) -> Any:
    return UserFactory(username=f"petugas_perf{_n()}")


def _deadline_rule(personas: Any) -> Any:
    from payung.cases.models import DeadlineRule

    return DeadlineRule.objects.create(
        code=f"uji-{_n()}", name="Tenggat uji", trigger="kasus_dibuka", hours=48, active=False
    )


def _nothing(personas: Any, state: Any = None) -> None:
    return None


# --- the pages ----------------------------------------------------------------------------------

_report_list = Page(
    "report list",
    "supervisor",
    lambda p: make_report(),
    lambda s: "/kasus/laporan/",
    lambda p, s: make_report(),
)
PAGES = [
    _report_list,
    Page(
        "triage queue",
        "supervisor",
        lambda p: make_report(),
        lambda s: "/kasus/triase/",
        lambda p, s: make_report(),
    ),
    Page(
        "report detail",
        "supervisor",
        lambda p: make_report(),
        lambda s: f"/kasus/laporan/{s.pk}/",
        # More reports nearby are more duplicate candidates on the page.
        lambda p, s: make_report(victim_name="Mawar Contohsari"),
    ),
    Page("case list", "supervisor", open_case, lambda s: "/kasus/", lambda p, s: open_case(p)),
    Page(
        "case list search",
        "supervisor",
        open_case,
        lambda s: "/kasus/?q=Mawar",
        lambda p, s: open_case(p),
    ),
    Page(
        "my cases", "case_manager", open_case, lambda s: "/kasus/saya/", lambda p, s: open_case(p)
    ),
    Page(
        "my deadlines",
        "case_manager",
        open_case,
        lambda s: "/kasus/tenggat/",
        lambda p, s: open_case(p),
    ),
    Page(
        "closure queue",
        "supervisor",
        _closure_request,
        lambda s: "/kasus/penutupan/",
        lambda p, s: _closure_request(p),
    ),
    Page(
        "case detail",
        "case_manager",
        _case_with_everything,
        lambda s: f"/kasus/{s.pk}/",
        _enrich_case,
    ),
    Page(
        "case history",
        "case_manager",
        _case_with_everything,
        lambda s: f"/kasus/{s.pk}/riwayat/",
        _enrich_case,
    ),
    Page(
        "case deadline rules",
        "sysadmin",
        _deadline_rule,
        lambda s: "/kasus/tenggat/aturan/",
        lambda p, s: _deadline_rule(p),
    ),
    Page(
        "triage deadline rules", "sysadmin", _nothing, lambda s: "/kasus/triase/aturan/", _nothing
    ),
    # --- care
    Page(
        "partner directory",
        "case_manager",
        _organisation,
        lambda s: "/layanan/mitra/",
        lambda p, s: _organisation(p),
    ),
    Page(
        "partner detail",
        "case_manager",
        _organisation,
        lambda s: f"/layanan/mitra/{s.pk}/",
        _nothing,
    ),
    Page(
        "organisation admin list",
        "sysadmin",
        _organisation,
        lambda s: "/layanan/kelola/",
        lambda p, s: _organisation(p),
    ),
    Page(
        "service catalogue admin",
        "sysadmin",
        _nothing,
        lambda s: "/layanan/kelola/layanan/",
        _nothing,
    ),
    Page(
        "shelter list",
        "supervisor",
        lambda p: make_shelter(f"Rumah Aman {_n()}"),
        lambda s: "/layanan/rumah-aman/",
        lambda p, s: make_shelter(f"Rumah Aman {_n()}"),
    ),
    Page(
        "shelter residents (shelter staff)",
        "shelter",
        _shelter_with_stay,
        lambda s: f"/layanan/rumah-aman/{s.pk}/",
        lambda p, s: _shelter_with_stay(p),
    ),
    Page(
        "shelter detail",
        "supervisor",
        _shelter_with_stay,
        lambda s: f"/layanan/rumah-aman/{s.pk}/",
        lambda p, s: _shelter_with_stay(p),
    ),
    Page(
        "referral list",
        "case_manager",
        _referral,
        lambda s: "/layanan/rujukan/",
        lambda p, s: _referral(p),
    ),
    Page(
        "referral detail",
        "case_manager",
        _referral,
        lambda s: f"/layanan/rujukan/{s.pk}/",
        _grow_referral,
    ),
    Page(
        "referral inbox",
        "provider",
        _referral,
        lambda s: "/layanan/rujukan-masuk/",
        lambda p, s: _referral(p),
    ),
    Page(
        "referral inbox detail",
        "provider",
        _referral,
        lambda s: f"/layanan/rujukan-masuk/{s.pk}/",
        _grow_referral,
    ),
    Page(
        "my home visits",
        "case_manager",
        lambda p: builders.home_visit(p),
        lambda s: "/layanan/kunjungan/",
        lambda p, s: builders.home_visit(p),
    ),
    Page(
        "my tasks",
        "case_manager",
        lambda p: builders.task(p),
        lambda s: "/layanan/tugas/",
        lambda p, s: builders.task(p),
    ),
    # --- audit, notifications, accounts, regions
    Page(
        "audit events",
        "dpo",
        lambda p: build_chain(1),
        lambda s: "/audit/",
        lambda p, s: build_chain(1),
    ),
    Page(
        "access log",
        "dpo",
        lambda p: access_record(actor=p.supervisor, target=make_report(), purpose="report.view"),
        lambda s: "/audit/akses/",
        lambda p, s: access_record(actor=p.supervisor, target=make_report(), purpose="report.view"),
    ),
    Page(
        "notifications",
        "case_manager",
        _notification,
        lambda s: "/notifikasi/",
        lambda p, s: _notification(p),
    ),
    Page(
        "failed outbox",
        "sysadmin",
        _failed_message,
        lambda s: "/notifikasi/gagal/",
        lambda p, s: _failed_message(p),
    ),
    Page("user list", "sysadmin", _user, lambda s: "/akun/pengguna/", lambda p, s: _user(p)),
    Page(
        "security and tokens",
        "case_manager",
        _token,
        lambda s: "/akun/keamanan/",
        lambda p, s: _token(p),
    ),
    Page(
        "home (case manager)",
        "case_manager",
        open_case,
        lambda s: "/akun/",
        lambda p, s: open_case(p),
    ),
    Page(
        "home (supervisor)", "supervisor", open_case, lambda s: "/akun/", lambda p, s: open_case(p)
    ),
    Page("service posts", "sysadmin", _nothing, lambda s: "/wilayah/pos/", _nothing),
    # --- API
    Page(
        "API reports",
        "supervisor",
        lambda p: make_report(),
        lambda s: "/api/v1/reports/",
        lambda p, s: make_report(),
    ),
    Page(
        "API report",
        "supervisor",
        lambda p: make_report(),
        lambda s: f"/api/v1/reports/{s.pk}",
        lambda p, s: make_report(),
    ),
    Page(
        "API cases", "supervisor", open_case, lambda s: "/api/v1/cases/", lambda p, s: open_case(p)
    ),
    Page(
        "API cases search",
        "supervisor",
        open_case,
        lambda s: "/api/v1/cases/?q=Mawar",
        lambda p, s: open_case(p),
    ),
    Page(
        "API case",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}",
        _enrich_case,
    ),
    Page(
        "API case people",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}/people",
        _enrich_case,
    ),
    Page(
        "API case incidents",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}/incidents",
        _enrich_case,
    ),
    Page(
        "API case transitions",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}/transitions",
        _enrich_case,
    ),
    Page(
        "API case assessments",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}/assessments",
        _enrich_case,
    ),
    Page(
        "API case consents",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}/consents",
        _enrich_case,
    ),
    Page(
        "API case deadlines",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}/deadlines",
        _enrich_case,
    ),
    Page(
        "API case documents",
        "case_manager",
        _case_in_services,
        lambda s: f"/api/v1/cases/{s.pk}/documents",
        _enrich_case,
    ),
    Page("API me", "case_manager", _nothing, lambda s: "/api/v1/me", _nothing),
    Page("API regions", "case_manager", _nothing, lambda s: "/api/v1/regions/", _nothing),
    Page("API posts", "case_manager", _nothing, lambda s: "/api/v1/posts/", _nothing),
    Page("API services", "case_manager", _nothing, lambda s: "/api/v1/care/services/", _nothing),
    Page(
        "API organisations",
        "case_manager",
        _organisation,
        lambda s: "/api/v1/care/organisations/",
        lambda p, s: _organisation(p),
    ),
    Page(
        "API organisation",
        "case_manager",
        _organisation,
        lambda s: f"/api/v1/care/organisations/{s.pk}",
        _nothing,
    ),
    Page(
        "API shelters",
        "supervisor",
        lambda p: make_shelter(f"Rumah Aman {_n()}"),
        lambda s: "/api/v1/care/shelters/",
        lambda p, s: make_shelter(f"Rumah Aman {_n()}"),
    ),
    Page(
        "API shelter",
        "supervisor",
        _shelter_with_stay,
        lambda s: f"/api/v1/care/shelters/{s.pk}",
        lambda p, s: _shelter_with_stay(p),
    ),
    Page(
        "API referrals",
        "case_manager",
        _referral,
        lambda s: "/api/v1/care/referrals/",
        lambda p, s: _referral(p),
    ),
    Page(
        "API referral",
        "case_manager",
        _referral,
        lambda s: f"/api/v1/care/referrals/{s.pk}",
        _grow_referral,
    ),
    Page(
        "API inbox",
        "provider",
        _referral,
        lambda s: "/api/v1/care/inbox/",
        lambda p, s: _referral(p),
    ),
    Page(
        "API inbox referral",
        "provider",
        _referral,
        lambda s: f"/api/v1/care/inbox/{s.pk}",
        _grow_referral,
    ),
    # --- public
    Page("public home", "", _nothing, lambda s: "/", _nothing),
    Page("public PPT finder", "", _nothing, lambda s: "/ppt/", _nothing),
    Page("public report form", "", _nothing, lambda s: "/lapor/", _nothing),
]

# Queries per page: (SQLite, PostgreSQL). Change a pin only together with the page.
# Issue #15: every signed-in page runs one query more for the unread-notification badge in
# the navigation, and one more for the triage count when the user triages; the start page
# runs the "what needs doing" counts (payung/cases/home.py, at most three queries).
PINS: dict[str, tuple[int, int]] = {
    "report list": (6, 6),
    "triage queue": (6, 6),
    "report detail": (13, 14),
    # A supervisor of a small region (the test city): + its case ids, read first (a page of a
    # city among a million cases is a sort of its own rows: docs/performance.md).
    "case list": (13, 14),  # + the search record and a row per case shown, one insert
    # + the search record and a row per case shown, one insert; a name is searched in the
    # region's name rows, a subquery of the page's queries, without the plain list's first
    # read of a small region's case ids (docs/performance.md, "Name search by region")
    "case list search": (12, 13),
    # + the search record and a row per case shown, one insert; on PostgreSQL the two short
    # lists' ids are read first, for the count and for the page (CaseListQuerySet)
    "my cases": (12, 15),
    "my deadlines": (5, 5),
    "closure queue": (8, 8),
    "case detail": (24, 25),
    "case history": (28, 29),  # + what the reporter added from the status page
    "case deadline rules": (4, 4),
    "triage deadline rules": (4, 4),
    "partner directory": (8, 8),
    "partner detail": (7, 7),
    "organisation admin list": (6, 6),
    "service catalogue admin": (4, 4),
    "shelter list": (6, 6),
    "shelter residents (shelter staff)": (14, 15),  # + the expected arrivals (issue #15)
    "shelter detail": (12, 13),
    "referral list": (6, 6),
    "referral detail": (11, 12),
    "referral inbox": (6, 6),
    "referral inbox detail": (11, 12),
    "my home visits": (7, 7),
    "my tasks": (5, 5),
    "audit events": (5, 5),
    "access log": (5, 5),
    "notifications": (5, 5),
    "failed outbox": (4, 4),
    "user list": (5, 5),
    "security and tokens": (6, 6),
    "home (case manager)": (6, 6),
    "home (supervisor)": (6, 6),
    "service posts": (4, 4),
    "API reports": (4, 4),
    "API report": (9, 10),
    "API cases": (6, 6),  # + the small region's case ids, as the case list
    "API cases search": (5, 5),  # a name: the region's name rows, a subquery
    "API case": (10, 11),
    "API case people": (8, 9),
    "API case incidents": (6, 6),
    "API case transitions": (4, 4),
    "API case assessments": (4, 4),
    "API case consents": (4, 4),
    "API case deadlines": (4, 4),
    "API case documents": (4, 4),
    "API me": (2, 2),
    "API regions": (4, 4),
    "API posts": (4, 4),
    "API services": (3, 3),
    "API organisations": (5, 5),
    "API organisation": (5, 5),
    "API shelters": (4, 4),
    "API shelter": (9, 10),  # + the access-log row for the confidential address
    "API referrals": (5, 5),
    "API referral": (9, 10),
    "API inbox": (5, 5),
    "API inbox referral": (9, 10),
    "public home": (1, 1),
    "public PPT finder": (1, 1),
    # The city centre's post (shown on the form) is cached after the warm request, and the
    # report fields' HTML too: the form itself reads nothing from the database.
    "public report form": (0, 0),
}


def _count(client: Any, url: str) -> int:
    client.get(url)  # warm: a session's first request also writes the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_query_count_is_pinned_and_does_not_grow_with_rows(personas, page: Page) -> None:
    from django.test import Client

    client = signed_in(getattr(personas, page.persona)) if page.persona else Client()
    state = page.setup(personas)
    url = page.url(state)
    first = _count(client, url)
    for _ in range(MORE):
        page.grow(personas, state)
    again = _count(client, url)
    assert again == first, f"{page.name}: {first} queries with one row, {again} with more"
    pinned = PINS.get(page.name)
    expected = None if pinned is None else pinned[connection.vendor == "postgresql"]
    assert expected == first, f"{page.name}: {first} queries (pinned: {pinned})"


def test_people_search_by_post_has_a_pinned_query_count(personas) -> None:
    """The API people search (a POST since issue #14, so not in PAGES): + the access-log
    rows (the kind-and-count row and one per case shown) in one insert."""
    client = signed_in(personas.supervisor)
    open_case(personas)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                "/api/v1/people/search", {"name": "Mawar"}, content_type="application/json"
            )
        assert response.status_code == 200
        return len(queries)

    count()  # warm: a session's first request also writes the session
    first = count()
    for _ in range(MORE):
        open_case(personas)
    assert count() == first
    # A name is searched in the region's name rows, a subquery of the list's own queries.
    assert first == (9 if connection.vendor == "postgresql" else 8)
