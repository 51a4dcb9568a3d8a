"""Reads about people across cases: who already carries a NIK."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from payung.cases.models import CaseParty, Person
from payung.cases.policies import visible_cases
from payung.identity import blind_index
from payung.identity import nik as nik_rules

NIK_MATCH_LIMIT = 5  # people shown; a NIK is meant to be one person's
# What the warning shows of a person: no address, phone or family card is decrypted.
_PERSON_SHOWN = (
    "name",
    "alias",
    "sex",
    "birth_date",
    "age_estimate",
    "age_estimated_on",
    "created_at",
)


@dataclass
class NikMatch:
    """A person already recorded with the NIK being entered, and their parts in the cases
    the user may see (only those: a case out of sight is not even hinted at)."""

    person: Person
    parties: list[CaseParty] = field(default_factory=list)

    @property
    def case_numbers(self) -> list[str]:
        return sorted({p.case.number for p in self.parties})


def nik_matches(user: Any, nik: str) -> list[NikMatch]:
    """People with this NIK (found through its blind index) who are a party to at least one
    case ``user`` may see, with those parties. An invalid NIK matches no one."""
    digits = nik_rules.compact(nik)
    if not nik_rules.check_nik(digits).ok:
        return []
    parties = (
        CaseParty.objects.filter(
            person__nik_index=blind_index.nik_index(digits),
            case__in=visible_cases(user).values("pk"),
        )
        .select_related("person", "case")
        .only(
            "role",
            "case_id",
            "person_id",
            "case__number",
            *(f"person__{name}" for name in _PERSON_SHOWN),
        )
        .order_by("person_id", "case__number", "pk")
    )
    matches: dict[int, NikMatch] = {}
    for party in parties:
        person = party.person
        if person is None:  # filtered on the person's index: never
            continue
        if person.pk not in matches:
            if len(matches) == NIK_MATCH_LIMIT:
                break
            matches[person.pk] = NikMatch(person=person)
        matches[person.pk].parties.append(party)
    return list(matches.values())
