"""Writes of the Perkasa registry. Each authorises its actor, runs in one transaction and
leaves an audit event (docs/architecture.md, "Every service authorises its actor")."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.services import audit_event
from payung.cases import codes
from payung.core.actors import PUBLIC_FORM, is_system
from payung.identity import blind_index
from payung.identity.nik import check_kk, check_nik
from payung.identity.phones import normalise_phone
from payung.perkasa import choices, policies, scoring
from payung.perkasa.models import DuplicateFlag, HouseholdMember, Registrant, Score, ScoringModel
from payung.regions.models import Region, RegionLevel

SELF_NAMESPACE = "perkasa-self"


@dataclass
class MemberInput:
    relationship: str
    age: int
    sex: str
    schooling: str = ""
    disability: bool = False


@dataclass
class RegistrationInput:
    name: str
    nik: str
    kelurahan: Region
    head_reason: str
    kk: str = ""
    phone: str = ""
    birth_date: dt.date | None = None
    address: str = ""
    head_reason_detail: str = ""
    livelihood: str = ""
    income_band: str = ""
    has_business: bool = False
    assistance: list[str] = field(default_factory=list)
    dtsen_decile: int | None = None
    members: list[MemberInput] = field(default_factory=list)


@dataclass(frozen=True)
class Registered:
    registrant: Registrant
    pin: str | None = None  # only for a self pre-registration, shown once
    warnings: tuple[str, ...] = ()


def _source_for(actor: Any) -> str:
    if actor is PUBLIC_FORM:
        return choices.Source.SELF
    if is_system(actor):
        return choices.Source.OFFICER
    return choices.Source.PPT if policies.is_ppt(actor) else choices.Source.OFFICER


def check_identity(data: RegistrationInput) -> tuple[str, str, list[str]]:
    """NIK and No. KK by the rules casework uses (docs/domain.md#nik): (nik, kk, warnings).

    Perkasa registers women, so a NIK whose birth day is not +40 is not refused — a clerk's
    error on the KTP happens — but the officer is warned that the NIK records a man."""
    errors: dict[str, list[str]] = {}
    nik = check_nik(data.nik, sex="p", birth_date=data.birth_date)
    if not nik.ok:
        errors["nik"] = [str(e) for e in nik.errors]
    kk_value = ""
    if data.kk.strip():
        kk = check_kk(data.kk)
        if not kk.ok:
            errors["kk"] = [str(e) for e in kk.errors]
        kk_value = kk.value
    if data.kelurahan.level != RegionLevel.URBAN_VILLAGE:
        errors["kelurahan"] = [_("Pilih satu kelurahan.")]
    if errors:
        raise ValidationError(errors)
    return nik.value, kk_value, [str(w) for w in nik.warnings]


def existing_active(nik: str) -> Registrant | None:
    return (
        Registrant.objects.filter(
            nik_index=blind_index.nik_index(nik), status__in=choices.ACTIVE_STATUSES
        )
        .only("pk", "region_code", "status")
        .first()
    )


@transaction.atomic
def registrant_register(
    *,
    actor: Any,
    data: RegistrationInput,
    idempotency_key: str = "",
    prioritised: bool = False,
    source: str = "",
) -> Registered:
    """Register a woman head of household; refuses a second active registration of a NIK
    (with a pointer to the first, for staff) and flags shared No. KK for review."""
    policies.authorize_register(actor, data.kelurahan.code)
    return _register(
        actor=actor,
        data=data,
        idempotency_key=idempotency_key,
        prioritised=prioritised,
        source=source,
    )


def _register(
    *, actor: Any, data: RegistrationInput, idempotency_key: str, prioritised: bool, source: str
) -> Registered:
    """``registrant_register`` once its caller is authorised (also by ``registrant_refer``)."""
    if idempotency_key:
        key_hash = codes.idempotency_hash(SELF_NAMESPACE, idempotency_key)
        earlier = Registrant.objects.filter(submission_hash=key_hash).first()
        if earlier is not None:  # a double submit: the same registration, the same PIN
            return Registered(earlier, pin=codes.derive_pin(SELF_NAMESPACE, idempotency_key))
    nik, kk, warnings = check_identity(data)
    first = existing_active(nik)
    if first is not None:
        if actor is PUBLIC_FORM:
            message = _(
                "NIK ini sudah terdaftar di Perkasa. Cek status dengan kode dan PIN Anda, "
                "atau datangi petugas PPT kelurahan Anda."
            )
        else:
            message = _("NIK ini sudah terdaftar aktif: pendaftaran #%(pk)s.") % {"pk": first.pk}
        raise ValidationError({"nik": [message]}, code="duplicate_nik")
    registrant = Registrant(
        name=data.name.strip(),
        nik=nik,
        kk=kk,
        phone=normalise_phone(data.phone) if data.phone.strip() else "",
        birth_date=data.birth_date.isoformat() if data.birth_date else "",
        birth_year=data.birth_date.year if data.birth_date else None,
        address=data.address.strip(),
        kelurahan=data.kelurahan,
        head_reason=data.head_reason,
        head_reason_detail=data.head_reason_detail.strip(),
        livelihood=data.livelihood,
        income_band=data.income_band,
        has_business=data.has_business,
        assistance=sorted(set(data.assistance)),
        dtsen_decile=data.dtsen_decile,
        source=source or _source_for(actor),
        prioritised=prioritised,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    pin = None
    if actor is PUBLIC_FORM and idempotency_key:
        registrant.tracking_code = _free_code()
        pin = codes.derive_pin(SELF_NAMESPACE, idempotency_key)
        registrant.pin_hash = codes.hash_pin(pin)
        registrant.submission_hash = codes.idempotency_hash(SELF_NAMESPACE, idempotency_key)
    registrant.refresh_blind_indexes()
    try:
        with transaction.atomic():
            registrant.save()
    except IntegrityError as exc:  # a concurrent registration of the same NIK won
        raise ValidationError(
            {"nik": [_("NIK ini baru saja didaftarkan. Muat ulang dan cari NIK tersebut.")]},
            code="duplicate_nik",
        ) from exc
    HouseholdMember.objects.bulk_create(
        HouseholdMember(registrant=registrant, **vars(member)) for member in data.members
    )
    _flag_duplicates(registrant)
    audit_event(
        actor=actor,
        action="perkasa.register",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        note=str(registrant.get_source_display()),
    )
    return Registered(registrant, pin=pin, warnings=tuple(warnings))


@dataclass(frozen=True)
class Referred:
    registrant: Registrant
    existing: bool


@transaction.atomic
def registrant_refer(
    *,
    actor: Any,
    name: str,
    nik: str,
    phone: str,
    kelurahan: Region,
    birth_date: dt.date | None,
) -> Referred:
    """A referral from a protection case (the case side has checked her consent): register
    her as a prioritised referral, or — when her NIK is already registered — mark that
    registration prioritised instead of creating a duplicate. Perkasa is told nothing of the
    case: not the violence, the perpetrator, the case number or its id."""
    policies.authorize_case_referral(actor, kelurahan.code)
    data = RegistrationInput(
        name=name,
        nik=nik,
        kelurahan=kelurahan,
        head_reason=choices.HeadReason.OTHER,
        phone=phone,
        birth_date=birth_date,
    )
    nik_value, _kk, _warnings = check_identity(data)
    first = existing_active(nik_value)
    if first is not None:
        registrant = Registrant.objects.select_for_update().get(pk=first.pk)
        if not registrant.prioritised:
            registrant.prioritised = True
            registrant.save(update_fields=["prioritised", "updated_at"])
        audit_event(
            actor=actor,
            action="perkasa.referral_link",
            target=registrant,
            target_label=f"Perkasa #{registrant.pk}",
            note="rujukan prioritas: NIK sudah terdaftar",
        )
        return Referred(registrant, existing=True)
    registered = _register(
        actor=actor,
        data=data,
        idempotency_key="",
        prioritised=True,
        source=choices.Source.CASE_REFERRAL,
    )
    return Referred(registered.registrant, existing=False)


@transaction.atomic
def referral_marker_clear(*, actor: Any, registrant_id: int) -> None:
    """The victim withdrew her consent to share with Perkasa: the registration stays hers,
    but no longer carries the prioritised-referral marker that rested on it."""
    registrant = Registrant.objects.select_for_update().filter(pk=registrant_id).first()
    policies.authorize_case_referral(actor, registrant.region_code if registrant else "")
    if registrant is None or not registrant.prioritised:
        return
    registrant.prioritised = False
    registrant.save(update_fields=["prioritised", "updated_at"])
    audit_event(
        actor=actor,
        action="perkasa.referral_unmark",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        note="persetujuan berbagi dicabut",
    )


def _free_code() -> str:
    while True:
        code = codes.new_code()
        if not Registrant.objects.filter(tracking_code=code).exists():
            return code


def _flag_duplicates(registrant: Registrant) -> int:
    """Same NIK (an earlier, inactive registration) or same No. KK: queue for review."""
    flags = []
    others = Registrant.objects.exclude(pk=registrant.pk).exclude(status=choices.Status.MERGED)
    same_nik = others.filter(nik_index=registrant.nik_index).exclude(nik_index="")
    for other in same_nik.only("pk"):
        flags.append((other, choices.DuplicateReason.SAME_NIK))
    if registrant.kk_index:
        for other in others.filter(kk_index=registrant.kk_index).only("pk"):
            flags.append((other, choices.DuplicateReason.SAME_KK))
    DuplicateFlag.objects.bulk_create(
        [
            DuplicateFlag(
                first=other, second=registrant, reason=reason, region_code=registrant.region_code
            )
            for other, reason in flags
        ],
        ignore_conflicts=True,
    )
    return len(flags)


@transaction.atomic
def duplicate_decide(*, actor: Any, flag: DuplicateFlag, merge: bool) -> DuplicateFlag:
    """Merge (the later registration is closed as a duplicate of the earlier one) or dismiss."""
    flag = (
        DuplicateFlag.objects.select_for_update().select_related("first", "second").get(pk=flag.pk)
    )
    policies.authorize_officer(actor, flag.second)
    if flag.status != choices.DuplicateStatus.OPEN:
        raise ValidationError(_("Tanda duplikat ini sudah diputuskan."))
    if merge:
        second = flag.second
        second.status = choices.Status.MERGED
        second.merged_into = flag.first
        second.status_reason = _("Duplikat dari pendaftaran #%(pk)s") % {"pk": flag.first_id}
        second.save(update_fields=["status", "merged_into", "status_reason", "updated_at"])
        flag.status = choices.DuplicateStatus.MERGED
    else:
        flag.status = choices.DuplicateStatus.DISMISSED
    flag.decided_at = timezone.now()
    flag.decided_by = actor if getattr(actor, "pk", None) else None
    flag.save(update_fields=["status", "decided_at", "decided_by"])
    audit_event(
        actor=actor,
        action="perkasa.duplicate_merge" if merge else "perkasa.duplicate_dismiss",
        target=flag.second,
        target_label=f"Perkasa #{flag.second_id} ~ #{flag.first_id}",
        note=str(flag.get_reason_display()),
    )
    return flag


# --- verification, scoring, eligibility ---------------------------------------------------


@dataclass
class VerificationInput:
    livelihood: str
    income_band: str
    has_business: bool
    housing: dict[str, bool]
    assistance: list[str]
    dtsen_decile: int | None
    checklist: dict[str, bool]
    note: str = ""
    members: list[MemberInput] | None = None


HOME_VISIT_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("ktp_dilihat", "KTP asli dilihat dan cocok dengan NIK"),
    ("kk_dilihat", "KK asli dilihat; ia tercatat sebagai kepala keluarga atau menanggung keluarga"),
    ("tinggal_di_alamat", "Tinggal di alamat yang didaftarkan"),
    ("rumah_diamati", "Kondisi rumah diamati langsung"),
    ("persetujuan", "Ia setuju datanya dipakai untuk program Perkasa"),
)
REQUIRED_CHECKS = ("ktp_dilihat", "tinggal_di_alamat", "persetujuan")


@transaction.atomic
def registrant_verify(*, actor: Any, registrant: Registrant, data: VerificationInput) -> Registrant:
    """Record the home visit: the facts seen, the checklist, then score under the current
    published model. A pre-registration only; required checks must be ticked."""
    registrant = Registrant.objects.select_for_update().get(pk=registrant.pk)
    policies.authorize_officer(actor, registrant)
    if registrant.status != choices.Status.PRE_REGISTERED:
        raise ValidationError(_("Hanya pra-daftar yang dapat diverifikasi."))
    missing = [key for key in REQUIRED_CHECKS if not data.checklist.get(key)]
    if missing:
        labels = dict(HOME_VISIT_CHECKLIST)
        raise ValidationError(
            _("Belum dicentang: %(items)s.") % {"items": "; ".join(labels[k] for k in missing)}
        )
    registrant.livelihood = data.livelihood
    registrant.income_band = data.income_band
    registrant.has_business = data.has_business
    registrant.housing = {key: bool(data.housing.get(key)) for key in choices.HOUSING_KEYS}
    registrant.assistance = sorted(set(data.assistance))
    registrant.dtsen_decile = data.dtsen_decile
    registrant.home_visit = {
        "checklist": {key: bool(data.checklist.get(key)) for key, _label in HOME_VISIT_CHECKLIST},
        "note": data.note.strip()[:500],
        "by": getattr(actor, "username", str(actor)),
        "on": timezone.localdate().isoformat(),
    }
    registrant.status = choices.Status.VERIFIED
    registrant.verified_at = timezone.now()
    registrant.verified_by = actor if getattr(actor, "pk", None) else None
    registrant.save()
    if data.members is not None:
        registrant.members.all().delete()
        HouseholdMember.objects.bulk_create(
            HouseholdMember(registrant=registrant, **vars(m)) for m in data.members
        )
    audit_event(
        actor=actor,
        action="perkasa.verify",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
    )
    model = current_model()
    if model is not None:
        score_one(registrant, model)
    return registrant


def current_model() -> ScoringModel | None:
    return (
        ScoringModel.objects.filter(state=ScoringModel.State.PUBLISHED).order_by("-version").first()
    )


def score_one(registrant: Registrant, model: ScoringModel) -> Score:
    """Score one registration under ``model`` (an existing score of that version is kept:
    a version's scores are never rewritten)."""
    existing = Score.objects.filter(registrant=registrant, model=model).first()
    if existing is not None:
        return existing
    result = scoring.evaluate(model.indicators, model.thresholds, scoring.facts(registrant))
    score = Score.objects.create(
        registrant=registrant,
        model=model,
        total=result.total,
        category=result.category,
        breakdown=result.breakdown,
    )
    Registrant.objects.filter(pk=registrant.pk).update(current_score=score)
    registrant.current_score = score
    return score


ELIGIBLE_CATEGORIES = (
    choices.Category.VERY_POOR,
    choices.Category.POOR,
    choices.Category.VULNERABLE,
)


@transaction.atomic
def registrant_decide(
    *, actor: Any, registrant: Registrant, eligible: bool, reason: str = ""
) -> Registrant:
    """Eligible or not, after verification. "Not eligible" needs a reason she can be told."""
    registrant = Registrant.objects.select_for_update().get(pk=registrant.pk)
    policies.authorize_officer(actor, registrant)
    if registrant.status != choices.Status.VERIFIED:
        raise ValidationError(_("Keputusan kelayakan diambil setelah verifikasi."))
    if not eligible and not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan tidak layak.")]})
    registrant.status = choices.Status.ELIGIBLE if eligible else choices.Status.NOT_ELIGIBLE
    registrant.status_reason = reason.strip()[:300]
    registrant.save(update_fields=["status", "status_reason", "updated_at"])
    audit_event(
        actor=actor,
        action="perkasa.eligible" if eligible else "perkasa.not_eligible",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        note=registrant.status_reason,
    )
    return registrant


# Moves an officer makes by hand after eligibility (programme enrolment moves to participant too).
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    choices.Status.ELIGIBLE: (choices.Status.PARTICIPANT, choices.Status.LEFT),
    # Graduation goes through monitoring.graduate, which explains each criterion and schedules
    # the follow-ups; a bare status change would skip both.
    choices.Status.PARTICIPANT: (choices.Status.LEFT,),
    choices.Status.PRE_REGISTERED: (choices.Status.LEFT,),
    choices.Status.VERIFIED: (choices.Status.LEFT,),
}


@transaction.atomic
def registrant_move(*, actor: Any, registrant: Registrant, to: str, reason: str = "") -> Registrant:
    registrant = Registrant.objects.select_for_update().get(pk=registrant.pk)
    policies.authorize_officer(actor, registrant)
    if to not in STATUS_MOVES.get(registrant.status, ()):
        raise ValidationError(
            _("Status %(from)s tidak dapat diubah menjadi %(to)s.")
            % {"from": registrant.get_status_display(), "to": choices.Status(to).label}
        )
    if to == choices.Status.LEFT and not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan keluar.")]})
    before = registrant.status
    registrant.status = to
    registrant.status_reason = reason.strip()[:300]
    registrant.save(update_fields=["status", "status_reason", "updated_at"])
    audit_event(
        actor=actor,
        action="perkasa.status",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        changes={"status": [before, to]},
    )
    return registrant


# --- scoring models -----------------------------------------------------------------------


@transaction.atomic
def scoring_model_draft(
    *, actor: Any, name: str, indicators: Any, thresholds: Any, notes: str = ""
) -> ScoringModel:
    """A new draft version (the next number); checked before it is saved."""
    policies.authorize_scoring(actor)
    problems = scoring.validate_model(indicators, thresholds)
    if problems:
        raise ValidationError(problems)
    last = ScoringModel.objects.select_for_update().order_by("-version").first()
    model = ScoringModel.objects.create(
        version=(last.version + 1) if last else 1,
        name=name.strip()[:120] or _("Model baru"),
        notes=notes,
        indicators=indicators,
        thresholds=thresholds,
    )
    audit_event(actor=actor, action="perkasa.model_draft", target=model, target_label=str(model))
    return model


@transaction.atomic
def scoring_model_publish(*, actor: Any, model: ScoringModel) -> ScoringModel:
    """Publish a draft: it becomes the current model, the previous one is retired (its scores
    stay). Re-scoring everybody is a separate, explicit action (``rescore_start``)."""
    policies.authorize_scoring(actor)
    model = ScoringModel.objects.select_for_update().get(pk=model.pk)
    if model.state != ScoringModel.State.DRAFT:
        raise ValidationError(_("Hanya draf yang dapat diterbitkan."))
    ScoringModel.objects.filter(state=ScoringModel.State.PUBLISHED).update(
        state=ScoringModel.State.RETIRED
    )
    model.state = ScoringModel.State.PUBLISHED
    model.published_at = timezone.now()
    model.published_by = actor if getattr(actor, "pk", None) else None
    model.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit_event(actor=actor, action="perkasa.model_publish", target=model, target_label=str(model))
    return model


RESCORE_JOB = "perkasa.rescore"


@transaction.atomic
def rescore_start(*, actor: Any, model: ScoringModel) -> Any:
    """Re-score every scored registration in the actor's scope under ``model`` (a job)."""
    from payung.jobs.services import start_job

    policies.authorize_scoring(actor)
    model = ScoringModel.objects.get(pk=model.pk)
    if model.state != ScoringModel.State.PUBLISHED:
        raise ValidationError(
            _("Hanya model yang sedang berlaku yang dipakai untuk menilai ulang.")
        )
    return start_job(
        actor,
        kind=RESCORE_JOB,
        params={"model": model.pk},
        label=_("Penilaian ulang dengan model v%(v)s") % {"v": model.version},
    )


def rescore(
    model: ScoringModel,
    registrants: Iterable[Any],
    *,
    batch: int = 2000,
    progress: Any = None,
    total: int | None = None,
) -> dict[str, int]:
    """Score ``registrants`` under ``model`` in batches (their members loaded per batch):
    one insert-and-point statement per batch on PostgreSQL. Returns counts: scored, changed category, kept."""
    counts = {"scored": 0, "changed": 0, "unchanged": 0, "skipped": 0}
    pending: list[Any] = []

    def flush() -> None:
        if not pending:
            return
        ids = [r.pk for r in pending]
        done = set(
            Score.objects.filter(model=model, registrant_id__in=ids).values_list(
                "registrant_id", flat=True
            )
        )
        previous = dict(
            Score.objects.filter(
                pk__in=[r.current_score_id for r in pending if r.current_score_id]
            ).values_list("registrant_id", "category")
        )
        # The batch's members in one query, as plain rows (a prefetch built a queryset per
        # registrant: a third of the re-scoring's time at province scale).
        members: dict[int, list[MemberInput]] = {}
        for (
            registrant_id,
            relationship,
            age,
            sex,
            schooling,
            disability,
        ) in HouseholdMember.objects.filter(registrant_id__in=ids).values_list(
            "registrant_id", "relationship", "age", "sex", "schooling", "disability"
        ):
            members.setdefault(registrant_id, []).append(
                MemberInput(relationship, age, sex, schooling, disability)
            )
        new = []
        for registrant in pending:
            if registrant.pk in done:
                counts["skipped"] += 1
                continue
            result = scoring.evaluate(
                model.indicators,
                model.thresholds,
                scoring.facts(registrant, members.get(registrant.pk, [])),
            )
            new.append(
                Score(
                    registrant_id=registrant.pk,
                    model=model,
                    total=result.total,
                    category=result.category,
                    breakdown=result.breakdown,
                )
            )
            before = previous.get(registrant.pk)
            counts["changed" if before and before != result.category else "unchanged"] += 1
        counts["scored"] += _write_scores(model, new)
        pending.clear()

    seen = 0
    for registrant in registrants:
        if isinstance(registrant, dict):  # a row of ``scored_rows``
            registrant = ScoredRow(**registrant)
        pending.append(registrant)
        seen += 1
        if len(pending) >= batch:
            with transaction.atomic():
                flush()
            if progress:
                progress(seen, total)
    with transaction.atomic():
        flush()
    if progress:
        progress(seen, total)
    return counts


def _write_scores(model: ScoringModel, new: list[Score]) -> int:
    """Insert ``new`` and point each registrant at her new score. On PostgreSQL one
    statement per batch (``INSERT … SELECT FROM unnest … RETURNING`` feeding an ``UPDATE``):
    Django's ``bulk_create`` and ``bulk_update`` spent most of a province-scale re-scoring
    building expressions (docs/performance.md#perkasa-at-province-scale)."""
    if not new:
        return 0
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        scores, registrants = qn(Score._meta.db_table), qn(Registrant._meta.db_table)
        with connection.cursor() as cursor:
            # The batch travels as one JSON document (quoting one string is cheap; quoting
            # an array of thousands of strings was not).
            rows = [[s.registrant_id, s.total, s.category, s.breakdown] for s in new]
            cursor.execute(
                f"WITH ins AS (INSERT INTO {scores} "  # noqa: S608 (table names from models)
                "(registrant_id, model_id, total, category, breakdown, computed_at) "
                "SELECT (e->>0)::bigint, %s, (e->>1)::int, e->>2, e->3, %s "
                "FROM jsonb_array_elements(%s::jsonb) AS e "
                "RETURNING id, registrant_id) "
                f"UPDATE {registrants} AS reg SET current_score_id = ins.id "
                "FROM ins WHERE reg.id = ins.registrant_id",
                [model.pk, timezone.now(), json.dumps(rows, ensure_ascii=False)],
            )
        return len(new)
    created = Score.objects.bulk_create(new, batch_size=1000)
    _point_current_scores([(s.registrant_id, s.pk) for s in created])
    return len(created)


def _point_current_scores(pairs: list[tuple[int, int]]) -> None:
    """Point each registrant at her new score. On PostgreSQL one ``UPDATE … FROM unnest``
    per batch: ``bulk_update``'s ``CASE WHEN`` over a thousand ids cost 40% of a re-scoring
    at province scale (docs/performance.md#perkasa)."""
    if not pairs:
        return
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Registrant._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS r SET current_score_id = v.score "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::bigint[]) AS v(registrant, score) "
                "WHERE r.id = v.registrant",
                [[r for r, _s in pairs], [s for _r, s in pairs]],
            )
        return
    updates = [Registrant(pk=r, current_score_id=s) for r, s in pairs]
    Registrant.objects.bulk_update(updates, ["current_score"], batch_size=1000)


SCORED_FIELDS = (
    "pk",
    "income_band",
    "livelihood",
    "dtsen_decile",
    "housing",
    "assistance",
    "head_reason",
    "current_score_id",
)


@dataclass
class ScoredRow:
    """What scoring reads of a registration, without building a model instance (at
    province scale, instances and their init signals were a third of a re-scoring)."""

    pk: int
    income_band: str
    livelihood: str
    dtsen_decile: int | None
    housing: dict[str, Any]
    assistance: list[str]
    head_reason: str
    current_score_id: int | None


def scored_rows(region_q: Any) -> Any:
    """``scored_registrants`` as plain rows, for ``rescore``."""
    return scored_registrants(region_q).values(*SCORED_FIELDS)


def scored_registrants(region_q: Any) -> Any:
    """The registrations a re-scoring covers: verified or later, not merged, in scope."""
    return (
        Registrant.objects.filter(region_q)
        .exclude(status__in=[choices.Status.PRE_REGISTERED, choices.Status.MERGED])
        .only(
            "pk",
            "income_band",
            "livelihood",
            "dtsen_decile",
            "housing",
            "assistance",
            "head_reason",
            "current_score_id",
        )
        .order_by("pk")
    )


# --- the registrant's own status check ------------------------------------------------------


@dataclass(frozen=True)
class SelfCheck:
    outcome: str  # "ok", "wrong", "locked"
    registrant: Registrant | None = None


@transaction.atomic
def self_status_check(*, code: str, pin: str) -> SelfCheck:
    normalised = codes.normalise_code(code)
    registrant = (
        Registrant.objects.select_for_update().filter(tracking_code=normalised).first()
        if codes.is_valid_code(normalised)
        else None
    )
    if registrant is None:
        codes.check_pin(pin, codes.hash_pin("000000"))  # the same time as a real check
        return SelfCheck("wrong")
    if registrant.pin_locked_at:
        return SelfCheck("locked")
    if codes.check_pin(pin, registrant.pin_hash):
        if registrant.pin_failures:
            registrant.pin_failures = 0
            registrant.save(update_fields=["pin_failures"])
        return SelfCheck("ok", registrant)
    registrant.pin_failures += 1
    fields = ["pin_failures"]
    if registrant.pin_failures >= int(getattr(settings, "REPORT_PIN_MAX_FAILURES", 10)):
        registrant.pin_locked_at = timezone.now()
        fields.append("pin_locked_at")
    registrant.save(update_fields=fields)
    audit_event(
        actor=None,
        action="perkasa.pin_wrong",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
    )
    return SelfCheck("wrong")


def member_inputs(rows: Sequence[dict[str, Any]]) -> list[MemberInput]:
    return [MemberInput(**row) for row in rows]
