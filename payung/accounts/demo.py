"""Demo accounts: one per role, obviously fictional, with one shared demo password
(``settings.DEMO_PASSWORD``: generated per checkout, printed by ``make run``).

Only loaded by `manage.py load_demo`, which refuses to run in production.
"""

from __future__ import annotations

from dataclasses import dataclass

from payung.accounts.roles import Role


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region_code: str
    first_name: str
    last_name: str
    on_duty: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("ppt.gentong", Role.PPT_OFFICER, "35.75.01.1002", "Sri", "Contohwati"),
    DemoAccount("ppt.bugullor", Role.PPT_OFFICER, "35.75.04.1010", "Dewi", "Percobaan"),
    DemoAccount("manajer", Role.CASE_MANAGER, "35.75", "Ratna", "Fiktifah", on_duty=True),
    DemoAccount("manajer2", Role.CASE_MANAGER, "35.75", "Budi", "Rekaan"),
    DemoAccount("supervisor", Role.SUPERVISOR, "35.75", "Lestari", "Khayalan"),
    DemoAccount("rsud", Role.PROVIDER_STAFF, "35.75", "dr. Andi", "Sampelan"),
    DemoAccount("rumahaman", Role.SHELTER_STAFF, "35.75", "Wati", "Ujicoba"),
    DemoAccount("sosialisasi", Role.OUTREACH_OFFICER, "35.75", "Agus", "Misalnya"),
    DemoAccount("perkasa", Role.PERKASA_OFFICER, "35.75", "Siti", "Demonah"),
    # Staff of Diskop UMKM, which owns a Perkasa programme (perkasa.demo.AGENCY_ORGANISATIONS).
    DemoAccount("diskop", Role.PERKASA_PARTNER, "35.75", "Rahmawati", "Contohdinas"),
    DemoAccount("analis", Role.ANALYST, "35.75", "Hendra", "Angkawan"),
    DemoAccount("dpo", Role.DPO, "35.75", "Yuni", "Penjagadata"),
    DemoAccount("admin", Role.SYSADMIN, "35.75", "Joko", "Sistemadi"),
]
