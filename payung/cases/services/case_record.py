"""The case record itself and its incidents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import policies
from payung.cases.choices import (
    GbvCoreType,
    PartyRole,
    PlaceCategory,
    Relationship,
    ReporterRelation,
    RiskLevel,
    Sex,
    TraffickingSubtype,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.models import (
    Case,
    CaseParty,
    Incident,
    Report,
)
from payung.cases.services.deadlines import deadline_sync
from payung.cases.services.editing import (
    _audit_changes,
    _changes,
    _check_version,
    _lock_case,
    _require_open,
    _revise,
    _snapshot,
)
from payung.cases.services.people import PersonInput, _check_choice, _refresh_case_flags, party_add
from payung.cases.services.reports import city_code
from payung.regions.models import Region

# --- the case itself ---------------------------------------------------------------------

CASE_EDIT_FIELDS = ["risk_level", "kelurahan"]


@transaction.atomic
def case_update(
    *, actor: User, case: Case, version: int | None, risk_level: str, kelurahan: Region | None
) -> Case:
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    _check_version(
        case, version, object_type="case", object_id=case.pk, fields=set(CASE_EDIT_FIELDS)
    )
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Tingkat risiko tidak dikenal.")})
    if kelurahan is not None and not kelurahan.code.startswith(city_code() + "."):
        raise ValidationError({"kelurahan": _("Kelurahan tidak dikenal.")})
    before = _snapshot(case, CASE_EDIT_FIELDS)
    case.risk_level = risk_level
    case.kelurahan = kelurahan
    case.save(update_fields=["risk_level", "kelurahan", "updated_at"])
    changes = _changes(case, before, CASE_EDIT_FIELDS)
    _revise(case, actor=actor, object_type="case", object_id=case.pk, changes=changes)
    audit_event(
        actor=actor,
        action="case.update",
        target=case,
        target_label=case.number,
        changes=_audit_changes(changes),
    )
    if "risk_level" in changes:
        deadline_sync(case=case, actor=actor)
    return case


# --- incidents -----------------------------------------------------------------------------


@dataclass
class IncidentInput:
    place_category: str
    violence_forms: list[str]
    occurred_on: date | None = None
    date_approximate: bool = False
    kelurahan: Region | None = None
    address: str = ""
    trafficking_subtypes: list[str] = field(default_factory=list)
    gbv_core_type: str = ""
    chronology: str = ""
    relationship: str = Relationship.UNKNOWN
    kdrt: bool = False
    tpks: bool = False
    victims: list[CaseParty] = field(default_factory=list)
    perpetrators: list[CaseParty] = field(default_factory=list)


INCIDENT_FIELDS = [
    "occurred_on",
    "date_approximate",
    "place_category",
    "kelurahan",
    "address",
    "violence_forms",
    "trafficking_subtypes",
    "gbv_core_type",
    "chronology",
    "relationship",
    "kdrt",
    "tpks",
]


def _clean_incident(case: Case, data: IncidentInput) -> IncidentInput:
    errors: dict[str, str] = {}
    forms = set(data.violence_forms)
    if not forms:
        errors["violence_forms"] = _("Pilih paling sedikit satu bentuk kekerasan.")
    elif not forms <= set(ViolenceForm.values):
        errors["violence_forms"] = _("Bentuk kekerasan tidak dikenal.")
    data.violence_forms = sorted(forms)
    subtypes = set(data.trafficking_subtypes)
    if subtypes and ViolenceForm.TRAFFICKING not in forms:
        errors["trafficking_subtypes"] = _("Jenis TPPO hanya untuk perdagangan orang.")
    elif not subtypes <= set(TraffickingSubtype.values):
        errors["trafficking_subtypes"] = _("Jenis TPPO tidak dikenal.")
    data.trafficking_subtypes = sorted(subtypes)
    _check_choice(errors, "place_category", data.place_category, PlaceCategory.values)
    if not data.place_category:
        errors["place_category"] = _("Pilih jenis tempat.")
    _check_choice(errors, "relationship", data.relationship, Relationship.values)
    _check_choice(errors, "gbv_core_type", data.gbv_core_type, GbvCoreType.values)
    if data.occurred_on and data.occurred_on > timezone.localdate():
        errors["occurred_on"] = _("Tanggal kejadian tidak boleh di masa depan.")
    if data.kelurahan is not None and not data.kelurahan.code.startswith(city_code() + "."):
        errors["kelurahan"] = _("Kelurahan tidak dikenal.")
    if any(p.case_id != case.pk or p.role != PartyRole.VICTIM for p in data.victims):
        errors["victims"] = _("Pilih korban dari kasus ini.")
    if any(p.case_id != case.pk or p.role != PartyRole.PERPETRATOR for p in data.perpetrators):
        errors["perpetrators"] = _("Pilih pelaku dari kasus ini.")
    if len(data.chronology) > 10000:
        errors["chronology"] = _("Kronologi paling panjang 10.000 karakter.")
    if errors:
        raise ValidationError(errors)
    data.chronology = data.chronology.strip()
    data.address = data.address.strip()
    return data


@transaction.atomic
def incident_add(*, actor: User, case: Case, data: IncidentInput) -> Incident:
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    data = _clean_incident(case, data)
    incident = Incident(case=case, created_by=actor)
    for name in INCIDENT_FIELDS:
        setattr(incident, name, getattr(data, name))
    incident.save()
    incident.victims.set(data.victims)
    incident.perpetrators.set(data.perpetrators)
    _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.incident_add",
        target=incident,
        target_label=case.number,
        changes={
            "violence_forms": [None, incident.violence_forms],
            "kdrt": [None, incident.kdrt],
            "tpks": [None, incident.tpks],
        },
    )
    deadline_sync(case=case, actor=actor)
    return incident


@transaction.atomic
def incident_update(
    *, actor: User, case: Case, incident: Incident, version: int | None, data: IncidentInput
) -> Incident:
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    if incident.case_id != case.pk:
        raise ValidationError(_("Kejadian ini bukan bagian dari kasus ini."))
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    fields = {*INCIDENT_FIELDS, "victims", "perpetrators"}
    _check_version(case, version, object_type="incident", object_id=incident.pk, fields=fields)
    data = _clean_incident(case, data)
    before = _snapshot(incident, INCIDENT_FIELDS)
    for name in INCIDENT_FIELDS:
        setattr(incident, name, getattr(data, name))
    incident.save()
    incident.victims.set(data.victims)
    incident.perpetrators.set(data.perpetrators)
    changes = _changes(incident, before, INCIDENT_FIELDS)
    _revise(case, actor=actor, object_type="incident", object_id=incident.pk, changes=changes)
    _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.incident_update",
        target=incident,
        target_label=case.number,
        changes=_audit_changes(changes),
    )
    deadline_sync(case=case, actor=actor)
    return incident


def _seed_alias(report: Report) -> str:
    """The alias a victim starts with: a placeholder when the name is unknown, and for a
    child always one (lists show it instead of the name; the officer replaces it)."""
    child = (report.victim_age is not None and report.victim_age < 18) or (
        report.victim_is_child == YesNoUnknown.YES
    )
    if child:
        return str(_("Anak (nama samaran belum diisi)"))
    return "" if report.victim_name else str(_("Korban (belum diketahui namanya)"))


@transaction.atomic
def case_seed_from_report(*, actor: User, case: Case, report: Report) -> None:
    """Start the record from what the report said: the victim, the perpetrator (when the
    officer knew something of them), the reporter, the incident (with KDRT)."""
    policies.authorize_report(actor, report, "view")
    with policies.seeding(actor, case):
        victim: CaseParty | None = None
        if report.victim_name or report.victim_age is not None or report.victim_sex:
            victim = party_add(
                actor=actor,
                case=case,
                role=PartyRole.VICTIM,
                person=PersonInput(
                    name=report.victim_name,
                    alias=_seed_alias(report),
                    sex=report.victim_sex if report.victim_sex in Sex.values else Sex.UNKNOWN,
                    age_estimate=report.victim_age,
                    disability=report.victim_disability,
                ),
            ).party
        perpetrator: CaseParty | None = None
        known_relationship = report.perpetrator_relationship not in ("", Relationship.UNKNOWN)
        if (
            report.perpetrator_name
            or report.perpetrator_sex in (Sex.FEMALE, Sex.MALE)
            or (known_relationship)
        ):
            perpetrator = party_add(
                actor=actor,
                case=case,
                role=PartyRole.PERPETRATOR,
                person=PersonInput(
                    name=report.perpetrator_name,
                    alias=""
                    if report.perpetrator_name
                    else str(_("Pelaku (belum diketahui namanya)")),
                    sex=report.perpetrator_sex or Sex.UNKNOWN,
                ),
                relationship=report.perpetrator_relationship,
            ).party
        if report.reporter_relation != ReporterRelation.VICTIM:
            if report.reporter_anonymous or not report.reporter_name:
                party_add(actor=actor, case=case, role=PartyRole.REPORTER, anonymous=True)
            else:
                party_add(
                    actor=actor,
                    case=case,
                    role=PartyRole.REPORTER,
                    person=PersonInput(name=report.reporter_name, phone=report.reporter_phone),
                )
        incident_add(
            actor=actor,
            case=case,
            data=IncidentInput(
                place_category=report.place_category,
                violence_forms=list(report.violence_forms),
                occurred_on=report.incident_date,
                date_approximate=report.incident_date_approximate,
                kelurahan=report.kelurahan,
                address=report.address_detail,
                chronology=report.description,
                tpks=ViolenceForm.SEXUAL in report.violence_forms,
                relationship=report.perpetrator_relationship or Relationship.UNKNOWN,
                kdrt=report.kdrt,
                victims=[victim] if victim else [],
                perpetrators=[perpetrator] if perpetrator else [],
            ),
        )
