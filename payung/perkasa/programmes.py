"""Programmes, enrolment and grants in tranches (issue #12, docs/perkasa.md#programmes).

Every write authorises its actor (the Perkasa officer, within the registrant's region),
runs in one transaction and leaves an audit event. A disbursement is proposed by one officer
and approved by another (maker-checker); approval locks the cycle row so that concurrent
approvals can never take the approved total past the cycle's budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.services import access_records, audit_event
from payung.cases.uploads import AttachmentInput
from payung.core.exports import XLSX_TYPE, Sheet, xlsx_bytes
from payung.perkasa import choices, policies
from payung.perkasa.models import (
    Attendance,
    Disbursement,
    DisbursementProof,
    Enrolment,
    MentoringVisit,
    ParticipantBusiness,
    Programme,
    ProgrammeCycle,
    ProgrammeSession,
    Registrant,
)

ENROLLABLE = (choices.Status.ELIGIBLE, choices.Status.PARTICIPANT)


@dataclass(frozen=True)
class RuleCheck:
    """One eligibility rule as applied to one woman, in plain Indonesian."""

    ok: bool
    text: str


def eligibility(
    programme: Programme, registrant: Registrant, *, today: dt.date | None = None
) -> list[RuleCheck]:
    """Each of the programme's rules, whether she meets it and why (shown before enrolment)."""
    rules = programme.eligibility or {}
    checks: list[RuleCheck] = []
    categories = rules.get("categories") or []
    if categories:
        # The category the programmes read: the score, a later re-assessment, or an approved
        # override (monitoring.effective_category), never the raw score alone.
        from payung.perkasa.monitoring import effective_category

        effective = effective_category(registrant)
        labels = ", ".join(str(choices.Category(c).label) for c in categories)
        if not effective.category:
            checks.append(
                RuleCheck(False, _("Kategori harus %(c)s; belum ada skor.") % {"c": labels})
            )
        else:
            ok = effective.category in categories
            checks.append(
                RuleCheck(
                    ok,
                    _("Kategori harus %(c)s; kategorinya %(own)s.")
                    % {"c": labels, "own": effective.label},
                )
            )
    year = (today or timezone.localdate()).year
    age = year - registrant.birth_year if registrant.birth_year else None
    for key, compare, text in (
        ("min_age", lambda a, limit: a >= limit, _("Umur paling rendah %(n)s tahun")),
        ("max_age", lambda a, limit: a <= limit, _("Umur paling tinggi %(n)s tahun")),
    ):
        limit = rules.get(key)
        if limit is None:
            continue
        if age is None:
            checks.append(RuleCheck(False, f"{text % {'n': limit}}; " + _("umur tidak diketahui.")))
        else:
            checks.append(
                RuleCheck(
                    compare(age, limit),
                    f"{text % {'n': limit}}; " + _("umurnya %(a)s tahun.") % {"a": age},
                )
            )
    if rules.get("needs_business"):
        checks.append(
            RuleCheck(
                registrant.has_business,
                _("Harus sudah punya usaha; ")
                + (_("sudah punya usaha.") if registrant.has_business else _("belum punya usaha.")),
            )
        )
    return checks


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    name: str,
    agency: str,
    kind: str,
    eligibility: dict[str, Any] | None = None,
    organisation: Any = None,
    description: str = "",
) -> Programme:
    policies.authorize_scoring(actor)  # catalogue = reference data: Perkasa officer or admin
    _check_programme(name=name, agency=agency, kind=kind, eligibility=eligibility or {})
    if Programme.objects.filter(name__iexact=name.strip(), agency__iexact=agency.strip()).exists():
        raise ValidationError({"name": _("Program dengan nama ini sudah ada di katalog.")})
    programme = Programme.objects.create(
        name=name.strip(),
        agency=agency.strip(),
        kind=kind,
        eligibility=eligibility or {},
        organisation=organisation,
        description=description.strip(),
    )
    audit_event(
        actor=actor,
        action="perkasa.programme_create",
        target=programme,
        target_label=f"Program {programme.name}",
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Any,
    programme: Programme,
    name: str,
    agency: str,
    kind: str,
    eligibility: dict[str, Any] | None = None,
    organisation: Any = None,
    description: str = "",
) -> Programme:
    """Edit the catalogue entry. The rules apply to enrolments from now on; women already
    enrolled stay enrolled."""
    policies.authorize_scoring(actor)
    _check_programme(name=name, agency=agency, kind=kind, eligibility=eligibility or {})
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    before = {
        "name": locked.name,
        "agency": locked.agency,
        "kind": locked.kind,
        "eligibility": locked.eligibility,
        "organisation": locked.organisation_id,
    }
    locked.name = name.strip()
    locked.agency = agency.strip()
    locked.kind = kind
    locked.eligibility = eligibility or {}
    locked.organisation = organisation
    locked.description = description.strip()
    locked.save()
    after = {
        "name": locked.name,
        "agency": locked.agency,
        "kind": locked.kind,
        "eligibility": locked.eligibility,
        "organisation": locked.organisation_id,
    }
    audit_event(
        actor=actor,
        action="perkasa.programme_update",
        target=locked,
        target_label=f"Program {locked.name}",
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return locked


def _check_programme(*, name: str, agency: str, kind: str, eligibility: dict[str, Any]) -> None:
    if not name.strip():
        raise ValidationError({"name": _("Isi nama program.")})
    if not agency.strip():
        raise ValidationError({"agency": _("Isi OPD atau lembaga pemilik program.")})
    if kind not in choices.ProgrammeKind.values:
        raise ValidationError({"kind": _("Pilih jenis program.")})
    categories = eligibility.get("categories") or []
    if any(c not in choices.Category.values for c in categories):
        raise ValidationError({"eligibility": _("Kategori kelayakan tidak dikenal.")})
    low, high = eligibility.get("min_age"), eligibility.get("max_age")
    if low is not None and high is not None and low > high:
        raise ValidationError(
            {"eligibility": _("Umur paling rendah tidak boleh melebihi umur paling tinggi.")}
        )


@transaction.atomic
def cycle_open(
    *,
    actor: Any,
    programme: Programme,
    label: str,
    quota: int,
    budget: int,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> ProgrammeCycle:
    policies.authorize_scoring(actor)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    if ProgrammeCycle.objects.filter(programme=programme, label=label.strip()).exists():
        raise ValidationError({"label": _("Siklus dengan nama ini sudah ada di program ini.")})
    try:
        with transaction.atomic():
            cycle = ProgrammeCycle.objects.create(
                programme=programme,
                label=label.strip(),
                quota=quota,
                budget=budget,
                starts_on=starts_on,
                ends_on=ends_on,
            )
    except IntegrityError as exc:  # the same label opened at the same moment
        raise ValidationError(
            {"label": _("Siklus dengan nama ini sudah ada di program ini.")}
        ) from exc
    audit_event(
        actor=actor,
        action="perkasa.cycle_open",
        target=cycle,
        target_label=f"{programme.name} {label}",
        note=f"kuota {quota}, anggaran Rp {budget}",
    )
    return cycle


@transaction.atomic
def enrol(*, actor: Any, cycle: ProgrammeCycle, registrant: Registrant) -> Enrolment:
    """Enrol an eligible woman; refuses an unmet rule, a full quota or a second enrolment in
    the same cycle. She becomes a participant."""
    policies.authorize_officer(actor, registrant)
    cycle = ProgrammeCycle.objects.select_for_update().select_related("programme").get(pk=cycle.pk)
    if registrant.status not in ENROLLABLE:
        raise ValidationError(
            _("Hanya pendaftar berstatus Layak atau Peserta yang dapat didaftarkan ke program.")
        )
    unmet = [check.text for check in eligibility(cycle.programme, registrant) if not check.ok]
    if unmet:
        raise ValidationError(_("Tidak memenuhi syarat program: %(r)s") % {"r": " ".join(unmet)})
    if Enrolment.objects.filter(cycle=cycle, registrant=registrant).exists():
        raise ValidationError(_("Ia sudah terdaftar di siklus program ini."))
    if cycle.enrolments.count() >= cycle.quota:
        raise ValidationError(_("Kuota siklus ini sudah penuh."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                cycle=cycle, registrant=registrant, enrolled_by=_user(actor)
            )
    except IntegrityError as exc:  # a concurrent enrolment of the same woman won
        raise ValidationError(_("Ia sudah terdaftar di siklus program ini.")) from exc
    if registrant.status != choices.Status.PARTICIPANT:
        Registrant.objects.filter(pk=registrant.pk).update(status=choices.Status.PARTICIPANT)
        registrant.status = choices.Status.PARTICIPANT
    audit_event(
        actor=actor,
        action="perkasa.enrol",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        note=str(cycle),
    )
    return enrolment


def absorbed(cycle: ProgrammeCycle) -> int:
    """Rupiah approved so far in the cycle."""
    total = cycle.disbursements.filter(state=Disbursement.State.APPROVED).aggregate(
        total=Sum("amount")
    )["total"]
    return int(total or 0)


def _rupiah(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@transaction.atomic
def disbursement_propose(
    *,
    actor: Any,
    enrolment: Enrolment,
    amount: int,
    proof_note: str = "",
    proof: AttachmentInput | None = None,
    expected_tranche: int | None = None,
) -> Disbursement:
    """Propose a tranche (the maker): the Perkasa officer or the owning agency's staff. A
    proposal that the approved total plus this amount would take past the cycle's budget is
    refused at once, with the remaining budget; approval checks again under the lock."""
    policies.authorize_programme_work(actor, enrolment)
    if amount <= 0:
        raise ValidationError(_("Jumlah harus lebih dari nol."))
    # Lock the enrolment so that two proposals at once do not take the same tranche number.
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    cycle = ProgrammeCycle.objects.get(pk=enrolment.cycle_id)
    used = absorbed(cycle)
    if used + amount > cycle.budget:
        raise ValidationError(
            _(
                "Usulan ditolak: melebihi anggaran siklus. Sisa anggaran Rp %(r)s (anggaran "
                "Rp %(b)s, sudah disetujui Rp %(u)s), diusulkan Rp %(a)s."
            )
            % {
                "r": _rupiah(cycle.budget - used),
                "b": _rupiah(cycle.budget),
                "u": _rupiah(used),
                "a": _rupiah(amount),
            }
        )
    tranche = enrolment.disbursements.count() + 1
    if expected_tranche is not None and expected_tranche != tranche:
        # The form showed another next tranche: a double submit, or a colleague was quicker.
        raise ValidationError(
            _("Usulan tahap %(t)s sudah tercatat. Periksa daftar tahap di bawah.")
            % {"t": expected_tranche}
        )
    disbursement = Disbursement.objects.create(
        enrolment=enrolment,
        cycle_id=enrolment.cycle_id,
        tranche=tranche,
        amount=amount,
        proof_note=proof_note.strip()[:300],
        proposed_by=_user(actor),
    )
    if proof is not None:
        _attach_proof(actor, disbursement, proof)
    audit_event(
        actor=actor,
        action="perkasa.disbursement_propose",
        target=enrolment.registrant,
        target_label=f"Perkasa #{enrolment.registrant_id}",
        note=f"tahap {tranche}: Rp {amount}",
    )
    return disbursement


@transaction.atomic
def disbursement_decide(
    *, actor: Any, disbursement: Disbursement, approve: bool, proof_note: str = ""
) -> Disbursement:
    """The checker's decision. Approval needs proof and a person other than the proposer,
    and is refused when the cycle's approved total would exceed its budget — checked under a
    lock on the cycle row, so two approvals at the same moment cannot both slip through."""
    registrant = disbursement.enrolment.registrant
    policies.authorize_officer(actor, registrant)
    if getattr(actor, "pk", None) is not None and actor.pk == disbursement.proposed_by_id:
        raise PermissionDenied(_("Pengusul tidak boleh menyetujui usulannya sendiri."))
    cycle = ProgrammeCycle.objects.select_for_update().get(pk=disbursement.cycle_id)
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if disbursement.state != Disbursement.State.PROPOSED:
        raise ValidationError(_("Usulan ini sudah diputuskan."))
    proof_note = proof_note or disbursement.proof_note
    if approve:
        if not proof_note.strip() and not disbursement.proofs.exists():
            raise ValidationError(_("Lampirkan bukti sebelum menyetujui pencairan."))
        used = absorbed(cycle)
        if used + disbursement.amount > cycle.budget:
            raise ValidationError(
                _(
                    "Pencairan ditolak: melebihi anggaran siklus. Anggaran Rp %(b)s, sudah "
                    "disetujui Rp %(u)s, sisa Rp %(r)s, diusulkan Rp %(a)s."
                )
                % {
                    "b": _rupiah(cycle.budget),
                    "u": _rupiah(used),
                    "r": _rupiah(cycle.budget - used),
                    "a": _rupiah(disbursement.amount),
                }
            )
    disbursement.state = Disbursement.State.APPROVED if approve else Disbursement.State.REJECTED
    disbursement.decided_by = _user(actor)
    disbursement.decided_at = timezone.now()
    disbursement.proof_note = proof_note
    disbursement.save(update_fields=["state", "decided_by", "decided_at", "proof_note"])
    audit_event(
        actor=actor,
        action="perkasa.disbursement_approve" if approve else "perkasa.disbursement_reject",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        note=f"tahap {disbursement.tranche}: Rp {disbursement.amount}",
    )
    return disbursement


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) is not None and hasattr(actor, "role") else None


def _attach_proof(actor: Any, disbursement: Disbursement, proof: AttachmentInput) -> None:
    document = DisbursementProof(
        disbursement=disbursement,
        content_type=proof.content_type,
        original_name=proof.original_name,
        uploaded_by=_user(actor),
    )
    document.seal(proof.data)
    document.save(force_insert=True)


# --- sessions and attendance, mentoring, the business (issue #12 part 5) ----------------------


@transaction.atomic
def session_create(
    *, actor: Any, cycle: ProgrammeCycle, held_on: dt.date, topic: str
) -> ProgrammeSession:
    """A training or group session of the cycle, for recording attendance."""
    policies.authorize_cycle_work(actor, cycle)
    topic = topic.strip()
    if not topic:
        raise ValidationError({"topic": _("Isi topik sesi.")})
    ProgrammeCycle.objects.select_for_update().get(pk=cycle.pk)  # one session at a time
    if ProgrammeSession.objects.filter(cycle=cycle, held_on=held_on, topic=topic[:200]).exists():
        raise ValidationError(_("Sesi dengan tanggal dan topik ini sudah ada."))
    session = ProgrammeSession.objects.create(
        cycle=cycle, held_on=held_on, topic=topic[:200], created_by=_user(actor)
    )
    audit_event(
        actor=actor,
        action="perkasa.session_create",
        target=session,
        target_label=str(cycle),
        note=f"{held_on.isoformat()} {topic[:80]}",
    )
    return session


@transaction.atomic
def attendance_record(
    *, actor: Any, session: ProgrammeSession, marks: dict[int, str]
) -> list[Attendance]:
    """Present / absent / excused for each enrolment of the session's cycle (by enrolment id);
    recording again changes the mark. Every enrolment is authorised on its own."""
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(
            cycle_id=session.cycle_id, pk__in=list(marks)
        ).select_related("registrant", "cycle__programme")
    }
    if not marks:
        policies.authorize_cycle_work(actor, session.cycle)
        raise ValidationError(_("Tidak ada kehadiran yang dicatat."))
    out: list[Attendance] = []
    for enrolment_id, state in marks.items():
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            policies.authorize_cycle_work(actor, session.cycle)
            raise ValidationError(_("Peserta ini tidak terdaftar di siklus sesi ini."))
        policies.authorize_programme_work(actor, enrolment)
        if state not in choices.AttendanceState.values:
            raise ValidationError(_("Pilih hadir, tidak hadir, atau izin."))
        row, _created = Attendance.objects.update_or_create(
            session=session,
            enrolment=enrolment,
            defaults={"state": state, "recorded_by": _user(actor)},
        )
        out.append(row)
    audit_event(
        actor=actor,
        action="perkasa.attendance_record",
        target=session,
        target_label=str(session.cycle_id),
        note=", ".join(f"#{pk}:{state}" for pk, state in sorted(marks.items())),
    )
    return out


@transaction.atomic
def mentoring_visit_add(
    *,
    actor: Any,
    enrolment: Enrolment,
    visited_on: dt.date,
    mentor: str,
    notes: str = "",
    next_step: str = "",
) -> MentoringVisit:
    policies.authorize_programme_work(actor, enrolment)
    if not mentor.strip():
        raise ValidationError({"mentor": _("Isi nama pendamping.")})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Tanggal kunjungan tidak boleh di masa depan.")})
    Enrolment.objects.select_for_update().get(pk=enrolment.pk)  # a double submit waits here
    if MentoringVisit.objects.filter(
        enrolment=enrolment, visited_on=visited_on, mentor=mentor.strip()[:120]
    ).exists():
        raise ValidationError(_("Kunjungan pendamping ini pada tanggal itu sudah tercatat."))
    visit = MentoringVisit.objects.create(
        enrolment=enrolment,
        visited_on=visited_on,
        mentor=mentor.strip()[:120],
        notes=notes.strip()[:5000],
        next_step=next_step.strip()[:1000],
        recorded_by=_user(actor),
    )
    audit_event(
        actor=actor,
        action="perkasa.mentoring_visit",
        target=enrolment.registrant,
        target_label=f"Perkasa #{enrolment.registrant_id}",
        note=f"{visited_on.isoformat()} · {enrolment.cycle}",
    )
    return visit


@transaction.atomic
def business_record(
    *,
    actor: Any,
    enrolment: Enrolment,
    kind: str,
    revenue_band: str,
    status: str,
    started_on: dt.date | None = None,
) -> ParticipantBusiness:
    """Her business as the programme follows it: created the first time, updated after."""
    policies.authorize_programme_work(actor, enrolment)
    if not kind.strip():
        raise ValidationError({"kind": _("Isi jenis usaha.")})
    if revenue_band not in choices.RevenueBand.values:
        raise ValidationError({"revenue_band": _("Pilih omzet.")})
    if status not in choices.BusinessStatus.values:
        raise ValidationError({"status": _("Pilih status usaha.")})
    if started_on is not None and started_on > timezone.localdate():
        raise ValidationError({"started_on": _("Tanggal mulai tidak boleh di masa depan.")})
    previous = ParticipantBusiness.objects.filter(registrant_id=enrolment.registrant_id).first()
    business, _created = ParticipantBusiness.objects.update_or_create(
        registrant_id=enrolment.registrant_id,
        defaults={
            "kind": kind.strip()[:120],
            "revenue_band": revenue_band,
            "status": status,
            "started_on": started_on,
            "updated_by": _user(actor),
        },
    )
    # The registry's "has a business" (an eligibility rule) follows the business record.
    has_business = status == choices.BusinessStatus.RUNNING
    Registrant.objects.filter(pk=enrolment.registrant_id).update(has_business=has_business)
    audit_event(
        actor=actor,
        action="perkasa.business_record",
        target=enrolment.registrant,
        target_label=f"Perkasa #{enrolment.registrant_id}",
        changes={
            "status": [previous.status if previous else None, status],
            "revenue_band": [previous.revenue_band if previous else None, revenue_band],
        },
    )
    return business


# --- the owning agency's participant list (issue #12 part 8) --------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    enrolment: Enrolment
    sessions: int
    present: int
    disbursed: int

    @property
    def attendance_rate(self) -> int | None:
        """Percent of the cycle's sessions she attended; None before the first session."""
        return round(100 * self.present / self.sessions) if self.sessions else None


def participant_rows(enrolments: Any) -> list[ParticipantRow]:
    """Attendance and approved tranches of each enrolment, in three queries whatever the
    number of participants."""
    rows = list(
        enrolments.select_related(
            "registrant__kelurahan", "registrant__business", "cycle__programme"
        ).annotate(
            present=Count(
                "attendance", filter=Q(attendance__state=choices.AttendanceState.PRESENT)
            ),
        )
    )
    cycle_ids = {e.cycle_id for e in rows}
    sessions = dict(
        ProgrammeSession.objects.filter(cycle_id__in=cycle_ids)
        .values_list("cycle_id")
        .annotate(n=Count("pk"))
        .values_list("cycle_id", "n")
    )
    disbursed = dict(
        Disbursement.objects.filter(
            enrolment_id__in=[e.pk for e in rows], state=Disbursement.State.APPROVED
        )
        .values_list("enrolment_id")
        .annotate(total=Sum("amount"))
        .values_list("enrolment_id", "total")
    )
    return [
        ParticipantRow(
            enrolment=e,
            sessions=sessions.get(e.cycle_id, 0),
            present=e.present,  # type: ignore[attr-defined]
            disbursed=int(disbursed.get(e.pk) or 0),
        )
        for e in rows
    ]


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    content_type: str
    filename: str


def participants_export(*, actor: Any, programme: Programme) -> ExportFile:
    """The programme's participants as .xlsx for the owning agency: only what it needs (name,
    kelurahan, contact, business, attendance rate, total disbursed) — no NIK, no route of
    registration, no prioritised-referral marker. Every row read is in the access log."""
    if not policies.can_see_programmes(actor) or not (
        policies.visible_programmes(actor).filter(pk=programme.pk).exists()
    ):
        raise PermissionDenied
    enrolments = policies.visible_enrolments(actor).filter(cycle__programme=programme)
    rows = participant_rows(enrolments.order_by("cycle_id", "registrant_id"))
    access_records(
        actor=actor,
        targets=[(r.enrolment.registrant, f"Perkasa #{r.enrolment.registrant_id}") for r in rows],
        purpose="perkasa.participants_export",
    )
    audit_event(
        actor=actor,
        action="perkasa.participants_export",
        target=programme,
        target_label=f"Program {programme.name}",
        note=f"{len(rows)} peserta",
    )
    headers = [
        _("Siklus"),
        _("Nama"),
        _("Kelurahan"),
        _("Nomor HP"),
        _("Usaha"),
        _("Status usaha"),
        _("Omzet"),
        _("Kehadiran (%)"),
        _("Total dicairkan (Rp)"),
        _("Terdaftar"),
    ]
    lines = []
    for row in rows:
        registrant = row.enrolment.registrant
        business = getattr(registrant, "business", None)
        lines.append(
            [
                row.enrolment.cycle.label,
                registrant.name,
                registrant.kelurahan.name,
                registrant.phone,
                business.kind if business else "",
                business.get_status_display() if business else "",
                business.get_revenue_band_display() if business else "",
                row.attendance_rate,
                row.disbursed,
                row.enrolment.enrolled_at,
            ]
        )
    data = xlsx_bytes(
        [Sheet(title=_("Peserta"), headers=headers, rows=lines, widths=(12, 28, 20, 16, 24))]
    )
    stamp = timezone.localdate().isoformat()
    return ExportFile(data, XLSX_TYPE, f"peserta-program-{programme.pk}-{stamp}.xlsx")
