"""The people of a case: victims, perpetrators, the reporter, a guardian, a witness.

Names, NIK, KK, phone and address are encrypted as ``EncryptedTextField`` would; the name,
NIK, KK and phone blind indexes and the name tokens are computed as the product computes
them, so search finds a synthetic person as it finds a real one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from payung.identity import blind_index
from payung.synthetic import vocab
from payung.synthetic.state import GeneratorState
from payung.synthetic.trail import audit_row
from payung.synthetic.values import (
    DAY,
    LOCAL_OFFSET,
    iso,
    local_day,
    phone_number,
    street_address,
)
from payung.synthetic.world import Village, person_name

PERSON_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "name",
    "alias",
    "name_index",
    "nik",
    "nik_index",
    "kk",
    "kk_index",
    "sex",
    "birth_date",
    "birth_year",
    "age_estimate",
    "age_estimated_on",
    "disability",
    "disability_kinds",
    "education",
    "occupation",
    "marital_status",
    "religion",
    "phone",
    "phone_index",
    "address",
    "kelurahan_id",
    "created_by_id",
]
NAME_TOKEN_COLUMNS = [
    "id",
    "person_id",
    "token",
]
CASE_NAME_TOKEN_COLUMNS = [
    "id",
    "case_id",
    "region_code",
    "token",
]
PARTY_COLUMNS = [
    "id",
    "case_id",
    "person_id",
    "role",
    "perpetrator_kind",
    "group_size",
    "organisation_name",
    "relationship",
    "guardian_for_id",
    "guardian_relation",
    "anonymous",
    "created_at",
    "created_by_id",
]


class PeopleMixin(GeneratorState):
    def _parties(
        self,
        cid: int,
        number: str,
        t1: float,
        village: Village,
        triager: tuple[int, str],
        owner: tuple[int, str],
        relationship: str,
        victim: tuple[str, int, str],
        reporter_name: str,
        reporter_phone: str,
    ) -> tuple[list[tuple[int, int, int]], list[int], int | None]:
        """The parties of a new case: (victims as (party, person, age), perpetrator parties,
        the guardian's party if a child victim has one)."""
        rng = self.rng
        ids = self.ids
        self.case_name_tokens = set()  # filled by _person: the case's CaseNameToken rows
        victim_sex, victim_age, victim_name = victim
        victims: list[tuple[int, int, int]] = []  # (party id, person id, age)
        n_victims = 1 if rng.random() < 0.93 else (2 if rng.random() < 0.85 else 3)
        for i in range(n_victims):
            if i == 0:
                sex, age, name = victim_sex, victim_age, victim_name or person_name(rng, victim_sex)
            else:
                sex = "p" if rng.random() < 0.79 else "l"
                age = max(0, victim_age + rng.randint(-6, 6))
                name = person_name(rng, sex)
            pid = self._person(
                t1, village, sex, age, name, owner, child_alias=age < 18 and rng.random() < 0.35
            )
            party = next(ids["cases_caseparty"])
            self.t_party.add(
                (party, cid, pid, "korban", "", None, "", "", None, "", False, iso(t1), triager[0])
            )
            victims.append((party, pid, age))
        flag_child = any(age < 18 for _p, _pid, age in victims)
        perpetrators: list[int] = []
        roll = rng.random()
        if roll < 0.88:
            sex = "l" if rng.random() < 0.92 else "p"
            lo, hi = self.perpetrator_ages()
            pid = self._person(
                t1,
                village,
                sex,
                rng.randint(lo, hi),
                person_name(rng, sex) if rng.random() < 0.9 else "",
                owner,
            )
            party = next(ids["cases_caseparty"])
            self.t_party.add(
                (
                    party,
                    cid,
                    pid,
                    "pelaku",
                    "perorangan",
                    None,
                    "",
                    relationship,
                    None,
                    "",
                    False,
                    iso(t1 + 3600),
                    owner[0],
                )
            )
            perpetrators.append(party)
            self.audit.push(
                t1 + 3600,
                audit_row(
                    owner, "case.party_add", "cases.case", cid, number, {"role": [None, "pelaku"]}
                ),
            )
        elif roll < 0.94:
            party = next(ids["cases_caseparty"])
            self.t_party.add(
                (
                    party,
                    cid,
                    None,
                    "pelaku",
                    "kelompok",
                    rng.randint(2, 6),
                    "",
                    relationship,
                    None,
                    "",
                    False,
                    iso(t1 + 3600),
                    owner[0],
                )
            )
            perpetrators.append(party)
        if reporter_name:
            pid = self._person(
                t1, village, "p", rng.randint(25, 60), reporter_name, owner, phone=reporter_phone
            )
            self.t_party.add(
                (
                    next(ids["cases_caseparty"]),
                    cid,
                    pid,
                    "pelapor",
                    "",
                    None,
                    "",
                    "",
                    None,
                    "",
                    False,
                    iso(t1),
                    triager[0],
                )
            )
        guardian_party = None
        if flag_child and rng.random() < 0.7:
            pid = self._person(
                t1,
                village,
                "p" if rng.random() < 0.8 else "l",
                rng.randint(28, 55),
                person_name(rng, "p"),
                owner,
            )
            guardian_party = next(ids["cases_caseparty"])
            self.t_party.add(
                (
                    guardian_party,
                    cid,
                    pid,
                    "wali",
                    "",
                    None,
                    "",
                    "",
                    victims[0][0],
                    rng.choice(["ibu kandung", "ayah kandung", "nenek", "paman", "bibi"]),
                    False,
                    iso(t1 + 1800),
                    owner[0],
                )
            )
        if rng.random() < 0.08:
            pid = self._person(
                t1,
                village,
                rng.choice("pl"),
                rng.randint(15, 65),
                person_name(rng, rng.choice("pl")),
                owner,
            )
            self.t_party.add(
                (
                    next(ids["cases_caseparty"]),
                    cid,
                    pid,
                    "saksi",
                    "",
                    None,
                    "",
                    "",
                    None,
                    "",
                    False,
                    iso(t1 + 7200),
                    owner[0],
                )
            )
        case_token_ids = ids["cases_casenametoken"]
        for token in sorted(self.case_name_tokens):
            self.t_case_token.add((next(case_token_ids), cid, village.code, token))
        return victims, perpetrators, guardian_party

    def _person(
        self,
        t: float,
        village: Village,
        sex: str,
        age: int,
        name: str,
        creator: tuple[int, str],
        *,
        child_alias: bool = False,
        phone: str = "",
    ) -> int:
        rng = self.rng
        seal = self.seal
        L = self.L
        pid = next(self.ids["cases_person"])
        alias = f"{rng.choice(vocab.ALIASES)} (nama samaran)" if child_alias else ""
        index, tokens = self._name_tokens(name, alias)
        adult = age >= 18
        has_birth = rng.random() < 0.55
        birth_t = t - (age + rng.random()) * 365.25 * DAY
        birth = datetime.fromtimestamp(birth_t + LOCAL_OFFSET, UTC).date()
        nik = ""
        if rng.random() < (0.65 if adult else 0.45):
            day = birth.day + (40 if sex == "p" else 0)
            nik = f"{village.nik_prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 2999):04d}"
        kk = (
            f"{village.nik_prefix}{rng.randint(10, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 24):02d}{rng.randint(1, 9999):04d}"
            if rng.random() < 0.4
            else ""
        )
        if not phone and adult and rng.random() < 0.35:
            phone = phone_number(rng)
        if adult:
            education, occupation, marital = (
                self.d_education(),
                self.d_occupation(),
                self.d_marital(),
            )
        else:
            education = "sd" if age < 13 else ("smp" if age < 16 else "sma")
            education = "paud" if age < 5 else education
            occupation, marital = "pelajar" if age >= 6 else "tidak_bekerja", "belum_menikah"
        stamp = iso(t)
        self.t_person.add(
            (
                pid,
                stamp,
                stamp,
                seal.text(name, L["Person", "name"]),
                seal.text(alias, L["Person", "alias"]),
                index,
                seal.text(nik, L["Person", "nik"]),
                self.index(nik, blind_index.NIK) if nik else "",
                seal.text(kk, L["Person", "kk"]),
                self.index(kk, blind_index.KK) if kk else "",
                sex,
                seal.text(birth.isoformat(), L["Person", "birth_date"]) if has_birth else None,
                birth.year if has_birth else None,
                None if has_birth else age,
                None if has_birth else local_day(t),
                "ya" if rng.random() < 0.03 else "tidak",
                "[]",
                education,
                occupation,
                marital,
                self.d_religion(),
                seal.text(phone, L["Person", "phone"]),
                self.index(phone, blind_index.PHONE) if phone else "",
                seal.text(street_address(rng), L["Person", "address"])
                if rng.random() < 0.6
                else "",
                village.id if rng.random() < 0.85 else None,
                creator[0],
            )
        )
        token_table = self.t_token
        token_ids = self.ids["cases_personnametoken"]
        for token in tokens:
            token_table.add((next(token_ids), pid, token))
        self.case_name_tokens.update(tokens)
        if index:
            self.case_name_tokens.add(index)
        return pid

    def _name_tokens(self, name: str, alias: str) -> tuple[str, list[str]]:
        from payung.identity.names import MIN_TOKEN_LENGTH, name_key, normalise_person_name

        key = (name, alias)
        cached = self.name_cache.get(key)
        if cached is None:
            folded = name_key(name)
            words: set[str] = set()
            for text in (name, alias):
                words.update(
                    w for w in normalise_person_name(text).split() if len(w) >= MIN_TOKEN_LENGTH
                )
            cached = (
                self.index(folded, blind_index.PERSON_NAME) if folded else "",
                sorted(self.index(w, blind_index.PERSON_NAME_WORD) for w in words),
            )
            if len(self.name_cache) < 500_000:
                self.name_cache[key] = cached
        return cached
