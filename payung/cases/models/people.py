"""People and their place on a case (parties), and incidents."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.cases.choices import (
    Education,
    GbvCoreType,
    MaritalStatus,
    Occupation,
    PartyRole,
    PerpetratorKind,
    PlaceCategory,
    Relationship,
    Religion,
    Sex,
    ViolenceForm,
    YesNoUnknown,
)
from payung.cases.models.records import Case
from payung.core.fields import EncryptedDateField, EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.identity.models import EncryptedPerson, NameToken
from payung.regions.models import Region

# =========================================================================================
# Casework: people and their part in a case
# =========================================================================================


class Person(EncryptedPerson):
    """Someone in a case: a victim, perpetrator, reporter, witness or guardian.

    Identifying values are encrypted. Name, NIK, No. KK and phone with their keyed blind
    indexes (``nik_index``, ``kk_index``, ``phone_index`` and ``name_index``, the name folded
    for case, accents and spacing) come from ``identity.models.EncryptedPerson``, shared with
    the other registries of people; ``PersonNameToken`` holds one blind token per name word
    so "siti" finds "Siti Aminah" without the database ever holding a name (docs/casework.md
    explains why not trigrams). The birth date is encrypted (a date of birth with a name
    identifies); ``birth_year`` stays in clear beside it so ages and age groups can be
    counted in SQL (``services.people._apply_person`` keeps the two in step).
    """

    alias = EncryptedTextField(
        _("nama samaran"),
        blank=True,
        help_text=_("Dipakai di daftar dan dokumen agar nama asli tidak terlihat."),
    )
    sex = models.CharField(
        _("jenis kelamin"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN
    )
    birth_date = EncryptedDateField(_("tanggal lahir"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("tahun lahir"), null=True, blank=True)
    age_estimate = models.PositiveSmallIntegerField(
        _("perkiraan usia (tahun)"), null=True, blank=True
    )
    age_estimated_on = models.DateField(_("usia diperkirakan pada"), null=True, blank=True)
    disability = models.CharField(
        _("penyandang disabilitas"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    disability_kinds = models.JSONField(_("jenis disabilitas"), default=list, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=20, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=20, choices=Occupation.choices, blank=True
    )
    marital_status = models.CharField(
        _("status perkawinan"), max_length=20, choices=MaritalStatus.choices, blank=True
    )
    religion = models.CharField(_("agama"), max_length=20, choices=Religion.choices, blank=True)
    address = EncryptedTextField(_("alamat lengkap"), blank=True)
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan domisili"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    ENCRYPTED_FIELDS = ("name", "alias", "nik", "kk", "phone", "address")
    NAME_TOKEN_SOURCES = ("name", "alias")

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")

    def __str__(self) -> str:
        return f"orang:{self.pk}"

    def age(self, on: date | None = None) -> int | None:
        """Whole years on ``on`` (today): from the birth date, else from the estimate."""
        today = on or timezone.localdate()
        if self.birth_date:
            born = self.birth_date
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if self.age_estimate is not None:
            since = self.age_estimated_on or (
                timezone.localdate(self.created_at) if self.created_at else today
            )
            return self.age_estimate + max(0, (today - since).days // 365)
        return None

    def adult_since(self) -> date | None:
        """The day this person turned 18, when the birth date is known (else ``None``)."""
        if not self.birth_date:
            return None
        born = self.birth_date
        try:
            return born.replace(year=born.year + 18)
        except ValueError:  # born on 29 February
            return born.replace(year=born.year + 18, month=3, day=1)

    @property
    def is_child(self) -> bool:
        age = self.age()
        return age is not None and age < 18

    @property
    def display_name(self) -> str:
        """The alias when there is one: lists and printed documents never need more."""
        return self.alias or self.name or "—"

    @classmethod
    def name_indexes_changed(cls, pks: list[int]) -> None:
        """Called by ``manage.py rebuild_blind_indexes`` for rows whose name index or tokens
        it rewrote: their cases' ``CaseNameToken`` rows follow."""
        CaseNameToken.objects.refresh_for_people(pks)


class PersonNameToken(NameToken):
    """One keyed token per word of a person's name (and alias), for word-level lookup."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")

    class Meta:
        verbose_name = _("token nama orang")
        verbose_name_plural = _("token nama orang")
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="person_name_token_unique")
        ]
        # Lookup by token that never touches the table (index-only): people having every
        # word of a name query are a merge join of two index ranges (docs/performance.md).
        indexes = [models.Index(fields=["token", "person"], name="person_token_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.token[:6]}"


class CaseParty(models.Model):
    """A person's part in a case. A perpetrator may be a group (with its size) or a
    corporation (with its name) instead of one person."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("peran"), max_length=10, choices=PartyRole.choices)
    perpetrator_kind = models.CharField(
        _("jenis pelaku"), max_length=12, choices=PerpetratorKind.choices, blank=True
    )
    group_size = models.PositiveIntegerField(_("jumlah anggota kelompok"), null=True, blank=True)
    organisation_name = EncryptedTextField(_("nama korporasi"), blank=True)
    relationship = models.CharField(
        _("hubungan dengan korban"), max_length=20, choices=Relationship.choices, blank=True
    )
    guardian_for = models.ForeignKey(
        "self",
        verbose_name=_("wali dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guardians",
    )
    guardian_relation = models.CharField(_("hubungan wali"), max_length=100, blank=True)
    anonymous = models.BooleanField(_("tanpa nama"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("pihak dalam kasus")
        verbose_name_plural = _("pihak dalam kasus")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                condition=Q(person__isnull=False),
                name="case_party_person_role_unique",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(role="pelaku", perpetrator_kind__in=["kelompok", "korporasi"])
                | Q(role="pelapor", anonymous=True),
                name="case_party_has_person",
            ),
            models.CheckConstraint(
                condition=Q(role="pelaku") | Q(perpetrator_kind=""),
                name="case_party_kind_only_perpetrator",
            ),
            models.CheckConstraint(
                condition=Q(role="wali") | Q(guardian_for__isnull=True),
                name="case_party_guardian_for_only_guardian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}:{self.pk}"

    @property
    def display_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.display_name
        if self.perpetrator_kind == PerpetratorKind.CORPORATION:
            return self.organisation_name or str(_("Korporasi"))
        if self.perpetrator_kind == PerpetratorKind.GROUP:
            return str(_("Kelompok (%(n)s orang)") % {"n": self.group_size or "?"})
        if self.anonymous:
            return str(_("Anonim"))
        return "—"


class CaseNameTokenQuerySet(models.QuerySet["CaseNameToken"]):
    def refresh_for_cases(self, case_ids: list[int] | set[int]) -> int:
        """Rewrite the rows of these cases from their people as they are now (name tokens,
        whole-name index, the case's region); returns the rows written. Every change to a
        case's people, their names or the case's region calls this in the same transaction."""
        ids = sorted(set(case_ids))
        if not ids:
            return 0
        self.filter(case_id__in=ids).delete()
        rows: set[tuple[int, str, str]] = set()
        for case_id, region, token in PersonNameToken.objects.filter(
            person__parties__case_id__in=ids
        ).values_list("person__parties__case_id", "person__parties__case__region_code", "token"):
            rows.add((case_id, region, token))
        for case_id, region, whole in (
            CaseParty.objects.filter(case_id__in=ids, person__isnull=False)
            .exclude(person__name_index="")
            .values_list("case_id", "case__region_code", "person__name_index")
        ):
            rows.add((case_id, region, whole))
        self.bulk_create(
            [CaseNameToken(case_id=c, region_code=r, token=t) for c, r, t in sorted(rows)],
            batch_size=1000,
        )
        return len(rows)

    def refresh_for_people(self, person_ids: list[int] | set[int]) -> int:
        """``refresh_for_cases`` for every case these people are a party to."""
        cases = CaseParty.objects.filter(person_id__in=list(person_ids)).values_list(
            "case_id", flat=True
        )
        return self.refresh_for_cases(set(cases))


class CaseNameToken(models.Model):
    """A name token of one of a case's people, stored with the case's region: the name
    search of a busy region's list (docs/performance.md, "Name search by region").

    ``PersonNameToken`` finds everyone in the country with a word of a name; a common given
    name is some 25,000 people at the national million, and joining them to their cases to
    keep those of one kota read 2.96 million parties. Here one index range, ``(token,
    region_code)``, holds only the region's cases with that word. Each case has one row per
    distinct word token of its people's names and aliases, and one per whole-name index
    (``identity.names.name_index``, a different key, so the two never collide). For a
    one-word name the rows are the answer; for several words they give the cases whose
    people have every word between them, and the same-person test
    (``selectors.case_lists._party_has_name``) runs on those (``_region_name_q``).
    ``refresh_for_cases`` keeps them in step, from the people's own tokens.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", db_index=False)
    region_code = models.CharField(max_length=13)
    token = models.CharField(max_length=32)

    objects = CaseNameTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token nama kasus")
        verbose_name_plural = _("token nama kasus")
        indexes = [
            # One range per search: the token, then the scope's code prefix (LIKE 'x%' uses
            # only a pattern_ops index under a non-C collation); the case id comes from the
            # index alone.
            models.Index(
                fields=["token", "region_code"],
                name="case_name_token_region_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                include=["case"],
            ),
            # A case's rows (rewritten by refresh_for_cases), and "does this case also have
            # that word" for a query of several words: index-only.
            models.Index(fields=["case", "token"], name="case_name_token_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.token[:6]}"


class Incident(TimeStampedModel):
    """One incident of violence in a case, with SIMFONI-PPA's categories."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    date_approximate = models.BooleanField(_("tanggal perkiraan"), default=False)
    place_category = models.CharField(
        _("jenis tempat"), max_length=30, choices=PlaceCategory.choices
    )
    kelurahan = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = EncryptedTextField(_("alamat kejadian"), blank=True)
    violence_forms = models.JSONField(_("bentuk kekerasan"), default=list)
    trafficking_subtypes = models.JSONField(_("jenis TPPO"), default=list, blank=True)
    gbv_core_type = models.CharField(
        _("jenis inti GBVIMS"), max_length=30, choices=GbvCoreType.choices, blank=True
    )
    chronology = EncryptedTextField(_("kronologi"), blank=True)
    relationship = models.CharField(
        _("hubungan pelaku dengan korban"),
        max_length=20,
        choices=Relationship.choices,
        default=Relationship.UNKNOWN,
    )
    kdrt = models.BooleanField(_("KDRT (UU 23/2004)"), default=False)
    tpks = models.BooleanField(_("TPKS (UU 12/2022)"), default=False)
    victims = models.ManyToManyField(CaseParty, related_name="incidents_as_victim", blank=True)
    perpetrators = models.ManyToManyField(
        CaseParty, related_name="incidents_as_perpetrator", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("kejadian")
        verbose_name_plural = _("kejadian")

    def __str__(self) -> str:
        return f"kejadian:{self.pk}"

    def get_violence_forms_display(self) -> list[str]:
        labels = dict(ViolenceForm.choices)
        return [str(labels.get(v, v)) for v in self.violence_forms]
