"""Case forms: filters, the case record, people and parties, incidents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from payung.cases.choices import (
    CaseStatus,
    DisabilityKind,
    Education,
    GbvCoreType,
    MaritalStatus,
    Occupation,
    PartyRole,
    PerpetratorKind,
    PlaceCategory,
    Relationship,
    Religion,
    RiskLevel,
    Sex,
    TraffickingSubtype,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.forms.triage_forms import TriageForm
from payung.cases.forms.widgets import Checkboxes, Radios
from payung.cases.services import IncidentInput, PersonInput
from payung.regions.models import Region

# =========================================================================================
# Casework forms: they validate input; the services decide and write.
# =========================================================================================


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    # An HTML date input takes ISO dates whatever the page language.
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def party_numbers(parties: list[Any]) -> dict[int, int]:
    """Each party's number within its role on the case, in the order they were added
    ("Korban #2"): the same number in every picker of the case."""
    numbers: dict[int, int] = {}
    seen: dict[str, int] = {}
    for party in sorted(parties, key=lambda p: p.pk):
        seen[party.role] = numbers[party.pk] = seen.get(party.role, 0) + 1
    return numbers


def party_label(party: Any, number: int | None = None, *, full_name: bool = False) -> str:
    """A party as pickers show it: role and number, the alias (or name), and detail that
    tells two parties apart without identifying anyone: "Korban #2 · Bunga · P · 9 th".
    ``full_name`` puts the name beside the alias, for staff who know the family."""
    role = str(party.get_role_display())
    parts = [f"{role} #{number}" if number else role]
    person = party.person if party.person_id is not None else None
    if person is not None and full_name and person.name and person.alias:
        parts.append(f"{person.name} ({person.alias})")
    else:
        parts.append(party.display_name)
    if person is not None:
        if person.sex == Sex.FEMALE:
            parts.append(str(pgettext_lazy("jenis kelamin, singkat", "P")))
        elif person.sex == Sex.MALE:
            parts.append(str(pgettext_lazy("jenis kelamin, singkat", "L")))
        age = person.age()
        if age is not None:
            parts.append(str(pgettext_lazy("usia, singkat", "%(n)s th")) % {"n": age})
    return " · ".join(parts)


def party_choices(parties: list[Any], roles: tuple[str, ...], *, empty: Any = None) -> list[Any]:
    numbers = party_numbers(parties)
    choices: list[Any] = [("", empty)] if empty is not None else []
    choices += [(str(p.pk), party_label(p, numbers[p.pk])) for p in parties if p.role in roles]
    return choices


class VersionedForm(TriageForm):
    """An edit form that carries the record's version (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseFilterForm(TriageForm):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        help_text=_("Nomor kasus, nama, NIK / No. KK, atau nomor telepon."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *CaseStatus.choices]
    )
    risk = forms.ChoiceField(
        label=_("Risiko"), required=False, choices=[("", _("Semua")), *RiskLevel.choices]
    )
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), required=False)
    violence_form = forms.ChoiceField(
        label=_("Bentuk kekerasan"),
        required=False,
        choices=[("", _("Semua")), *ViolenceForm.choices],
    )
    opened_from = _date_field(_("Dibuka sejak"))
    opened_to = _date_field(_("Dibuka sampai"))
    overdue = forms.BooleanField(label=_("Hanya yang lewat tenggat"), required=False)
    victim_sex = forms.ChoiceField(
        label=_("Jenis kelamin korban"), required=False, choices=[("", _("Semua")), *Sex.choices]
    )
    place = forms.ChoiceField(
        label=_("Tempat kejadian"),
        required=False,
        choices=[("", _("Semua")), *PlaceCategory.choices],
    )
    relationship = forms.ChoiceField(
        label=_("Hubungan pelaku"),
        required=False,
        choices=[("", _("Semua")), *Relationship.choices],
    )

    def __init__(self, *args: Any, kelurahan_options: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kelurahan"]).choices = [
            ("", _("Semua")),
            *((r.code, r.name) for r in kelurahan_options),
        ]


class CaseEditForm(VersionedForm):
    risk_level = forms.ChoiceField(label=_("Tingkat risiko"), choices=RiskLevel.choices)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan kejadian"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— tidak diketahui / luar kota —"),
    )

    def __init__(self, *args: Any, kelurahan_options: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = kelurahan_options


class PersonForm(TriageForm):
    """The person behind a party. NIK/KK are checked by the service (errors refuse,
    mismatches are warnings shown after saving)."""

    name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    alias = forms.CharField(
        label=_("Nama samaran"),
        max_length=100,
        required=False,
        help_text=_("Dipakai di daftar dan dokumen. Contoh: Bunga (nama samaran)."),
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 angka. Tidak harus berawalan 3575."),
    )
    kk = forms.CharField(
        label=_("Nomor KK"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = _date_field(_("Tanggal lahir"))
    age_estimate = forms.IntegerField(
        label=_("atau perkiraan usia (tahun)"), min_value=0, max_value=120, required=False
    )
    disability = forms.ChoiceField(
        label=_("Penyandang disabilitas"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
    )
    disability_kinds = forms.MultipleChoiceField(
        label=_("Jenis disabilitas"),
        choices=DisabilityKind.choices,
        required=False,
        widget=Checkboxes,
    )
    education = forms.ChoiceField(
        label=_("Pendidikan"), choices=[("", "—"), *Education.choices], required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), choices=[("", "—"), *Occupation.choices], required=False
    )
    marital_status = forms.ChoiceField(
        label=_("Status perkawinan"), choices=[("", "—"), *MaritalStatus.choices], required=False
    )
    religion = forms.ChoiceField(
        label=_("Agama"), choices=[("", "—"), *Religion.choices], required=False
    )
    phone = forms.CharField(
        label=_("Telepon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Alamat lengkap"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan domisili"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— luar kota / tidak diketahui —"),
    )

    PERSON_FIELD_NAMES = (
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
    )

    def __init__(self, *args: Any, kelurahan_options: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = kelurahan_options

    def person_input(self) -> PersonInput:
        d = self.cleaned_data

        def text(name: str) -> str:
            return str(d.get(name) or "")

        return PersonInput(
            name=text("name"),
            alias=text("alias"),
            nik=text("nik"),
            kk=text("kk"),
            sex=text("sex") or Sex.UNKNOWN,
            birth_date=d.get("birth_date"),
            age_estimate=d.get("age_estimate"),
            disability=text("disability") or YesNoUnknown.UNKNOWN,
            disability_kinds=list(d.get("disability_kinds") or []),
            education=text("education"),
            occupation=text("occupation"),
            marital_status=text("marital_status"),
            religion=text("religion"),
            phone=text("phone"),
            address=text("address"),
            kelurahan=d.get("kelurahan"),
        )

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        return {name: getattr(person, name) for name in PersonForm.PERSON_FIELD_NAMES}


class PersonEditForm(PersonForm, VersionedForm):
    pass


# --- adding a party: the role first, then only that role's fields --------------------------

_CONTACT_FIELDS = (
    "name",
    "alias",
    "nik",
    "sex",
    "birth_date",
    "age_estimate",
    "phone",
    "address",
    "kelurahan",
)
_ALL_PERSON_FIELDS = PersonForm.PERSON_FIELD_NAMES


@dataclass(frozen=True)
class PartyKind:
    """One choice of the first step of "add a person": a role, and for a perpetrator or a
    reporter what kind (``jenis``), with the fields that role needs and no others."""

    role: str
    kind: str  # "perorangan" / "kelompok" / "korporasi" for a perpetrator, "anonim", or ""
    label: Any
    help: Any
    fields: tuple[str, ...]

    @property
    def query(self) -> str:
        return f"peran={self.role}" + (f"&jenis={self.kind}" if self.kind else "")

    @property
    def needs_person(self) -> bool:
        return "name" in self.fields

    @property
    def perpetrator_kind(self) -> str:
        return self.kind if self.role == PartyRole.PERPETRATOR else ""

    @property
    def anonymous(self) -> bool:
        return self.role == PartyRole.REPORTER and self.kind == "anonim"


PARTY_KINDS = (
    PartyKind(
        PartyRole.VICTIM,
        "",
        _("Korban"),
        _("Orang yang mengalami kekerasan."),
        _ALL_PERSON_FIELDS,
    ),
    PartyKind(
        PartyRole.PERPETRATOR,
        PerpetratorKind.INDIVIDUAL,
        _("Pelaku (perorangan)"),
        _("Satu orang yang melakukan kekerasan."),
        (*_ALL_PERSON_FIELDS, "relationship"),
    ),
    PartyKind(
        PartyRole.PERPETRATOR,
        PerpetratorKind.GROUP,
        _("Pelaku berupa kelompok"),
        _("Beberapa orang bersama-sama; cukup jumlahnya."),
        ("group_size", "relationship"),
    ),
    PartyKind(
        PartyRole.PERPETRATOR,
        PerpetratorKind.CORPORATION,
        _("Pelaku berupa korporasi"),
        _("Perusahaan atau badan, misalnya dalam perdagangan orang."),
        ("organisation_name", "relationship"),
    ),
    PartyKind(
        PartyRole.REPORTER,
        "",
        _("Pelapor"),
        _("Orang yang melaporkan kejadian."),
        (*_CONTACT_FIELDS, "relationship"),
    ),
    PartyKind(
        PartyRole.REPORTER,
        "anonim",
        _("Pelapor tanpa nama"),
        _("Pelapor yang tidak mau disebut namanya."),
        ("relationship",),
    ),
    PartyKind(
        PartyRole.GUARDIAN,
        "",
        _("Wali / orang tua"),
        _("Yang mewakili korban anak, misalnya untuk persetujuan."),
        (*_CONTACT_FIELDS, "guardian_for", "guardian_relation"),
    ),
    PartyKind(
        PartyRole.WITNESS,
        "",
        _("Saksi"),
        _("Orang yang melihat atau mengetahui kejadian."),
        (*_CONTACT_FIELDS, "relationship"),
    ),
)


def party_kind(role: str | None, kind: str | None = "") -> PartyKind | None:
    """The first-step choice for ``peran`` and ``jenis``; a perpetrator without a kind is
    one person. None for anything else."""
    role, kind = role or "", kind or ""
    if role == PartyRole.PERPETRATOR and not kind:
        kind = PerpetratorKind.INDIVIDUAL
    return next((k for k in PARTY_KINDS if k.role == role and k.kind == kind), None)


NEW_PERSON = "baru"


def nik_match_label(match: Any) -> str:
    """An existing person offered for linking: how the user knows them, and the cases (that
    the user may see) they are in."""
    person = match.person
    parts = [person.display_name]
    if person.sex == Sex.FEMALE:
        parts.append(str(pgettext_lazy("jenis kelamin, singkat", "P")))
    elif person.sex == Sex.MALE:
        parts.append(str(pgettext_lazy("jenis kelamin, singkat", "L")))
    age = person.age()
    if age is not None:
        parts.append(str(pgettext_lazy("usia, singkat", "%(n)s th")) % {"n": age})
    cases = ", ".join(
        str(_("%(role)s di %(number)s"))
        % {"role": party.get_role_display(), "number": party.case.number}
        for party in match.parties
    )
    return str(_("Pakai orang yang sudah tercatat: %(person)s — %(cases)s")) % {
        "person": " · ".join(parts),
        "cases": cases,
    }


class PartyForm(PersonForm):
    """The second step: the fields of one ``PartyKind``. With ``matches`` (people who already
    carry the NIK entered) it also asks whether to link one of them or make a new record."""

    role = forms.CharField(widget=forms.HiddenInput)
    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    group_size = forms.IntegerField(
        label=_("Jumlah anggota kelompok"), min_value=2, max_value=10000, required=False
    )
    organisation_name = forms.CharField(label=_("Nama korporasi"), max_length=200, required=False)
    relationship = forms.ChoiceField(
        label=_("Hubungan dengan korban"),
        choices=[("", "—"), *Relationship.choices],
        required=False,
    )
    guardian_for = forms.ChoiceField(label=_("Wali dari korban"), required=False)
    guardian_relation = forms.CharField(
        label=_("Hubungan wali dengan korban"),
        max_length=100,
        required=False,
        help_text=_("Misalnya: ibu kandung, paman, pekerja sosial."),
    )

    def __init__(
        self,
        *args: Any,
        party_kind: PartyKind,
        parties: list[Any],
        matches: list[Any] | None = None,
        allow_override: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.party_kind = party_kind
        self.fields["role"].initial = party_kind.role
        self.fields["kind"].initial = party_kind.kind
        keep = {"role", "kind", *party_kind.fields}
        for name in [n for n in self.fields if n not in keep]:
            del self.fields[name]
        if "group_size" in self.fields:
            self.fields["group_size"].required = True
        if "organisation_name" in self.fields:
            self.fields["organisation_name"].required = True
        if "guardian_for" in self.fields:
            field = cast(forms.ChoiceField, self.fields["guardian_for"])
            field.choices = party_choices(parties, (PartyRole.VICTIM,), empty="—")
            field.required = True
            if allow_override:
                # Only a supervisor may accept a guardian who is also recorded as a
                # perpetrator of the case (issue #14); the reason is audited.
                self.fields["perpetrator_override"] = forms.CharField(
                    label=_("Izin supervisor bila wali ini juga tercatat sebagai pelaku: alasan"),
                    max_length=500,
                    required=False,
                )
        self.matches = {str(m.person.pk): m for m in matches or []}
        if self.matches:
            self.fields["existing"] = forms.ChoiceField(
                label=_("NIK ini sudah tercatat. Pakai orang yang sama?"),
                choices=[
                    *((key, nik_match_label(m)) for key, m in self.matches.items()),
                    (NEW_PERSON, _("Buat catatan orang baru (orang lain dengan NIK sama)")),
                ],
                required=False,
                widget=Radios,
            )
            self.order_fields(["existing"])

    def decision(self) -> str:
        """ "" (not asked or not answered yet), ``NEW_PERSON``, or a matched person's id."""
        return str(self.cleaned_data.get("existing") or "") if self.matches else ""

    def existing_person(self) -> Any:
        match = self.matches.get(self.decision())
        return match.person if match is not None else None


class IncidentForm(VersionedForm):
    occurred_on = _date_field(_("Tanggal kejadian"))
    date_approximate = forms.BooleanField(label=_("Tanggal perkiraan"), required=False)
    place_category = forms.ChoiceField(label=_("Jenis tempat"), choices=PlaceCategory.choices)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan kejadian"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— luar kota / tidak diketahui —"),
    )
    address = forms.CharField(label=_("Alamat / lokasi kejadian"), max_length=500, required=False)
    violence_forms = forms.MultipleChoiceField(
        label=_("Bentuk kekerasan"), choices=ViolenceForm.choices, widget=Checkboxes
    )
    trafficking_subtypes = forms.MultipleChoiceField(
        label=_("Jenis TPPO (bila perdagangan orang)"),
        choices=TraffickingSubtype.choices,
        required=False,
        widget=Checkboxes,
    )
    gbv_core_type = forms.ChoiceField(
        label=_("Jenis inti (GBVIMS)"), choices=[("", "—"), *GbvCoreType.choices], required=False
    )
    relationship = forms.ChoiceField(
        label=_("Hubungan pelaku dengan korban"),
        choices=Relationship.choices,
        initial=Relationship.UNKNOWN,
    )
    kdrt = forms.BooleanField(label=_("KDRT (UU 23/2004 PKDRT)"), required=False)
    tpks = forms.BooleanField(
        label=_("Tindak pidana kekerasan seksual (UU 12/2022 TPKS)"),
        required=False,
        help_text=_("Menambah tenggat laporan polisi 3×24 jam dan langkah perlindungan."),
    )
    chronology = forms.CharField(
        label=_("Kronologi"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    victims = forms.MultipleChoiceField(
        label=_("Korban dalam kejadian ini"), required=False, widget=Checkboxes
    )
    perpetrators = forms.MultipleChoiceField(
        label=_("Pelaku dalam kejadian ini"), required=False, widget=Checkboxes
    )

    def __init__(
        self, *args: Any, parties: list[Any], kelurahan_options: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        cast(forms.ModelChoiceField, self.fields["kelurahan"]).queryset = kelurahan_options
        cast(forms.MultipleChoiceField, self.fields["victims"]).choices = party_choices(
            parties, (PartyRole.VICTIM,)
        )
        cast(forms.MultipleChoiceField, self.fields["perpetrators"]).choices = party_choices(
            parties, (PartyRole.PERPETRATOR,)
        )

    def incident_input(self) -> IncidentInput:
        d = self.cleaned_data
        return IncidentInput(
            place_category=d["place_category"],
            violence_forms=list(d["violence_forms"]),
            occurred_on=d.get("occurred_on"),
            date_approximate=bool(d.get("date_approximate")),
            kelurahan=d.get("kelurahan"),
            address=d.get("address", ""),
            trafficking_subtypes=list(d.get("trafficking_subtypes") or []),
            gbv_core_type=d.get("gbv_core_type", ""),
            chronology=d.get("chronology", ""),
            relationship=d.get("relationship") or Relationship.UNKNOWN,
            kdrt=bool(d.get("kdrt")),
            tpks=bool(d.get("tpks")),
            victims=[self.parties[v] for v in d.get("victims", [])],
            perpetrators=[self.parties[p] for p in d.get("perpetrators", [])],
        )

    @staticmethod
    def initial_for(incident: Any) -> dict[str, Any]:
        values = {
            name: getattr(incident, name)
            for name in (
                "occurred_on",
                "date_approximate",
                "place_category",
                "kelurahan",
                "address",
                "violence_forms",
                "trafficking_subtypes",
                "gbv_core_type",
                "relationship",
                "kdrt",
                "tpks",
                "chronology",
            )
        }
        values["victims"] = [str(p.pk) for p in incident.victims.all()]
        values["perpetrators"] = [str(p.pk) for p in incident.perpetrators.all()]
        return values
