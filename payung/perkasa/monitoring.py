"""Category overrides, appeals (keberatan), periodic re-assessment, graduation and the
follow-ups after it (issue #12 parts 4 and 6; docs/perkasa.md#monitoring).

Every write authorises its actor (a Perkasa officer within the registrant's region), runs in
one transaction and leaves an audit event. Who approves what:

- an override is proposed by one Perkasa officer and approved or rejected by *another*
  (maker-checker, as for grant tranches; ``can_decide_override``): no single person can move
  a household into a category that opens programmes;
- an appeal is decided by a Perkasa officer other than the one who recorded it;
- the graduation decision needs every criterion of the monitoring policy met or, where
  Payung cannot tell (``unknown``), the officer's reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.services import audit_event
from payung.calendar.workdays import holiday_dates, is_working_day
from payung.perkasa import choices, policies, scoring
from payung.perkasa.models import (
    Appeal,
    Assessment,
    CategoryOverride,
    FollowUp,
    Graduation,
    MonitoringPolicy,
    ParticipantBusiness,
    Registrant,
    ScoringModel,
)

# The decision period of an appeal, in working days after it is received. UU 30/2014 on
# Government Administration, art. 77(4), gives an official 10 working days to settle an
# objection to a decision; the city applies the same period (docs/domain.md#perkasa-appeals).
APPEAL_WORKING_DAYS = 10

# "Above rentan": the categories better than ``rentan`` in choices.CATEGORY_ORDER.
RELAPSE_CATEGORIES = (
    choices.Category.VERY_POOR,
    choices.Category.POOR,
    choices.Category.VULNERABLE,
)
ASSESSABLE = (
    choices.Status.VERIFIED,
    choices.Status.ELIGIBLE,
    choices.Status.PARTICIPANT,
    choices.Status.GRADUATED,
    choices.Status.NOT_ELIGIBLE,
)
# What an upheld appeal may change the status to, from her status now.
APPEAL_STATUS_OUTCOMES: dict[str, tuple[str, ...]] = {
    choices.Status.NOT_ELIGIBLE: (choices.Status.ELIGIBLE,),
    choices.Status.LEFT: (choices.Status.ELIGIBLE,),
}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) is not None and hasattr(actor, "role") else None


def _label(registrant: Registrant | int) -> str:
    pk = registrant if isinstance(registrant, int) else registrant.pk
    return f"Perkasa #{pk}"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` + ``months`` calendar months (31 Aug + 6 months = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``day`` (Monday–Friday, not a recorded holiday)."""
    closed = holiday_dates()
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, closed):
            days -= 1
    return day


def current_policy() -> MonitoringPolicy:
    policy = (
        MonitoringPolicy.objects.filter(published_at__isnull=False).order_by("-version").first()
    )
    if policy is None:  # the data migration publishes v1; a bare test database may not
        policy = MonitoringPolicy(
            version=0,
            reassess_months=6,
            criteria={"above_category": "rentan", "consecutive": 2, "business_months": 6},
            followup_months=[6, 12],
        )
    return policy


# --- the effective category ----------------------------------------------------------------


@dataclass(frozen=True)
class Effective:
    """Her category as the programmes read it, and where it comes from."""

    category: str
    source: str  # "skor", "penilaian_ulang", "penyesuaian", ""
    scored_category: str  # what the score (or the latest re-assessment) says
    override: CategoryOverride | None = None

    @property
    def label(self) -> str:
        return str(choices.Category(self.category).label) if self.category else ""

    @property
    def scored_label(self) -> str:
        return str(choices.Category(self.scored_category).label) if self.scored_category else ""

    @property
    def overridden(self) -> bool:
        return self.override is not None


def effective_category(registrant: Registrant) -> Effective:
    """The latest of: her current score, her latest re-assessment; then an approved override
    decided after it wins. A newer score or re-assessment supersedes an older override, so a
    manual category never outlives the facts it was given for."""
    score = registrant.current_score
    latest = registrant.assessments.order_by("-created_at", "-id").first()
    base_at: dt.datetime | None = None
    category, source = "", ""
    if score is not None:
        category, source, base_at = score.category, "skor", score.computed_at
    if latest is not None and (base_at is None or latest.created_at >= base_at):
        category, source, base_at = latest.category, "penilaian_ulang", latest.created_at
    override_qs = registrant.overrides.filter(state=CategoryOverride.State.APPROVED)
    if base_at is not None:
        override_qs = override_qs.filter(decided_at__gte=base_at)
    override = override_qs.order_by("-decided_at", "-id").first()
    if override is not None:
        return Effective(override.category, "penyesuaian", category, override)
    return Effective(category, source, category)


# --- overrides -----------------------------------------------------------------------------


def can_decide_override(user: Any, override: CategoryOverride) -> bool:
    return policies.is_officer(user) and user.pk != override.proposed_by_id


@transaction.atomic
def override_propose(
    *, actor: Any, registrant: Registrant, category: str, reason: str
) -> CategoryOverride:
    registrant = Registrant.objects.select_for_update().get(pk=registrant.pk)
    policies.authorize_officer(actor, registrant)
    if category not in choices.Category.values:
        raise ValidationError({"category": [_("Pilih kategori.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan penyesuaian kategori.")]})
    effective = effective_category(registrant)
    if not effective.category:
        raise ValidationError(_("Ia belum punya skor: verifikasi dulu."))
    if category == effective.category:
        raise ValidationError({"category": [_("Kategori usulan sama dengan kategori sekarang.")]})
    if registrant.overrides.filter(state=CategoryOverride.State.PROPOSED).exists():
        raise ValidationError(_("Sudah ada usulan penyesuaian yang menunggu persetujuan."))
    try:
        with transaction.atomic():
            override = CategoryOverride.objects.create(
                registrant=registrant,
                score=registrant.current_score,
                from_category=effective.category,
                category=category,
                reason=reason.strip()[:2000],
                proposed_by=_user(actor),
            )
    except IntegrityError as exc:  # a concurrent proposal won
        raise ValidationError(_("Sudah ada usulan penyesuaian yang menunggu persetujuan.")) from exc
    audit_event(
        actor=actor,
        action="perkasa.override_propose",
        target=registrant,
        target_label=_label(registrant),
        changes={"category": [effective.category, category]},
    )
    return override


@transaction.atomic
def override_decide(
    *, actor: Any, override: CategoryOverride, approve: bool, note: str = ""
) -> CategoryOverride:
    """A second Perkasa officer approves or rejects; the proposer never decides her own."""
    override = (
        CategoryOverride.objects.select_for_update()
        .select_related("registrant")
        .get(pk=override.pk)
    )
    policies.authorize_officer(actor, override.registrant)
    if _user(actor) is not None and actor.pk == override.proposed_by_id:
        raise PermissionDenied(_("Pengusul tidak boleh memutuskan usulannya sendiri."))
    if override.state != CategoryOverride.State.PROPOSED:
        raise ValidationError(_("Usulan ini sudah diputuskan."))
    if not approve and not note.strip():
        raise ValidationError({"note": [_("Tuliskan alasan penolakan.")]})
    override.state = CategoryOverride.State.APPROVED if approve else CategoryOverride.State.REJECTED
    override.decided_by = _user(actor)
    override.decided_at = timezone.now()
    override.decision_note = note.strip()[:2000]
    override.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit_event(
        actor=actor,
        action="perkasa.override_approve" if approve else "perkasa.override_reject",
        target=override.registrant,
        target_label=_label(override.registrant_id),
        changes={"category": [override.from_category, override.category]},
    )
    return override


# --- appeals -------------------------------------------------------------------------------


def appeal_due(received_on: dt.date) -> dt.date:
    return add_working_days(received_on, APPEAL_WORKING_DAYS)


@transaction.atomic
def appeal_record(
    *, actor: Any, registrant: Registrant, received_on: dt.date, grounds: str
) -> Appeal:
    """Record her objection (to her category or her status) with its decision deadline."""
    policies.authorize_officer(actor, registrant)
    if not grounds.strip():
        raise ValidationError({"grounds": [_("Tuliskan alasan keberatannya.")]})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": [_("Tanggal diterima tidak boleh di masa depan.")]})
    appeal = Appeal.objects.create(
        registrant=registrant,
        region_code=registrant.region_code,
        received_on=received_on,
        grounds=grounds.strip()[:4000],
        due_on=appeal_due(received_on),
        recorded_by=_user(actor),
    )
    audit_event(
        actor=actor,
        action="perkasa.appeal_record",
        target=registrant,
        target_label=_label(registrant),
        note=f"batas {appeal.due_on.isoformat()}",
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    actor: Any,
    appeal: Appeal,
    upheld: bool,
    reason: str,
    category: str = "",
    status: str = "",
) -> Appeal:
    """Upheld: a new category (recorded as an approved override, linked to the appeal)
    and/or a new status; rejected: with the reason she is told. Decided by an officer other
    than the one who recorded it."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    registrant = Registrant.objects.select_for_update().get(pk=appeal.registrant_id)
    policies.authorize_officer(actor, registrant)
    if _user(actor) is not None and actor.pk == appeal.recorded_by_id:
        raise PermissionDenied(_("Keberatan diputuskan oleh petugas lain, bukan pencatatnya."))
    if appeal.state != Appeal.State.PENDING:
        raise ValidationError(_("Keberatan ini sudah diputuskan."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan keputusan.")]})
    if upheld:
        if not category and not status:
            raise ValidationError(_("Keberatan diterima: pilih kategori baru atau status baru."))
        if category and category not in choices.Category.values:
            raise ValidationError({"category": [_("Pilih kategori.")]})
        if status and status not in APPEAL_STATUS_OUTCOMES.get(registrant.status, ()):
            raise ValidationError(
                {
                    "status": [
                        _("Status %(from)s tidak dapat diubah menjadi %(to)s.")
                        % {
                            "from": registrant.get_status_display(),
                            "to": choices.Status(status).label
                            if status in choices.Status.values
                            else status,
                        }
                    ]
                }
            )
    now = timezone.now()
    changes: dict[str, list[str]] = {}
    if upheld and category:
        effective = effective_category(registrant)
        CategoryOverride.objects.filter(
            registrant=registrant, state=CategoryOverride.State.PROPOSED
        ).update(state=CategoryOverride.State.REJECTED, decided_at=now, decided_by=_user(actor))
        CategoryOverride.objects.create(
            registrant=registrant,
            score=registrant.current_score,
            from_category=effective.category,
            category=category,
            reason=_("Keberatan diterima: %(r)s") % {"r": reason.strip()[:1900]},
            state=CategoryOverride.State.APPROVED,
            appeal=appeal,
            proposed_by=appeal.recorded_by,
            decided_by=_user(actor),
            decided_at=now,
        )
        changes["category"] = [effective.category, category]
    if upheld and status:
        changes["status"] = [registrant.status, status]
        registrant.status = status
        registrant.status_reason = _("Keberatan diterima")
        try:
            with transaction.atomic():
                registrant.save(update_fields=["status", "status_reason", "updated_at"])
        except IntegrityError as exc:  # another active registration of her NIK exists
            raise ValidationError(
                _("NIK ini sudah punya pendaftaran aktif lain; periksa duplikat dulu.")
            ) from exc
    appeal.state = Appeal.State.UPHELD if upheld else Appeal.State.REJECTED
    appeal.outcome_category = category if upheld else ""
    appeal.outcome_status = status if upheld else ""
    appeal.decision_reason = reason.strip()[:4000]
    appeal.decided_by = _user(actor)
    appeal.decided_at = now
    appeal.save()
    audit_event(
        actor=actor,
        action="perkasa.appeal_uphold" if upheld else "perkasa.appeal_reject",
        target=registrant,
        target_label=_label(registrant),
        changes=changes or None,
    )
    return appeal


# --- re-assessment -------------------------------------------------------------------------


@dataclass
class AssessmentInput:
    livelihood: str
    income_band: str
    has_business: bool
    housing: dict[str, bool]
    assistance: list[str]
    dtsen_decile: int | None
    assessed_on: dt.date | None = None
    note: str = ""


def _assess(actor: Any, registrant: Registrant, data: AssessmentInput) -> Assessment:
    """Record the facts seen again on the registrant, score them under the current model."""
    model = (
        ScoringModel.objects.filter(state=ScoringModel.State.PUBLISHED).order_by("-version").first()
    )
    if model is None:
        raise ValidationError(_("Belum ada model skor yang diterbitkan."))
    assessed_on = data.assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": [_("Tanggal penilaian tidak boleh di masa depan.")]})
    registrant.livelihood = data.livelihood
    registrant.income_band = data.income_band
    registrant.has_business = data.has_business
    registrant.housing = {key: bool(data.housing.get(key)) for key in choices.HOUSING_KEYS}
    registrant.assistance = sorted(set(data.assistance))
    registrant.dtsen_decile = data.dtsen_decile
    registrant.save(
        update_fields=[
            "livelihood",
            "income_band",
            "has_business",
            "housing",
            "assistance",
            "dtsen_decile",
            "updated_at",
        ]
    )
    fact_values = scoring.facts(registrant)
    result = scoring.evaluate(model.indicators, model.thresholds, fact_values)
    return Assessment.objects.create(
        registrant=registrant,
        assessed_on=assessed_on,
        model=model,
        facts=fact_values,
        total=result.total,
        category=result.category,
        breakdown=result.breakdown,
        note=data.note.strip()[:2000],
        recorded_by=_user(actor),
    )


@transaction.atomic
def reassessment_record(*, actor: Any, registrant: Registrant, data: AssessmentInput) -> Assessment:
    registrant = Registrant.objects.select_for_update().get(pk=registrant.pk)
    policies.authorize_officer(actor, registrant)
    if registrant.status not in ASSESSABLE:
        raise ValidationError(_("Penilaian ulang dilakukan setelah verifikasi."))
    assessment = _assess(actor, registrant, data)
    audit_event(
        actor=actor,
        action="perkasa.reassess",
        target=registrant,
        target_label=_label(registrant),
        note=f"{assessment.total} ({assessment.category})",
    )
    return assessment


@dataclass(frozen=True)
class SeriesPoint:
    on: dt.date
    total: int
    category: str
    source: str  # "verifikasi" or "penilaian_ulang"
    indicators: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def category_label(self) -> str:
        return str(choices.Category(self.category).label)


def assessment_series(registrant: Registrant) -> list[SeriesPoint]:
    """Her assessments in time order: the home visit's score (under the model of that day),
    then every re-assessment. Re-scoring under a new model version is not an assessment: the
    facts did not change."""
    points: list[SeriesPoint] = []
    first = registrant.scores.order_by("computed_at", "id").first()
    if first is not None:
        points.append(
            SeriesPoint(
                on=timezone.localdate(registrant.verified_at or first.computed_at),
                total=first.total,
                category=first.category,
                source="verifikasi",
                indicators={line["code"]: line["points"] for line in first.breakdown},
                labels={line["code"]: line["label"] for line in first.breakdown},
            )
        )
    for a in registrant.assessments.order_by("assessed_on", "id"):
        points.append(
            SeriesPoint(
                on=a.assessed_on,
                total=a.total,
                category=a.category,
                source="penilaian_ulang",
                indicators={line["code"]: line["points"] for line in a.breakdown},
                labels={line["code"]: line["label"] for line in a.breakdown},
            )
        )
    return points


def next_reassessment(
    registrant: Registrant, policy: MonitoringPolicy | None = None
) -> dt.date | None:
    series = assessment_series(registrant)
    if not series:
        return None
    policy = policy or current_policy()
    return add_months(series[-1].on, policy.reassess_months)


# --- graduation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    code: str
    state: str  # "met", "not_met", "unknown"
    text: str

    @property
    def met(self) -> bool:
        return self.state == "met"


# A business check: (registrant, months) -> Criterion, or None when it knows nothing of her.
BusinessCheck = Callable[[Registrant, int], Criterion | None]
_business_checks: list[BusinessCheck] = []


def register_business_check(check: BusinessCheck) -> None:
    """Programme code that records businesses (type, revenue, status, since when) registers
    a check here from its ``AppConfig.ready()``; until one does, the criterion is "unknown"
    and the officer's reason must cover it."""
    if check not in _business_checks:
        _business_checks.append(check)


def _recorded_business(registrant: Registrant, months: int) -> Criterion | None:
    """The business record the programme keeps (programmes.business_record)."""
    business = ParticipantBusiness.objects.filter(registrant=registrant).first()
    if business is None:
        return None
    today = timezone.localdate()
    if business.status != choices.BusinessStatus.RUNNING or business.started_on is None:
        return Criterion(
            "usaha",
            "not_met",
            _("Usaha berjalan %(m)s bulan: status usahanya %(s)s%(since)s.")
            % {
                "m": months,
                "s": business.get_status_display().lower(),
                "since": "" if business.started_on else _(", tanggal mulai belum dicatat"),
            },
        )
    running = (today.year - business.started_on.year) * 12 + today.month - business.started_on.month
    if today.day < business.started_on.day:
        running -= 1
    return Criterion(
        "usaha",
        "met" if running >= months else "not_met",
        _("Usaha berjalan %(m)s bulan: %(kind)s berjalan %(n)s bulan sejak %(d)s.")
        % {"m": months, "kind": business.kind, "n": running, "d": business.started_on},
    )


def _business_criterion(registrant: Registrant, months: int) -> Criterion:
    for check in (*_business_checks, _recorded_business):
        result = check(registrant, months)
        if result is not None:
            return result
    return Criterion(
        "usaha",
        "unknown",
        _(
            "Usaha berjalan %(m)s bulan: belum dapat diperiksa, catatan usaha belum ada di "
            "Payung (di pendaftaran: %(has)s). Jelaskan dalam alasan kelulusan."
        )
        % {
            "m": months,
            "has": _("punya usaha") if registrant.has_business else _("belum punya usaha"),
        },
    )


def graduation_check(
    registrant: Registrant, policy: MonitoringPolicy | None = None
) -> list[Criterion]:
    """Each criterion of the policy as it stands for her, in plain Indonesian."""
    policy = policy or current_policy()
    rules = policy.criteria or {}
    out: list[Criterion] = []
    above = rules.get("above_category")
    consecutive = int(rules.get("consecutive") or 0)
    if above and consecutive:
        order = [str(c) for c in choices.CATEGORY_ORDER]
        floor = order.index(str(above))
        above_label = str(choices.Category(above).label)
        last = assessment_series(registrant)[-consecutive:]
        seen = ", ".join(f"{p.on:%d/%m/%Y} {p.category_label}" for p in last) or _("belum ada")
        ok = len(last) == consecutive and all(order.index(p.category) > floor for p in last)
        out.append(
            Criterion(
                "kategori",
                "met" if ok else "not_met",
                _(
                    "Kategori di atas %(c)s pada %(n)s penilaian terakhir berturut-turut; "
                    "penilaiannya: %(seen)s."
                )
                % {"c": above_label, "n": consecutive, "seen": seen},
            )
        )
    months = int(rules.get("business_months") or 0)
    if months:
        out.append(_business_criterion(registrant, months))
    return out


@transaction.atomic
def graduate(
    *, actor: Any, registrant: Registrant, reason: str, graduated_on: dt.date | None = None
) -> Graduation:
    """Graduate a participant: every criterion met (an "unknown" one is covered by the
    reason); status "lulus"; follow-ups scheduled per the policy."""
    registrant = Registrant.objects.select_for_update().get(pk=registrant.pk)
    policies.authorize_officer(actor, registrant)
    if registrant.status != choices.Status.PARTICIPANT:
        raise ValidationError(_("Hanya peserta yang dapat diluluskan."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan kelulusan.")]})
    policy = current_policy()
    if policy.pk is None:
        raise ValidationError(_("Belum ada kebijakan pemantauan yang diterbitkan."))
    criteria = graduation_check(registrant, policy)
    unmet = [c.text for c in criteria if c.state == "not_met"]
    if unmet:
        raise ValidationError(
            _("Belum memenuhi kriteria kelulusan: %(r)s") % {"r": " ".join(unmet)}
        )
    on = graduated_on or timezone.localdate()
    graduation = Graduation.objects.create(
        registrant=registrant,
        policy=policy,
        graduated_on=on,
        reason=reason.strip()[:2000],
        criteria_results=[{"code": c.code, "state": c.state, "text": c.text} for c in criteria],
        decided_by=_user(actor),
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            graduation=graduation,
            registrant=registrant,
            region_code=registrant.region_code,
            months=int(m),
            due_on=add_months(on, int(m)),
        )
        for m in sorted({int(m) for m in policy.followup_months or []})
    )
    before = registrant.status
    registrant.status = choices.Status.GRADUATED
    registrant.status_reason = _("Lulus: kriteria kebijakan pemantauan v%(v)s") % {
        "v": policy.version
    }
    registrant.save(update_fields=["status", "status_reason", "updated_at"])
    audit_event(
        actor=actor,
        action="perkasa.graduate",
        target=registrant,
        target_label=_label(registrant),
        changes={"status": [before, registrant.status]},
    )
    return graduation


@transaction.atomic
def followup_record(
    *, actor: Any, followup: FollowUp, data: AssessmentInput, outcome: str = ""
) -> FollowUp:
    """The follow-up visit: the indicators again (a re-assessment); her category back to
    "rentan" or poorer flags a relapse on the Perkasa home."""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    registrant = Registrant.objects.select_for_update().get(pk=followup.registrant_id)
    policies.authorize_officer(actor, registrant)
    if followup.done_on is not None:
        raise ValidationError(_("Tindak lanjut ini sudah dicatat."))
    assessment = _assess(actor, registrant, data)
    followup.assessment = assessment
    followup.done_on = assessment.assessed_on
    followup.relapse = assessment.category in RELAPSE_CATEGORIES
    followup.outcome = outcome.strip()[:2000]
    followup.recorded_by = _user(actor)
    followup.save()
    audit_event(
        actor=actor,
        action="perkasa.followup",
        target=registrant,
        target_label=_label(registrant),
        note=f"{followup.months} bln: {assessment.category}"
        + (" (kembali rentan)" if followup.relapse else ""),
    )
    return followup
