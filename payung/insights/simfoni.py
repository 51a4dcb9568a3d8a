"""The SIMFONI-PPA register export (docs/simfoni.md): one row per victim–case with the
register's fields, one row per delivered service, and a GBVIMS core type column.

The mapping from the city's categories to SIMFONI's is here and only here: ``mental`` is
reported as ``psikis``, the place ``daring`` as ``lainnya``, services by the SIMFONI category
stored with each delivered service (``partners.choices.SIMFONI_DEFAULTS``, adjustable by the
admin per service). The export reads the live records (through the cases and care
statistics selectors), not the fact table, so a case fixed a minute ago exports as fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from payung.care import statistics as care_statistics
from payung.care.choices import InternalUnit, ServiceOutcome
from payung.cases.choices import (
    SIMFONI_VIOLENCE_FORM,
    AgeGroup,
    CaseStatus,
    DisabilityKind,
    Education,
    GbvCoreType,
    MaritalStatus,
    Occupation,
    PerpetratorKind,
    PlaceCategory,
    Relationship,
    Religion,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.selectors import statistics as case_statistics
from payung.core.exports import Sheet
from payung.partners.choices import ServiceCode, SimfoniCategory

# Our additions that SIMFONI-PPA does not have, and what they are reported as.
SIMFONI_PLACE = {PlaceCategory.ONLINE: PlaceCategory.OTHER}

# When staff recorded no GBVIMS core type, the one a form of violence implies (in this order
# of precedence); "rape" is never inferred — only staff can say it (docs/simfoni.md#gbvims).
GBVIMS_FROM_FORM: tuple[tuple[str, str], ...] = (
    (ViolenceForm.SEXUAL, GbvCoreType.SEXUAL_ASSAULT),
    (ViolenceForm.PHYSICAL, GbvCoreType.PHYSICAL_ASSAULT),
    (ViolenceForm.NEGLECT, GbvCoreType.DENIAL_OF_RESOURCES),
    (ViolenceForm.PSYCHOLOGICAL, GbvCoreType.PSYCHOLOGICAL),
    (ViolenceForm.MENTAL, GbvCoreType.PSYCHOLOGICAL),
)


def simfoni_forms(forms: Iterable[str]) -> list[str]:
    """The forms as SIMFONI names them: mental → psikis, duplicates removed, in order."""
    out: list[str] = []
    for form in forms:
        mapped = str(SIMFONI_VIOLENCE_FORM.get(form, form))  # type: ignore[call-overload]
        if mapped not in out:
            out.append(mapped)
    order = list(ViolenceForm.values)
    return sorted(out, key=order.index)


def simfoni_place(place: str) -> str:
    return str(SIMFONI_PLACE.get(place, place)) if place else ""  # type: ignore[call-overload]


def gbvims_type(recorded: str, forms: Iterable[str]) -> tuple[str, bool]:
    """(core type, inferred?): the one staff recorded, else the one the forms imply."""
    if recorded:
        return recorded, False
    present = set(forms)
    for form, core in GBVIMS_FROM_FORM:
        if form in present:
            return str(core), True
    return "", False


# --- completeness -------------------------------------------------------------------------

# Register fields without which the row cannot be filed (docs/simfoni.md#completeness).
REQUIRED: tuple[tuple[str, str, Callable[[dict[str, Any]], bool]], ...] = (
    ("victim_sex", "Jenis kelamin korban", lambda f: f["victim_sex"] in (Sex.FEMALE, Sex.MALE)),
    (
        "victim_age",
        "Umur korban (tanggal lahir atau perkiraan)",
        lambda f: f["victim_age"] is not None,
    ),
    ("occurred_on", "Tanggal kejadian", lambda f: f["occurred_on"] is not None),
    (
        "place_category",
        "Tempat kejadian",
        lambda f: bool(f["place_category"]) and f["place_category"] != PlaceCategory.UNKNOWN,
    ),
    ("violence_forms", "Bentuk kekerasan", lambda f: bool(f["violence_forms"])),
    (
        "relationship",
        "Hubungan pelaku dengan korban",
        lambda f: bool(f["relationship"]) and f["relationship"] != Relationship.UNKNOWN,
    ),
    ("victim_education", "Pendidikan korban", lambda f: bool(f["victim_education"])),
    (
        "victim_marital_status",
        "Status perkawinan korban",
        lambda f: bool(f["victim_marital_status"]),
    ),
)


def missing_fields(fact: dict[str, Any]) -> list[str]:
    return [label for _key, label, ok in REQUIRED if not ok(fact)]


@dataclass(frozen=True)
class Incomplete:
    case_id: int
    case_number: str
    victim_index: int  # 1 for the case's first victim, 2 for the second…
    missing: list[str]
    may_open: bool


def completeness(actor: Any, scope: str, start: Any, end: Any) -> tuple[int, list[Incomplete]]:
    """(victim–case rows in the period, those missing required fields), oldest first."""
    ids = case_statistics.case_ids_opened(scope, start, end)
    facts = list(case_statistics.victim_case_facts(ids))
    index: dict[int, int] = {}
    problems = []
    for fact in facts:
        index[fact["case_id"]] = index.get(fact["case_id"], 0) + 1
        missing = missing_fields(fact)
        if missing:
            problems.append((fact, index[fact["case_id"]], missing))
    openable = (
        case_statistics.openable_case_ids(actor, {f["case_id"] for f, _i, _m in problems})
        if getattr(actor, "pk", None)
        else set()
    )
    return len(facts), [
        Incomplete(f["case_id"], f["case_number"], i, m, f["case_id"] in openable)
        for f, i, m in problems
    ]


# --- the workbook -------------------------------------------------------------------------

REGISTER_HEADERS = (
    "No. register",
    "Korban ke-",
    "Tanggal lapor",
    "Tanggal kejadian",
    "Kode wilayah (Kemendagri)",
    "Kategori tempat kejadian",
    "Jenis kelamin korban",
    "Umur korban",
    "Kelompok umur korban",
    "Pendidikan korban",
    "Agama korban",
    "Pekerjaan korban",
    "Status perkawinan korban",
    "Disabilitas korban",
    "Jenis pelaku",
    "Jenis kelamin pelaku",
    "Umur pelaku",
    "Pendidikan pelaku",
    "Pekerjaan pelaku",
    "Hubungan pelaku dengan korban",
    "KDRT",
    "TPKS",
    "Bentuk kekerasan (SIMFONI)",
    "Fisik",
    "Psikis",
    "Seksual",
    "Eksploitasi",
    "Perdagangan orang",
    "Penelantaran",
    "Lainnya",
    "Status kasus",
    "Tanggal ditutup",
    "Jenis inti GBVIMS",
    "GBVIMS diturunkan dari bentuk",
    "Kelengkapan",
)
SERVICE_HEADERS = (
    "No. register",
    "Korban ke-",
    "Tanggal layanan",
    "Jenis layanan (SIMFONI)",
    "Layanan (kota)",
    "Lembaga pemberi layanan",
    "Hasil",
)

_LABELS: dict[str, dict[str, str]] = {
    name: {str(k): str(v) for k, v in choices.choices}
    for name, choices in {
        "sex": Sex,
        "place": PlaceCategory,
        "age": AgeGroup,
        "education": Education,
        "religion": Religion,
        "occupation": Occupation,
        "marital": MaritalStatus,
        "relationship": Relationship,
        "kind": PerpetratorKind,
        "status": CaseStatus,
        "gbv": GbvCoreType,
        "form": ViolenceForm,
        "simfoni": SimfoniCategory,
        "service": ServiceCode,
        "unit": InternalUnit,
        "outcome": ServiceOutcome,
        "disability": YesNoUnknown,
    }.items()
}
_FORM_COLUMNS = (
    ViolenceForm.PHYSICAL,
    ViolenceForm.PSYCHOLOGICAL,
    ViolenceForm.SEXUAL,
    ViolenceForm.EXPLOITATION,
    ViolenceForm.TRAFFICKING,
    ViolenceForm.NEGLECT,
    ViolenceForm.OTHER,
)
_ = DisabilityKind  # the kinds are not exported: SIMFONI asks yes/no


def _label(kind: str, value: str) -> str:
    return _LABELS[kind].get(value, value) if value else ""


def register_row(fact: dict[str, Any], victim_index: int) -> list[Any]:
    forms = simfoni_forms(fact["violence_forms"])
    gbv, inferred = gbvims_type(fact["gbv_core_type"], fact["violence_forms"])
    missing = missing_fields(fact)
    return [
        fact["case_number"],
        victim_index,
        fact["reported_on"],
        fact["occurred_on"],
        fact["region_code"],
        _label("place", simfoni_place(fact["place_category"])),
        _label("sex", fact["victim_sex"]),
        fact["victim_age"],
        _label("age", fact["victim_age_group"]),
        _label("education", fact["victim_education"]),
        _label("religion", fact["victim_religion"]),
        _label("occupation", fact["victim_occupation"]),
        _label("marital", fact["victim_marital_status"]),
        _label("disability", fact["victim_disability"]),
        _label("kind", fact["perpetrator_kind"]),
        _label("sex", fact["perpetrator_sex"]),
        fact["perpetrator_age"],
        _label("education", fact["perpetrator_education"]),
        _label("occupation", fact["perpetrator_occupation"]),
        _label("relationship", fact["relationship"]),
        "Ya" if fact["kdrt"] else "Tidak",
        "Ya" if fact["tpks"] else "Tidak",
        ", ".join(_label("form", f) for f in forms),
        *("Ya" if f in forms else "Tidak" for f in _FORM_COLUMNS),
        _label("status", fact["status"]),
        fact["closed_on"],
        _label("gbv", gbv),
        "Ya" if inferred else "Tidak",
        "Lengkap" if not missing else "Kurang: " + "; ".join(missing),
    ]


def service_row(number: str, victim_index: int, service: dict[str, Any]) -> list[Any]:
    institution = service["organisation__name"] or _label("unit", service["internal_unit"])
    return [
        number,
        victim_index,
        service["delivered_on"],
        _label("simfoni", service["simfoni_category"]),
        _label("service", service["service__code"]),
        institution,
        _label("outcome", service["outcome"]),
    ]


# Cases per round of queries: the register reads five tables per round, and at 200 ids
# PostgreSQL still scanned them whole (hash joins), so fewer, larger rounds are faster
# (docs/performance.md: 3,888 cases in 3.2 s instead of 6.6 s).
BATCH = 1000


def build_workbook_sheets(
    scope: str, start: Any, end: Any, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Sheet], int, int]:
    """(sheets, victim–case rows, service rows) for cases of ``scope`` opened in [start, end)."""
    ids = case_statistics.case_ids_opened(scope, start, end)
    register: list[list[Any]] = []
    services: list[list[Any]] = []
    for offset in range(0, len(ids), BATCH):
        batch = ids[offset : offset + BATCH]
        facts = list(case_statistics.victim_case_facts(batch))
        rows_of = care_statistics.service_rows(f["party_id"] for f in facts)
        index: dict[int, int] = {}
        for fact in facts:
            index[fact["case_id"]] = index.get(fact["case_id"], 0) + 1
            register.append(register_row(fact, index[fact["case_id"]]))
            for service in rows_of.get(fact["party_id"], []):
                services.append(service_row(fact["case_number"], index[fact["case_id"]], service))
        if progress:
            progress(min(offset + BATCH, len(ids)), len(ids))
    sheets = [
        Sheet("Register kasus", REGISTER_HEADERS, register, widths=(16, 8, 12, 12, 16)),
        Sheet("Layanan", SERVICE_HEADERS, services, widths=(16, 8, 12, 24, 24, 30, 16)),
    ]
    return sheets, len(register), len(services)
