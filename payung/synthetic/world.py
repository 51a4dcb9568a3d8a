"""The synthetic world a dataset lives in: regions, staff accounts, partner organisations.

City scale uses Kota Pasuruan's real reference regions (35.75, loaded by the regions
migration) and splits its population (213,469) over the 34 kelurahan. National scale adds
synthetic kabupaten/kota under real province codes: their codes use 50–69 (a range Kemendagri
does not assign) and every name ends in "(sintetis)", so they can never be mistaken for, or
collide with, imported reference data. Kota Pasuruan takes part at national scale too, with
its share of the population.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from payung.regions.models import Region, RegionLevel, ServicePost, ServicePostKind
from payung.synthetic import vocab

CITY_CODE = "35.75"
CITY_POPULATION = 213_469
USERNAME_PREFIX = "sint_"


@dataclass
class Village:
    id: int
    code: str
    kota: Kota
    nik_prefix: str  # six digits: province, kabupaten/kota, kecamatan
    ppt_officer: tuple[int, str] | None = None


@dataclass
class Kota:
    code: str
    name: str
    population: int
    villages: list[Village] = field(default_factory=list)
    village_weights: list[float] = field(default_factory=list)
    supervisor: tuple[int, str] = (0, "")
    managers: list[tuple[int, str]] = field(default_factory=list)
    # organisation kind → [(id, name, service codes)]
    organisations: dict[str, list[tuple[int, str, tuple[str, ...]]]] = field(default_factory=dict)
    shelter: tuple[int, int, str] | None = None  # (shelter id, organisation id, name)
    shelter_staff: tuple[int, str] | None = None
    # organisation id → its provider staff account (who answers referrals)
    organisation_staff: dict[int, tuple[int, str]] = field(default_factory=dict)


def place_name(rng: random.Random) -> str:
    return rng.choice(vocab.PLACE_STEMS) + rng.choice(vocab.PLACE_ENDINGS)


def person_name(rng: random.Random, sex: str) -> str:
    """An invented Indonesian-sounding name, marked as synthetic."""
    if rng.random() < 0.3:
        first = rng.choice(vocab.FEMALE_GIVEN if sex == "p" else vocab.MALE_GIVEN)
    else:
        endings = vocab.FEMALE_ENDINGS if sex == "p" else vocab.MALE_ENDINGS
        first = rng.choice(vocab.STEMS) + rng.choice(endings)
    if rng.random() < 0.6:
        return f"{first} {rng.choice(vocab.SECOND_WORDS)}{vocab.SUFFIX}"
    return f"{first}{vocab.SUFFIX}"


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, summing exactly to ``total``."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[
        : total - sum(parts)
    ]:
        parts[i] += 1
    return parts


def _nik_prefix(code: str) -> str:
    return code.replace(".", "")[:6]


class WorldBuilder:
    """Creates (through the ORM: thousands of rows, not millions) the places and people."""

    def __init__(self, rng: random.Random, *, national: bool, cases_per_year: float) -> None:
        self.rng = rng
        self.national = national
        self.cases_per_year = cases_per_year
        self.password = make_password(None)  # unusable: synthetic staff never sign in
        self.kotas: list[Kota] = []
        self.regions_created = 0
        self.users_created = 0
        self.organisations_created = 0

    # --- regions ------------------------------------------------------------------------

    def build(self) -> list[Kota]:
        city = Region.objects.get(code=CITY_CODE)
        self.kotas.append(self._pasuruan(city))
        if self.national:
            self._synthetic_regions()
        total_population = sum(k.population for k in self.kotas)
        for kota in self.kotas:
            kota_cases = self.cases_per_year * kota.population / total_population
            self._staff(kota, kota_cases)
            self._organisations(kota)
        return self.kotas

    def _pasuruan(self, city: Region) -> Kota:
        villages = list(Region.objects.within(CITY_CODE).villages().order_by("code"))
        # No official per-kelurahan figures are bundled, so the city total is split with
        # fixed pseudo-random weights (a seeded generator of its own: the same split always).
        split_rng = random.Random(3575)
        weights = [split_rng.lognormvariate(0, 0.35) for _ in villages]
        populations = _split(CITY_POPULATION, weights)
        kota = Kota(code=CITY_CODE, name=city.name, population=CITY_POPULATION)
        for region, population in zip(villages, populations, strict=True):
            kota.villages.append(
                Village(
                    id=region.pk, code=region.code, kota=kota, nik_prefix=_nik_prefix(region.code)
                )
            )
            kota.village_weights.append(population)
        return kota

    def _synthetic_regions(self) -> None:
        rng = self.rng
        now = timezone.now()
        existing = set(Region.objects.values_list("code", flat=True))
        provinces: dict[str, Region] = {
            r.code: r for r in Region.objects.filter(level=RegionLevel.PROVINCE)
        }
        new_provinces = [
            Region(code=code, name=f"{name}{vocab.SUFFIX}", level=RegionLevel.PROVINCE)
            for code, name, _w in vocab.PROVINCES
            if code not in existing
        ]
        for region in Region.objects.bulk_create(new_provinces):
            provinces[region.code] = region
        self.regions_created += len(new_provinces)

        regencies: list[tuple[Region, int]] = []
        for code, _name, millions in vocab.PROVINCES:
            count = max(3, min(len(vocab.SYNTHETIC_REGENCY_CODES), round(millions / 2.2)))
            populations = _split(
                int(millions * 1_000_000), [rng.lognormvariate(0, 0.5) for _ in range(count)]
            )
            for number, population in zip(
                vocab.SYNTHETIC_REGENCY_CODES[:count], populations, strict=False
            ):
                is_city = rng.random() < 0.25
                level = RegionLevel.CITY if is_city else RegionLevel.REGENCY
                label = "Kota" if is_city else "Kabupaten"
                regencies.append(
                    (
                        Region(
                            code=f"{code}.{number:02d}",
                            name=f"{label} {place_name(rng)}{vocab.SUFFIX}",
                            level=level,
                            parent=provinces[code],
                            population=population,
                        ),
                        population,
                    )
                )
        Region.objects.bulk_create([r for r, _p in regencies])
        self.regions_created += len(regencies)

        districts: list[tuple[Region, Region, int]] = []
        for regency, population in regencies:
            count = rng.randint(6, 14)
            for number, share in enumerate(
                _split(population, [rng.lognormvariate(0, 0.4) for _ in range(count)]), start=1
            ):
                districts.append(
                    (
                        Region(
                            code=f"{regency.code}.{number:02d}",
                            name=f"{place_name(rng)}{vocab.SUFFIX}",
                            level=RegionLevel.DISTRICT,
                            parent=regency,
                            population=share,
                        ),
                        regency,
                        share,
                    )
                )
        Region.objects.bulk_create([d for d, _r, _p in districts])
        self.regions_created += len(districts)

        kotas = {
            regency.code: Kota(code=regency.code, name=regency.name, population=population)
            for regency, population in regencies
        }
        villages: list[Region] = []
        for district, regency, population in districts:
            count = rng.randint(6, 12)
            urban = regency.level == RegionLevel.CITY
            first = 1001 if urban else 2001
            for number, share in enumerate(
                _split(population, [rng.lognormvariate(0, 0.5) for _ in range(count)])
            ):
                villages.append(
                    Region(
                        code=f"{district.code}.{first + number}",
                        name=f"{place_name(rng)}{vocab.SUFFIX}",
                        level=RegionLevel.URBAN_VILLAGE if urban else RegionLevel.VILLAGE,
                        parent=district,
                        population=share,
                    )
                )
        for region in Region.objects.bulk_create(villages, batch_size=2000):
            kota = kotas[region.code[:5]]
            kota.villages.append(
                Village(
                    id=region.pk, code=region.code, kota=kota, nik_prefix=_nik_prefix(region.code)
                )
            )
            kota.village_weights.append(region.population or 1)
        self.regions_created += len(villages)
        ServicePost.objects.bulk_create(
            [
                ServicePost(
                    kind=ServicePostKind.CENTRE,
                    name=f"UPTD PPA {regency.name}",
                    region=regency,
                    address="Alamat sintetis",
                    created_at=now,
                    updated_at=now,
                )
                for regency, _p in regencies
            ]
        )
        # Reporting rates differ between regions (awareness, distance to a service post):
        # each kabupaten/kota gets a factor, so counts are not simply proportional.
        for kota in kotas.values():
            factor = rng.lognormvariate(0, 0.45)
            kota.village_weights = [w * factor for w in kota.village_weights]
            kota.population = int(kota.population * factor)
            self.kotas.append(kota)

    # --- staff ------------------------------------------------------------------------

    def _staff(self, kota: Kota, cases_per_year: float) -> None:
        from payung.accounts.models import User
        from payung.accounts.roles import Role

        rng = self.rng
        slug = kota.code.replace(".", "")
        region = Region.objects.only("pk").get(code=kota.code)
        managers = max(2, min(40, round(cases_per_year / 250)))
        users = [self._user(f"{slug}_sup", Role.SUPERVISOR, region.pk)]
        users += [
            self._user(f"{slug}_mk{i}", Role.CASE_MANAGER, region.pk) for i in range(managers)
        ]
        ppt_villages = (
            kota.villages
            if kota.code == CITY_CODE
            else rng.sample(kota.villages, min(2, len(kota.villages)))
        )
        users += [
            self._user(f"{slug}_ppt{v.code.replace('.', '')[4:]}", Role.PPT_OFFICER, v.id)
            for v in ppt_villages
        ]
        created = User.objects.bulk_create(users)
        self.users_created += len(created)
        kota.supervisor = (created[0].pk, created[0].username)
        kota.managers = [(u.pk, u.username) for u in created[1 : 1 + managers]]
        for village, user in zip(ppt_villages, created[1 + managers :], strict=True):
            village.ppt_officer = (user.pk, user.username)

    def _user(
        self, slug: str, role: str, region_id: int, organisation_id: int | None = None
    ) -> Any:
        from payung.accounts.models import User

        sex = self.rng.choice("pl")
        first = person_name(self.rng, sex).removesuffix(vocab.SUFFIX).split(" ")[0]
        now = timezone.now()
        return User(
            username=f"{USERNAME_PREFIX}{slug}",
            password=self.password,
            first_name=first,
            last_name="(sintetis)",
            email=f"{USERNAME_PREFIX}{slug}@synthetic.payung.invalid",
            role=role,
            region_id=region_id,
            organisation_id=organisation_id,
            date_joined=now,
            is_active=True,
        )

    # --- partner organisations ------------------------------------------------------------

    def _organisations(self, kota: Kota) -> None:
        from payung.accounts.models import User
        from payung.accounts.roles import Role
        from payung.care.models import Shelter
        from payung.partners.models import Organisation, Service

        rng = self.rng
        now = timezone.now()
        region_id = Region.objects.only("pk").get(code=kota.code).pk
        services = {s.code: s for s in Service.objects.all()}
        kota_label = kota.name.removesuffix(vocab.SUFFIX)
        plan: list[tuple[Organisation, tuple[str, ...]]] = []
        for kind, pattern, offered in vocab.ORGANISATION_KINDS:
            copies = 2 if kind == "puskesmas" else 1
            for i in range(copies):
                name = pattern.format(kota=kota_label, place=place_name(rng))
                name = f"{name} {i + 1}" if copies > 1 else name
                plan.append(
                    (
                        Organisation(
                            kind=kind,
                            name=f"{name} {kota.code}{vocab.SUFFIX}",
                            region_id=region_id,
                            region_code=kota.code,
                            address="Alamat kantor sintetis",
                            created_at=now,
                            updated_at=now,
                        ),
                        offered,
                    )
                )
        shelter_org = Organisation(
            kind="rumah_aman",
            name=f"Rumah Aman {kota_label} {kota.code}{vocab.SUFFIX}",
            region_id=region_id,
            region_code=kota.code,
            created_at=now,
            updated_at=now,
        )
        created = Organisation.objects.bulk_create([o for o, _s in plan] + [shelter_org])
        self.organisations_created += len(created)
        links = []
        for org, offered in plan:
            kota.organisations.setdefault(org.kind, []).append((org.pk, org.name, offered))
            for code in offered:
                for candidate in vocab.SERVICE_ALIASES.get(code, (code,)):
                    if candidate in services:
                        links.append(
                            Organisation.services.through(
                                organisation_id=org.pk, service_id=services[candidate].pk
                            )
                        )
                        break
        Organisation.services.through.objects.bulk_create(links)
        shelter = Shelter.objects.create(
            organisation=shelter_org, capacity=rng.randint(6, 20), address=""
        )
        kota.shelter = (shelter.pk, shelter_org.pk, shelter_org.name)
        slug = kota.code.replace(".", "")
        staff = [
            self._user(f"{slug}_org{org.pk}", Role.PROVIDER_STAFF, region_id, org.pk)
            for org, _s in plan
        ]
        staff.append(self._user(f"{slug}_shelter", Role.SHELTER_STAFF, region_id, shelter_org.pk))
        made = User.objects.bulk_create(staff)
        self.users_created += len(made)
        kota.shelter_staff = (made[-1].pk, made[-1].username)
        for (org, _offered), user in zip(plan, made, strict=False):
            kota.organisation_staff[org.pk] = (user.pk, user.username)
