"""People on a case: victims, perpetrators, reporters, guardians; encrypted identifiers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.cases import policies
from payung.cases.choices import (
    DisabilityKind,
    Education,
    MaritalStatus,
    Occupation,
    PartyRole,
    PerpetratorKind,
    Relationship,
    Religion,
    Sex,
    YesNoUnknown,
)
from payung.cases.models import (
    Case,
    CaseNameToken,
    CaseParty,
    Person,
    PersonNameToken,
)
from payung.cases.services.editing import (
    _audit_changes,
    _changes,
    _check_version,
    _lock_case,
    _require_open,
    _revise,
    _snapshot,
)
from payung.identity import names
from payung.identity.nik import check_kk, check_nik
from payung.identity.phones import normalise_phone
from payung.regions.models import Region

# --- people ------------------------------------------------------------------------------


@dataclass
class PersonInput:
    name: str = ""
    alias: str = ""
    nik: str = ""
    kk: str = ""
    sex: str = Sex.UNKNOWN
    birth_date: date | None = None
    age_estimate: int | None = None
    disability: str = YesNoUnknown.UNKNOWN
    disability_kinds: list[str] = field(default_factory=list)
    education: str = ""
    occupation: str = ""
    marital_status: str = ""
    religion: str = ""
    phone: str = ""
    address: str = ""
    kelurahan: Region | None = None


PERSON_FIELDS = [
    "name",
    "alias",
    "nik",
    "kk",
    "sex",
    "birth_date",
    "age_estimate",
    "disability",
    "disability_kinds",
    "education",
    "occupation",
    "marital_status",
    "religion",
    "phone",
    "address",
    "kelurahan",
]


@dataclass(frozen=True)
class PartyResult:
    party: CaseParty
    warnings: list[str]


def _check_choice(errors: dict[str, str], name: str, value: str, allowed: list[str]) -> None:
    if value and value not in allowed:
        errors[name] = _("Pilihan tidak dikenal.")


def _clean_person(data: PersonInput) -> tuple[PersonInput, list[str]]:
    """Validate and normalise; NIK/KK errors refuse, mismatches come back as warnings."""
    errors: dict[str, Any] = {}
    warnings: list[str] = []
    data.name, data.alias = data.name.strip(), data.alias.strip()
    if data.nik.strip():
        nik = check_nik(data.nik, sex=data.sex, birth_date=data.birth_date)
        if nik.errors:
            errors["nik"] = nik.errors
        data.nik = nik.value
        warnings.extend(nik.warnings)
    else:
        data.nik = ""
    if data.kk.strip():
        kk = check_kk(data.kk)
        if kk.errors:
            errors["kk"] = kk.errors
        data.kk = kk.value
    else:
        data.kk = ""
    data.phone = normalise_phone(data.phone)
    if data.phone and not 8 <= len(data.phone) <= 15:
        errors["phone"] = _("Nomor telepon harus 8–15 angka, misalnya 0812 3456 7890.")
    if data.birth_date and data.birth_date > timezone.localdate():
        errors["birth_date"] = _("Tanggal lahir tidak boleh di masa depan.")
    if data.age_estimate is not None and not 0 <= data.age_estimate <= 120:
        errors["age_estimate"] = _("Usia antara 0 dan 120 tahun.")
    _check_choice(errors, "sex", data.sex, Sex.values)
    _check_choice(errors, "disability", data.disability, YesNoUnknown.values)
    _check_choice(errors, "education", data.education, Education.values)
    _check_choice(errors, "occupation", data.occupation, Occupation.values)
    _check_choice(errors, "marital_status", data.marital_status, MaritalStatus.values)
    _check_choice(errors, "religion", data.religion, Religion.values)
    if not set(data.disability_kinds) <= set(DisabilityKind.values):
        errors["disability_kinds"] = _("Jenis disabilitas tidak dikenal.")
    data.disability_kinds = sorted(set(data.disability_kinds))
    if len(data.address) > 500:
        errors["address"] = _("Alamat paling panjang 500 karakter.")
    if errors:
        raise ValidationError(errors)
    return data, warnings


def _apply_person(person: Person, data: PersonInput) -> None:
    for name in PERSON_FIELDS:
        setattr(person, name, getattr(data, name))
    person.birth_year = person.birth_date.year if person.birth_date else None
    if person.age_estimate is not None and person.age_estimated_on is None:
        person.age_estimated_on = timezone.localdate()
    person.refresh_blind_indexes()


def _index_person_names(person: Person) -> None:
    PersonNameToken.objects.filter(person=person).delete()
    PersonNameToken.objects.bulk_create(
        [
            PersonNameToken(person=person, token=token)
            for token in sorted(names.word_tokens(person.name, person.alias))
        ]
    )


def _refresh_case_flags(case: Case) -> None:
    """Flags and violence tags derived from the incidents and victims (one place)."""
    incidents = list(case.incidents.values_list("violence_forms", "kdrt", "tpks"))
    forms = sorted({f for row in incidents for f in (row[0] or [])})
    victims = Person.objects.filter(parties__case=case, parties__role=PartyRole.VICTIM)
    case.flag_kdrt = any(row[1] for row in incidents)
    case.flag_tpks = any(row[2] for row in incidents)
    case.flag_child = any(p.is_child for p in victims)
    case.violence_tags = f",{','.join(forms)}," if forms else ""
    case.save(update_fields=["flag_kdrt", "flag_tpks", "flag_child", "violence_tags", "updated_at"])


CHILD_ALIAS_REQUIRED = gettext_lazy(
    "Korban anak: isi nama samaran. Daftar dan dokumen staf menampilkan nama samaran, bukan "
    "nama asli (UU 11/2012 SPPA Pasal 19)."
)


def _require_child_alias(person: Person) -> None:
    """A child victim carries an alias, which lists and documents show instead of the name."""
    if person.is_child and not person.alias.strip():
        raise ValidationError({"alias": CHILD_ALIAS_REQUIRED})


def perpetrator_party_like(case: Case, person: Person | None) -> CaseParty | None:
    """A perpetrator party of ``case`` who is ``person``: the same record, the same NIK or
    the same name (their blind indexes). Such a person may not act as the guardian who
    consents for the child (issue #14)."""
    if person is None:
        return None
    same = Q(person_id=person.pk) if person.pk else Q(pk__in=[])
    if person.nik_index:
        same |= Q(person__nik_index=person.nik_index)
    if person.name_index:
        same |= Q(person__name_index=person.name_index)
    return (
        CaseParty.objects.filter(case=case, role=PartyRole.PERPETRATOR, person__isnull=False)
        .filter(same)
        .first()
    )


PERPETRATOR_GUARDIAN_REFUSED = gettext_lazy(
    "Orang ini tercatat sebagai pelaku dalam kasus ini (orang, NIK, atau nama yang sama): "
    "ia tidak dapat menjadi wali yang memberi persetujuan untuk anak. Catat wali lain, atau "
    "minta supervisor mengizinkan dengan alasan."
)


def guardian_override_check(
    *, actor: Any, case: Case, perpetrator: CaseParty, override_reason: str, action: str
) -> None:
    """Refuse a perpetrator as a consenting guardian, unless a supervisor overrides with a
    reason; the override is audited."""
    if not override_reason.strip():
        raise ValidationError({"guardian_for": PERPETRATOR_GUARDIAN_REFUSED})
    if not policies.can_act_on_case(actor, case, "override_consent", mind_state=False):
        raise PermissionDenied
    audit_event(
        actor=actor,
        action=action,
        target=case,
        target_label=case.number,
        changes={"perpetrator_party": [None, perpetrator.pk]},
        note=override_reason.strip()[:500],
    )


@transaction.atomic
def party_add(
    *,
    actor: User,
    case: Case,
    role: str,
    person: PersonInput | None = None,
    perpetrator_kind: str = "",
    group_size: int | None = None,
    organisation_name: str = "",
    relationship: str = "",
    guardian_for: CaseParty | None = None,
    guardian_relation: str = "",
    anonymous: bool = False,
    existing_person: Person | None = None,
    perpetrator_override: str = "",
) -> PartyResult:
    """Add a victim, perpetrator, reporter, witness or guardian to the case.

    ``existing_person`` links someone already recorded (found by their NIK, chosen by the
    officer) instead of creating a second record; ``person`` is then not used. The actor
    must already be able to see that person (``policies.authorize_person``).

    A guardian who is a perpetrator of the case (same person, NIK or name) is refused,
    unless a supervisor gives ``perpetrator_override`` (a reason; audited)."""
    policies.authorize_case(actor, case, "edit")
    if existing_person is not None:
        policies.authorize_person(actor, existing_person)
    case = _lock_case(case)
    _require_open(case)
    errors: dict[str, str] = {}
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if role == PartyRole.PERPETRATOR:
        perpetrator_kind = perpetrator_kind or PerpetratorKind.INDIVIDUAL
        if perpetrator_kind not in PerpetratorKind.values:
            errors["perpetrator_kind"] = _("Jenis pelaku tidak dikenal.")
        if perpetrator_kind == PerpetratorKind.GROUP and (group_size or 0) < 2:
            errors["group_size"] = _("Kelompok beranggota paling sedikit 2 orang.")
        if perpetrator_kind == PerpetratorKind.CORPORATION and not organisation_name.strip():
            errors["organisation_name"] = _("Isi nama korporasi.")
    else:
        perpetrator_kind, group_size, organisation_name = "", None, ""
    _check_choice(errors, "relationship", relationship, Relationship.values)
    if role == PartyRole.GUARDIAN:
        if guardian_for is None:
            errors["guardian_for"] = _("Pilih korban yang diwakili wali ini.")
        elif guardian_for.case_id != case.pk or guardian_for.role != PartyRole.VICTIM:
            errors["guardian_for"] = _("Wali hanya untuk korban dalam kasus ini.")
    else:
        guardian_for, guardian_relation = None, ""
    needs_person = not (
        (role == PartyRole.PERPETRATOR and perpetrator_kind != PerpetratorKind.INDIVIDUAL)
        or (role == PartyRole.REPORTER and anonymous)
    )
    if role != PartyRole.REPORTER:
        anonymous = False
    warnings: list[str] = []
    if existing_person is not None:
        if not needs_person:
            errors["existing_person"] = _("Pihak ini tidak berupa satu orang.")
        elif CaseParty.objects.filter(case=case, person=existing_person, role=role).exists():
            errors["existing_person"] = _("Orang ini sudah tercatat dengan peran ini di kasus ini.")
    elif needs_person and (person is None or not (person.name.strip() or person.alias.strip())):
        errors["name"] = _("Isi nama atau nama samaran.")
    if errors:
        raise ValidationError(errors)
    record: Person | None = None
    if existing_person is not None:
        record = existing_person
    elif needs_person and person is not None:
        person, warnings = _clean_person(person)
        record = Person(created_by=actor)
        _apply_person(record, person)
        if role == PartyRole.VICTIM:
            _require_child_alias(record)
        if record.nik_index and (
            policies.visible_people(actor).filter(nik_index=record.nik_index).exists()
        ):
            # The web form asks first; the API and other callers are told afterwards.
            warnings.append(_("NIK ini sudah tercatat pada orang lain; catatan baru tetap dibuat."))
        record.save()
        _index_person_names(record)
    if role == PartyRole.GUARDIAN:
        perpetrator = perpetrator_party_like(case, record)
        if perpetrator is not None:
            guardian_override_check(
                actor=actor,
                case=case,
                perpetrator=perpetrator,
                override_reason=perpetrator_override,
                action="case.guardian_perpetrator_override",
            )
    party = CaseParty.objects.create(
        case=case,
        person=record,
        role=role,
        perpetrator_kind=perpetrator_kind,
        group_size=group_size if perpetrator_kind == PerpetratorKind.GROUP else None,
        organisation_name=organisation_name.strip(),
        relationship=relationship,
        guardian_for=guardian_for,
        guardian_relation=guardian_relation.strip()[:100],
        anonymous=anonymous,
        created_by=actor,
    )
    if record is not None:
        CaseNameToken.objects.refresh_for_cases([case.pk])
    if role == PartyRole.VICTIM:
        _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.party_add",
        target=case,
        target_label=case.number,
        changes={
            "role": [None, role],
            "perpetrator_kind": [None, perpetrator_kind or None],
            **({"linked_person": [None, existing_person.pk]} if existing_person else {}),
        },
        note=f"pihak:{party.pk}",
    )
    return PartyResult(party=party, warnings=warnings)


@transaction.atomic
def person_update(
    *, actor: User, case: Case, party: CaseParty, version: int | None, data: PersonInput
) -> list[str]:
    """Edit the person behind a party. Returns warnings (e.g. a NIK/sex mismatch)."""
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    if party.case_id != case.pk or party.person_id is None:
        raise ValidationError(_("Pihak ini tidak memiliki data orang untuk diubah."))
    person = Person.objects.select_for_update().get(pk=party.person_id)
    _check_version(
        case, version, object_type="person", object_id=person.pk, fields=set(PERSON_FIELDS)
    )
    if not (data.name.strip() or data.alias.strip()):
        raise ValidationError({"name": _("Isi nama atau nama samaran.")})
    data, warnings = _clean_person(data)
    before = _snapshot(person, PERSON_FIELDS)
    _apply_person(person, data)
    if party.role == PartyRole.VICTIM:
        _require_child_alias(person)
    person.save()
    _index_person_names(person)
    CaseNameToken.objects.refresh_for_people([person.pk])
    changes = _changes(person, before, PERSON_FIELDS)
    _revise(case, actor=actor, object_type="person", object_id=person.pk, changes=changes)
    if party.role == PartyRole.VICTIM:
        _refresh_case_flags(case)
    audit_event(
        actor=actor,
        action="case.person_update",
        target=person,
        target_label=case.number,
        changes=_audit_changes(changes),
    )
    return warnings
