"""Shared fixtures: one named persona per role (healthchecks' alice/bob/charlie style)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from payung.accounts.models import User
from payung.accounts.roles import Role
from tests.factories import BUGUL_LOR, CITY, GENTONG, UserFactory, region

PASSWORD = "kata-sandi-uji-123"


@dataclass
class Personas:
    ppt_gentong: User  # PPT officer, kelurahan Gentong
    ppt_gentong2: User  # a colleague at the same post
    ppt_bugullor: User  # PPT officer of another kelurahan: an outsider to Gentong
    case_manager: User
    case_manager2: User
    supervisor: User
    provider: User  # staff of "RSUD Uji"
    shelter: User  # staff of "Rumah Aman Uji"
    outreach: User
    perkasa: User
    perkasa_partner: User  # staff of "Diskop UMKM Uji", an agency owning Perkasa programmes
    analyst: User
    dpo: User
    sysadmin: User

    def all(self) -> dict[str, User]:
        return dict(vars(self))


@pytest.fixture(autouse=True)
def _fresh_holiday_cache() -> None:
    """Each test reads the holidays of its own database (the cache lives per process)."""
    from payung.calendar.workdays import forget_holidays

    forget_holidays()


@pytest.fixture(autouse=True)
def _fresh_centre_post() -> None:
    """Each test reads the city centre of its own database (cached across requests)."""
    from payung.regions.selectors import forget_centre_post

    forget_centre_post(CITY)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Bahasa Indonesia: a test that rendered an English page must not
    leave English active in the thread for the next one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def personas(db: None) -> Personas:
    from tests.care.factories import make_organisation, make_shelter

    def make(username: str, role: str, code: str = CITY, **fields: object) -> User:
        return UserFactory(username=username, role=role, region=region(code), **fields)

    # Provider and shelter staff belong to one organisation each (User.clean).
    hospital = make_organisation("RSUD Uji")
    safe_house = make_shelter("Rumah Aman Uji").organisation
    diskop = make_organisation("Diskop UMKM Uji", kind="lainnya", services=())

    return Personas(
        ppt_gentong=make("siti_ppt", Role.PPT_OFFICER, GENTONG),
        ppt_gentong2=make("sari_ppt", Role.PPT_OFFICER, GENTONG),
        ppt_bugullor=make("dina_ppt", Role.PPT_OFFICER, BUGUL_LOR),
        case_manager=make("rina_mk", Role.CASE_MANAGER),
        case_manager2=make("budi_mk", Role.CASE_MANAGER),
        supervisor=make("lina_sup", Role.SUPERVISOR),
        provider=make("andi_rsud", Role.PROVIDER_STAFF, organisation=hospital),
        shelter=make("wati_shelter", Role.SHELTER_STAFF, organisation=safe_house),
        outreach=make("agus_sos", Role.OUTREACH_OFFICER),
        perkasa=make("yati_perkasa", Role.PERKASA_OFFICER),
        perkasa_partner=make("rini_diskop", Role.PERKASA_PARTNER, organisation=diskop),
        analyst=make("hendra_analis", Role.ANALYST),
        dpo=make("yuni_dpo", Role.DPO),
        sysadmin=make("joko_admin", Role.SYSADMIN),
    )
