"""One case: its sections, the record with its parties, the timeline."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import (
    F,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.cases import extensions
from payung.cases.choices import (
    CaseStatus,
    ClosureRequestState,
    PartyRole,
    ReportEventKind,
)
from payung.cases.models import (
    Assessment,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseNote,
    CaseParty,
    CasePlan,
    ClosureRequest,
    Consent,
    ConsentOverride,
    Incident,
    PlanItem,
    Report,
    ReportEvent,
)
from payung.cases.selectors.reports import USER_UNUSED, slim

# What the case page shows that many cases do not have yet. One query asks which of these
# the case has (an EXISTS each, an index probe), and the page loads only those: a young case
# costs a handful of queries instead of thirty, and no count grows with the rows
# (tests/perf). Names are Case's reverse relations, the care ones included.
OPTIONAL_SECTIONS = (
    "plan",
    "assessments",
    "consents",
    "consent_overrides",
    "documents",
    "notes",
    "closure_requests",
    "team",
    "reports",
    "referrals",
    "service_records",
    "visum_letters",
    "accompaniments",
    "reintegrations",
    "home_visits",
    "tasks",
    "empowerment_referrals",
)


@dataclass
class CaseRecord:
    """Everything the case page shows, loaded with a fixed number of queries."""

    case: Case
    parties: list[CaseParty]
    incidents: list[Incident]
    assessments: list[Assessment]
    plan: CasePlan | None
    plan_items: list[PlanItem]
    deadlines: list[CaseDeadline]
    consents: list[Consent]
    overrides: list[ConsentOverride]
    documents: list[CaseDocument]
    notes: list[CaseNote]
    closure_requests: list[ClosureRequest]
    team: list[User]
    reports: list[Report]
    # Which optional sections the case has (case_sections): what was not loaded is empty.
    present: frozenset[str] = frozenset(OPTIONAL_SECTIONS)

    @property
    def victims(self) -> list[CaseParty]:
        return [p for p in self.parties if p.role == PartyRole.VICTIM]

    @property
    def guardians(self) -> list[CaseParty]:
        return [p for p in self.parties if p.role == PartyRole.GUARDIAN]

    @property
    def perpetrators(self) -> list[CaseParty]:
        return [p for p in self.parties if p.role == PartyRole.PERPETRATOR]

    @property
    def pending_closure(self) -> ClosureRequest | None:
        return next(
            (r for r in self.closure_requests if r.state == ClosureRequestState.PENDING), None
        )

    @property
    def latest_assessments(self) -> list[Assessment]:
        seen: set[int] = set()
        latest = []
        for a in self.assessments:
            if a.victim_id not in seen:
                seen.add(a.victim_id)
                latest.append(a)
        return latest


@functools.cache
def _sections_sql(names: tuple[str, ...]) -> str:
    """``SELECT EXISTS(…), EXISTS(…), …`` for ``names``, built once from the models' tables.
    Written as SQL rather than ORM ``Exists`` annotations: compiling sixteen of those cost
    ~6 ms a page, the query itself 0.5 ms."""
    qn = connection.ops.quote_name
    parts = []
    for name in names:
        descriptor = getattr(Case, name)
        if hasattr(descriptor, "through"):  # a many-to-many (the team)
            model = descriptor.through
            column = model._meta.get_field("case").column
        else:
            field = descriptor.related.field if hasattr(descriptor, "related") else descriptor.field
            model, column = field.model, field.column
        # Names from the models, quoted; the case id is a parameter.
        table = qn(model._meta.db_table)
        parts.append(f"EXISTS(SELECT 1 FROM {table} WHERE {qn(column)} = %s)")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def case_sections(case: Case, names: tuple[str, ...] = OPTIONAL_SECTIONS) -> frozenset[str]:
    """The names in ``names`` (reverse relations of Case) that hold a row for ``case``."""
    with connection.cursor() as cursor:
        cursor.execute(_sections_sql(names), [case.pk] * len(names))
        values = cursor.fetchone()
    return frozenset(name for name, present in zip(names, values, strict=True) if present)


def with_parties(rows: list[Any], parties: dict[int, CaseParty], *fields: str) -> list[Any]:
    """Set each row's ``fields`` (foreign keys to CaseParty) from ``parties`` (the case's
    parties already loaded, with their people) instead of loading them again."""
    for row in rows:
        for fk in fields:
            party = parties.get(getattr(row, f"{fk}_id"))
            if party is not None:
                setattr(row, fk, party)
    return rows


def case_record(user: Any, case: Case) -> CaseRecord:
    from payung.cases.policies import visible_notes

    present = case_sections(case)

    def load(name: str, queryset: Any, *party_fields: str) -> list[Any]:
        """The rows of a section the case has. ``party_fields``: foreign keys to parties of
        this case, set from the parties already loaded (with their people) instead of
        joining party and person again — a consent's seven-table join cost more to plan
        than to read."""
        return with_parties(list(queryset) if name in present else [], by_id, *party_fields)

    parties = list(slim(case.parties.select_related("person"), regions=("person__kelurahan",)))
    by_id = {p.pk: p for p in parties}
    for party in parties:
        # A guardian's ward is a party of the same case, already loaded.
        if party.guardian_for_id in by_id:
            party.guardian_for = by_id[party.guardian_for_id]
    incidents = list(slim(case.incidents.all(), regions=("kelurahan",)))
    # Who was involved in which incident: the two link tables in one query, mapped onto the
    # party objects already loaded (with their people) instead of loading them again.
    links: dict[tuple[int, str], list[CaseParty]] = {}
    if incidents:
        victim_links = Incident.victims.through.objects.filter(incident__case_id=case.pk)
        perpetrator_links = Incident.perpetrators.through.objects.filter(incident__case_id=case.pk)
        for incident_id, party_id, kind in (
            # (The type plugin does not see the "kind" annotation.)
            victim_links.annotate(kind=Value("v"))
            .values_list("incident_id", "caseparty_id", "kind")  # type: ignore[misc]
            .union(
                perpetrator_links.annotate(kind=Value("p")).values_list(  # type: ignore[misc]
                    "incident_id", "caseparty_id", "kind"
                ),
                all=True,
            )
            .order_by("caseparty_id")
        ):
            if party_id in by_id:
                links.setdefault((incident_id, kind), []).append(by_id[party_id])
    for incident in incidents:
        incident.victim_list = links.get((incident.pk, "v"), [])  # type: ignore[attr-defined]
        incident.perpetrator_list = links.get((incident.pk, "p"), [])  # type: ignore[attr-defined]
    plan = slim(CasePlan.objects.filter(case=case)).first() if "plan" in present else None
    if plan is not None and plan.agreed_by_id in by_id:
        plan.agreed_by = by_id[plan.agreed_by_id]
    plan_items = (
        list(PlanItem.objects.filter(plan=plan).order_by("target_date", "pk")) if plan else []
    )
    return CaseRecord(
        case=case,
        parties=parties,
        incidents=incidents,
        assessments=load(
            "assessments",
            slim(case.assessments.all(), users=("assessed_by",)),
            "victim",
        ),
        plan=plan,
        plan_items=plan_items,
        deadlines=list(
            slim(
                case.deadlines.select_related("rule", "rule__anchor_rule"), users=("met_by",)
            ).order_by(F("due_at").asc(nulls_last=True), "pk")
        ),
        consents=load(
            "consents",
            slim(case.consents.all(), users=("recorded_by", "withdrawn_by")),
            "subject",
            "given_by",
        ),
        overrides=load(
            "consent_overrides",
            slim(case.consent_overrides.all(), users=("actor",)),
            "subject",
        ),
        documents=load(
            "documents",
            slim(case.documents.defer("sealed"), users=("uploaded_by",)),
            "party",
        ),
        notes=load("notes", slim(visible_notes(user, case), users=("author",))),
        closure_requests=load(
            "closure_requests",
            slim(case.closure_requests.all(), users=("requested_by", "decided_by")),
        ),
        team=load("team", case.team.defer(*USER_UNUSED).order_by("first_name", "username")),
        reports=load(
            "reports",
            Report.objects.filter(case=case)
            .defer(*Report.ENCRYPTED_FIELDS)
            .order_by("received_at"),
        ),
        present=present,
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    actor: str = ""
    detail: str = ""


def _who(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


def case_timeline(
    user: Any, record: CaseRecord, *, limit: int = 200, sections: Any = None
) -> list[TimelineEntry]:
    """One history of the case, newest first: status moves, notes, documents, deadlines met,
    reports, consents, closure decisions, assignments, referrals and services (care), and who
    else opened the record."""
    from payung.audit.models import AccessLog, AuditEvent

    case = record.case
    status = dict(CaseStatus.choices)
    entries: list[TimelineEntry] = [
        TimelineEntry(case.created_at, "open", str(_("Kasus dibuka")), _who(case.created_by))
    ]
    for change in slim(case.status_changes.all(), users=("actor",)):
        entries.append(
            TimelineEntry(
                change.at,
                "status",
                str(_("Status: %(a)s → %(b)s"))
                % {"a": status[change.from_status], "b": status[change.to_status]},
                _who(change.actor),
                change.note,
            )
        )
    for report in record.reports:
        entries.append(
            TimelineEntry(
                report.received_at,
                "report",
                str(_("Laporan %(code)s diterima")) % {"code": report.display_code},
            )
        )
    # What a reporter added from the status page (code + PIN): the message is encrypted.
    added = (
        ReportEvent.objects.filter(
            report__in=[r.pk for r in record.reports], kind=ReportEventKind.INFO_ADDED
        ).only("at", "data", "note")
        if record.reports
        else ReportEvent.objects.none()
    )
    for event in added:
        entries.append(
            TimelineEntry(
                event.at,
                "report",
                str(_("Pelapor menambahkan informasi"))
                + (str(_(" (dengan lampiran)")) if event.data.get("attachment") else ""),
                "",
                event.note,
            )
        )
    for note in record.notes:
        title = _("Catatan rahasia ditambahkan") if note.confidential else _("Catatan ditambahkan")
        entries.append(TimelineEntry(note.at, "note", str(title), _who(note.author)))
    for doc in record.documents:
        entries.append(
            TimelineEntry(
                doc.uploaded_at,
                "document",
                str(_("Dokumen diunggah: %(kind)s")) % {"kind": doc.get_kind_display()},
                _who(doc.uploaded_by),
            )
        )
    for item in record.deadlines:
        if item.met_at:
            late = _(" (terlambat)") if item.met_late else ""
            entries.append(
                TimelineEntry(
                    item.met_at,
                    "deadline",
                    str(_("Tenggat dipenuhi: %(title)s%(late)s"))
                    % {"title": item.title, "late": late},
                    _who(item.met_by),
                )
            )
    for a in record.assessments:
        entries.append(
            TimelineEntry(
                timezone.localtime(a.created_at),
                "assessment",
                str(_("Asesmen biopsikososial dicatat")),
                _who(a.assessed_by),
            )
        )
    for consent in record.consents:
        entries.append(
            TimelineEntry(
                consent.recorded_at,
                "consent",
                str(_("Persetujuan dicatat: %(p)s")) % {"p": consent.get_purpose_display()},
                _who(consent.recorded_by),
                consent.organisation_name,
            )
        )
        if consent.withdrawn_at:
            entries.append(
                TimelineEntry(
                    consent.withdrawn_at,
                    "consent",
                    str(_("Persetujuan dicabut: %(p)s")) % {"p": consent.get_purpose_display()},
                    _who(consent.withdrawn_by),
                )
            )
    for override in record.overrides:
        entries.append(
            TimelineEntry(
                override.at,
                "consent",
                str(_("Berbagi data tanpa persetujuan diizinkan supervisor")),
                _who(override.actor),
                override.organisation_name,
            )
        )
    for request in record.closure_requests:
        entries.append(
            TimelineEntry(
                request.requested_at,
                "closure",
                str(_("Penutupan diminta: %(r)s")) % {"r": request.get_reason_display()},
                _who(request.requested_by),
            )
        )
        if request.decided_at:
            entries.append(
                TimelineEntry(
                    request.decided_at,
                    "closure",
                    str(_("Permintaan penutupan %(s)s"))
                    % {"s": request.get_state_display().lower()},
                    _who(request.decided_by),
                    request.decision_note,
                )
            )
    labels = {
        "case.assign": _("Manajer kasus diganti"),
        "case.transfer": _("Kasus dipindahkan antara PPT dan pusat"),
        "case.team_add": _("Anggota tim ditambahkan"),
        "case.team_remove": _("Anggota tim dikeluarkan"),
        "case.update": _("Data kasus diubah"),
        "case.handling_document": _("Dokumen hasil penanganan dicetak"),
    }
    events = slim(
        AuditEvent.objects.filter(
            target_type="cases.case", target_id=str(case.pk), action__in=list(labels)
        ),
        users=("actor",),
    )[:limit]
    for event in events:
        entries.append(
            TimelineEntry(event.at, "change", str(labels[event.action]), _who(event.actor))
        )
    views = slim(
        AccessLog.objects.filter(target_type="cases.case", target_id=str(case.pk)).exclude(
            actor=user
        ),
        users=("actor",),
    )[:limit]
    for view in views:
        entries.append(
            TimelineEntry(
                view.at,
                "view",
                str(_("Dibuka (akses darurat)") if view.break_glass else _("Dibuka")),
                _who(view.actor) or view.actor_label,
            )
        )
    # What other apps add (referrals, delivered services, visits, the return home: care),
    # from what the case page already loaded when it did.
    entries.extend(extensions.timeline_entries(case, sections))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
