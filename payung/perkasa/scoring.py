"""Explainable welfare scoring: facts from the record, points and thresholds from the data.

The only code here turns a registration into *facts* (plain values such as
``income_band = "lt500"`` or ``lantai_tanah = "ya"``). Which facts count, how many points each
value earns and where the categories start are a ``ScoringModel`` version's data. A score's
breakdown lists every indicator with its value and its points, so the officer can read in
plain Indonesian why a household landed where it did — and a registrant can contest it.

Higher scores mean greater need. Unknown values earn the points the model gives ``"?"``
(usually 0): missing data never makes a household look poorer than it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from payung.perkasa import choices

FACTS: dict[str, str] = {
    "income_band": "Penghasilan per bulan",
    "livelihood": "Mata pencaharian",
    "dtsen_decile": "Desil DTSEN",
    "dependants": "Jumlah tanggungan (anak < 18 dan lansia ≥ 60)",
    "disabled_member": "Ada anggota rumah tangga dengan disabilitas",
    "school_dropout": "Ada anak putus sekolah",
    "assistance": "Sudah menerima bantuan sosial",
    "head_reason": "Alasan menjadi kepala keluarga",
    **{key: str(label) for key, label in choices.HOUSING_CRITERIA},
    "housing_count": "Jumlah kriteria rumah/aset BPS yang terpenuhi",
}


def _band(n: int, bands: tuple[tuple[int, str], ...]) -> str:
    for upper, label in bands:
        if n <= upper:
            return label
    return bands[-1][1]


def facts(registrant: Any, members: list[Any] | None = None) -> dict[str, str]:
    """The facts of one registration, each a short string (``"?"`` when unknown)."""
    members = list(registrant.members.all()) if members is None else members
    housing = registrant.housing or {}
    dependants = sum(1 for m in members if m.age < 18 or m.age >= 60)
    met = sum(1 for key in choices.HOUSING_KEYS if housing.get(key) is True)
    answered = any(key in housing for key in choices.HOUSING_KEYS)
    out = {
        "income_band": registrant.income_band or "?",
        "livelihood": registrant.livelihood or "?",
        "dtsen_decile": str(registrant.dtsen_decile) if registrant.dtsen_decile else "?",
        "dependants": _band(dependants, ((0, "0"), (2, "1-2"), (4, "3-4"), (99, "5+"))),
        "disabled_member": "ya" if any(m.disability for m in members) else "tidak",
        "school_dropout": "ya"
        if any(m.schooling == choices.Schooling.DROPPED and m.age < 18 for m in members)
        else "tidak",
        "assistance": "ya" if registrant.assistance else "tidak",
        "head_reason": registrant.head_reason or "?",
        "housing_count": _band(met, ((0, "0"), (2, "1-2"), (4, "3-4"), (6, "5-6"), (99, "7+")))
        if answered
        else "?",
    }
    for key in choices.HOUSING_KEYS:
        out[key] = ("ya" if housing[key] else "tidak") if key in housing else "?"
    return out


@dataclass(frozen=True)
class Result:
    total: int
    category: str
    breakdown: list[dict[str, Any]]


VALUE_LABELS: dict[str, str] = {
    "ya": "ya",
    "tidak": "tidak",
    "?": "belum diketahui",
    **{str(v): str(label) for v, label in choices.IncomeBand.choices},
    **{str(v): str(label) for v, label in choices.Livelihood.choices},
    **{str(v): str(label) for v, label in choices.HeadReason.choices},
}


def evaluate(
    indicators: list[dict[str, Any]], thresholds: dict[str, int], fact_values: dict[str, str]
) -> Result:
    total = 0
    breakdown = []
    for indicator in indicators:
        value = fact_values.get(indicator["fact"], "?")
        points_table: dict[str, int] = indicator.get("points", {})
        points = int(
            points_table.get(
                value, points_table.get("*", 0) if value != "?" else points_table.get("?", 0)
            )
        )
        total += points
        breakdown.append(
            {
                "code": indicator["code"],
                "label": indicator.get("label") or FACTS.get(indicator["fact"], indicator["fact"]),
                "value": VALUE_LABELS.get(value, value),
                "points": points,
            }
        )
    return Result(total=total, category=category_for(total, thresholds), breakdown=breakdown)


def category_for(total: int, thresholds: dict[str, int]) -> str:
    for category in choices.CATEGORY_ORDER[:-1]:
        minimum = thresholds.get(str(category))
        if minimum is not None and total >= int(minimum):
            return str(category)
    return str(choices.Category.NOT_POOR)


def validate_model(indicators: Any, thresholds: Any) -> list[str]:
    """Problems that would make a model version unusable, in Indonesian (empty: fine)."""
    problems: list[str] = []
    if not isinstance(indicators, list) or not indicators:
        return ["Model harus punya setidaknya satu indikator."]
    seen = set()
    for i, indicator in enumerate(indicators, start=1):
        if not isinstance(indicator, dict):
            problems.append(f"Indikator {i} bukan objek.")
            continue
        code = indicator.get("code")
        if not code or code in seen:
            problems.append(f"Indikator {i}: kode kosong atau ganda.")
        seen.add(code)
        if indicator.get("fact") not in FACTS:
            problems.append(f"Indikator {code}: fakta '{indicator.get('fact')}' tidak dikenal.")
        points = indicator.get("points")
        if not isinstance(points, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in points.values()
        ):
            problems.append(f"Indikator {code}: poin harus berupa bilangan bulat per nilai.")
    if not isinstance(thresholds, dict):
        return [*problems, "Ambang kategori harus berupa objek."]
    previous = None
    for category in choices.CATEGORY_ORDER[:-1]:
        value = thresholds.get(str(category))
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"Ambang '{category}' harus bilangan bulat.")
            continue
        if previous is not None and value >= previous:
            problems.append("Ambang harus menurun dari sangat miskin ke rentan.")
        previous = value
    return problems


# Version 1 as the city starts with it (docs/perkasa.md#scoring-model-v1). Published by the
# data migration; later versions are made in the admin screen and never change this one.
DEFAULT_V1: dict[str, Any] = {
    "version": 1,
    "name": "Model awal Perkasa",
    "notes": "Kriteria BPS rumah tangga miskin, penghasilan, tanggungan, dan desil DTSEN.",
    "indicators": [
        {
            "code": "penghasilan",
            "fact": "income_band",
            "label": "Penghasilan per bulan",
            "points": {
                "tidak_ada": 25,
                "lt500": 20,
                "500_1jt": 14,
                "1_2jt": 7,
                "2_3jt": 2,
                "gt3jt": 0,
            },
        },
        {
            "code": "desil",
            "fact": "dtsen_decile",
            "label": "Desil DTSEN",
            "points": {"1": 15, "2": 12, "3": 9, "4": 6, "5": 3},
        },
        {
            "code": "tanggungan",
            "fact": "dependants",
            "label": "Tanggungan (anak dan lansia)",
            "points": {"0": 0, "1-2": 5, "3-4": 10, "5+": 14},
        },
        {
            "code": "rumah",
            "fact": "housing_count",
            "label": "Kriteria rumah dan aset BPS terpenuhi",
            "points": {"0": 0, "1-2": 6, "3-4": 12, "5-6": 18, "7+": 24},
        },
        {
            "code": "disabilitas",
            "fact": "disabled_member",
            "label": "Anggota dengan disabilitas",
            "points": {"ya": 6},
        },
        {
            "code": "putus_sekolah",
            "fact": "school_dropout",
            "label": "Anak putus sekolah",
            "points": {"ya": 6},
        },
        {
            "code": "pekerjaan",
            "fact": "livelihood",
            "label": "Mata pencaharian",
            "points": {
                "tidak_bekerja": 10,
                "buruh_harian": 7,
                "tani_nelayan": 5,
                "pedagang": 3,
                "usaha_rumahan": 3,
            },
        },
    ],
    "thresholds": {"sangat_miskin": 60, "miskin": 40, "rentan": 22},
}
