"""Each role's start page, and the staff navigation."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from payung.accounts import home
from payung.accounts.home import Card, RoleHome
from payung.accounts.roles import ROLE_CAPABILITIES, Cap, Role
from tests.accounts.conftest import signed_in

HOME = "/akun/"

HEADINGS = {
    Role.PPT_OFFICER: "Pos Pelayanan Terpadu (PPT) kelurahan",
    Role.CASE_MANAGER: "Manajer kasus",
    Role.SUPERVISOR: "Supervisor / Kepala UPTD PPA",
    Role.PROVIDER_STAFF: "Penyedia layanan",
    Role.SHELTER_STAFF: "Rumah aman",
    Role.OUTREACH_OFFICER: "Sosialisasi dan pencegahan",
    Role.PERKASA_OFFICER: "Perkasa — Perempuan Kepala Keluarga Sejahtera",
    Role.PERKASA_PARTNER: "Mitra program Perkasa",
    Role.ANALYST: "Analis / pimpinan",
    Role.DPO: "Pejabat pelindungan data (DPO)",
    Role.SYSADMIN: "Admin sistem",
}


def test_every_role_has_a_start_page() -> None:
    assert set(home.ROLE_HOMES) == set(Role.values)


def test_no_card_needs_a_capability_its_role_lacks() -> None:
    for role, spec in home.ROLE_HOMES.items():
        for card in spec.cards:
            assert card.capability is None or card.capability in ROLE_CAPABILITIES[role], (
                role,
                card,
            )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona",
    [
        "ppt_gentong",
        "case_manager",
        "supervisor",
        "provider",
        "shelter",
        "outreach",
        "perkasa",
        "perkasa_partner",
        "analyst",
        "dpo",
        "sysadmin",
    ],
)
def test_each_role_sees_its_own_heading_and_duties(personas, persona) -> None:
    user = getattr(personas, persona)
    response = signed_in(user).get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    assert f">{HEADINGS[user.role]}<" in body.replace("&mdash;", "—")
    assert str(home.ROLE_HOMES[user.role].duties) in body
    # Every role can reach its own security page from the start page.
    assert 'href="/akun/keamanan/"' in body


@pytest.mark.django_db
def test_sysadmin_home_links_to_user_management(personas) -> None:
    body = signed_in(personas.sysadmin).get(HOME).content.decode()
    assert 'href="/akun/pengguna/"' in body
    assert 'href="/akun/pengguna/baru/"' in body


@pytest.mark.django_db
def test_dpo_home_links_to_the_audit_trail(personas) -> None:
    body = signed_in(personas.dpo).get(HOME).content.decode()
    assert 'href="/audit/"' in body
    assert 'href="/audit/akses/"' in body  # the access log
    assert 'href="/akun/pengguna/"' not in body


@pytest.mark.django_db
def test_analyst_home_never_links_to_case_records_or_people(personas, monkeypatch) -> None:
    # Even a mistaken registry entry for a case-content page is dropped for the analyst.
    spec = home.ROLE_HOMES[Role.ANALYST]
    leaky = Card("accounts:user_list", "Daftar nama", "nama orang", Cap.CASE_CONTENT)
    monkeypatch.setitem(
        home.ROLE_HOMES, Role.ANALYST, RoleHome(spec.heading, spec.duties, (leaky, *spec.cards))
    )
    body = signed_in(personas.analyst).get(HOME).content.decode()
    assert "Daftar nama" not in body
    assert "/kasus/" not in body
    for other in (personas.case_manager, personas.ppt_gentong, personas.sysadmin):
        assert other.last_name not in body


def test_every_card_of_every_role_names_a_route_that_exists() -> None:
    missing = []
    for role, spec in home.ROLE_HOMES.items():
        for card in spec.cards:
            try:
                reverse(card.url_name)
            except NoReverseMatch:
                missing.append((role, card.url_name))
    assert missing == []


@pytest.mark.django_db
def test_every_role_home_shows_every_card_it_may_open(personas) -> None:
    # One persona per role; each card the role holds the capability for is on the page with
    # its link, none dropped.
    by_role = {user.role: user for user in personas.all().values()}
    assert set(by_role) == set(Role.values)
    for role, user in by_role.items():
        body = signed_in(user).get(HOME).content.decode()
        for card in home.ROLE_HOMES[role].cards:
            if card.capability is None or user.can(card.capability):
                assert f'href="{reverse(card.url_name)}"' in body, (role, card.url_name)
                assert str(card.title) in body, (role, card.url_name)


@pytest.mark.django_db
def test_a_card_for_a_missing_route_is_an_error_not_silently_dropped(personas, monkeypatch) -> None:
    spec = home.ROLE_HOMES[Role.SYSADMIN]
    missing = Card("belum:ada", "Modul yang belum ada", "—", None)
    monkeypatch.setitem(
        home.ROLE_HOMES, Role.SYSADMIN, RoleHome(spec.heading, spec.duties, (missing, *spec.cards))
    )
    with pytest.raises(NoReverseMatch):
        home.home_for(personas.sysadmin)


@pytest.mark.django_db
def test_home_shows_an_empty_state_when_no_card_is_reachable(personas, monkeypatch) -> None:
    spec = home.ROLE_HOMES[Role.SHELTER_STAFF]
    monkeypatch.setitem(
        home.ROLE_HOMES, Role.SHELTER_STAFF, RoleHome(spec.heading, spec.duties, ())
    )
    body = signed_in(personas.shelter).get(HOME).content.decode()
    assert "Belum ada menu kerja untuk peran Anda" in body


@pytest.mark.django_db
def test_home_anonymous_and_wrong_method(personas) -> None:
    assert Client().get(HOME)["Location"] == "/akun/masuk/?next=/akun/"
    assert signed_in(personas.case_manager).post(HOME).status_code == 405


@pytest.mark.django_db
def test_staff_navigation_follows_capabilities(personas) -> None:
    admin_body = signed_in(personas.sysadmin).get(HOME).content.decode()
    manager_body = signed_in(personas.case_manager).get(HOME).content.decode()
    assert 'class="staff-nav__link" href="/akun/pengguna/"' in admin_body
    assert 'href="/akun/pengguna/"' not in manager_body
    # The current page is marked for screen readers.
    assert 'href="/akun/" aria-current="page"' in manager_body
    # No Bootstrap collapse (it needs JavaScript): the menu is plain wrapping links.
    assert "navbar-toggler" not in manager_body
    assert re.findall(r"<script(?![^>]*\bsrc=)", manager_body) == []  # no inline script


@pytest.mark.django_db
def test_navigation_marks_the_section_on_sub_pages(personas) -> None:
    body = (
        signed_in(personas.sysadmin)
        .get(f"/akun/pengguna/{personas.case_manager.pk}/")
        .content.decode()
    )
    assert 'class="staff-nav__link is-active" href="/akun/pengguna/" aria-current="page"' in body
