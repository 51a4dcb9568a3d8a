"""The care side of a case's history (referral steps, delivered services, visum letters,
accompaniment, home visits, the return home), merged into the case timeline through
``care.extension``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from payung.care.choices import HomeVisitStatus, ReferralStatus, Urgency
from payung.care.models import ReferralEvent, ServiceRecord
from payung.care.selectors import _REFERRAL_TEXTS, CaseCare

if TYPE_CHECKING:
    from payung.cases.models import Case
    from payung.cases.selectors import TimelineEntry


# --- the case timeline --------------------------------------------------------------------


def case_timeline_entries(case: Case, care: CaseCare | None = None) -> list[TimelineEntry]:
    """The care side of a case's history: every referral step, delivered services recorded
    by staff, visum letters, accompaniment, home visits, and the return home.

    With ``care`` (what the case page already loaded) only the referral steps are queried."""
    from payung.cases.selectors import TimelineEntry, slim

    def who(user: Any) -> str:
        return str(user.get_full_name() or user.username) if user is not None else ""

    entries: list[TimelineEntry] = []
    events = (
        slim(
            ReferralEvent.objects.filter(referral__case=case).select_related(
                "referral__service", "referral__organisation"
            ),
            users=("actor",),
        ).defer(*(f"referral__{name}" for name in _REFERRAL_TEXTS))
        if care is None or care.referrals
        else ReferralEvent.objects.none()
    )
    urgency = dict(Urgency.choices)
    for event in events:
        referral = event.referral
        values = {
            "service": referral.service.name,
            "organisation": referral.organisation.name,
            "urgency": str(urgency.get(referral.urgency, "")).lower(),
            "outcome": referral.get_outcome_display() if referral.outcome else "",
        }
        titles = {
            ReferralStatus.SENT: _(
                "Rujukan dikirim: %(service)s ke %(organisation)s (%(urgency)s)"
            ),
            ReferralStatus.ACCEPTED: _("Rujukan diterima oleh %(organisation)s: %(service)s"),
            ReferralStatus.DECLINED: _("Rujukan ditolak oleh %(organisation)s: %(service)s"),
            ReferralStatus.SCHEDULED: _("Rujukan dijadwalkan oleh %(organisation)s: %(service)s"),
            ReferralStatus.COMPLETED: _(
                "Rujukan selesai di %(organisation)s: %(service)s — %(outcome)s"
            ),
            ReferralStatus.CANCELLED: _("Rujukan dibatalkan: %(service)s ke %(organisation)s"),
            ReferralEvent.REPORT: _(
                "Laporan hasil rujukan diunggah oleh %(organisation)s: %(service)s"
            ),
        }
        title = titles.get(event.kind)
        if title is None:
            continue
        entries.append(
            TimelineEntry(event.at, "referral", str(title) % values, who(event.actor), event.note)
        )
    staff_records = (
        [r for r in care.service_records if r.referral_id is None]
        if care is not None
        else ServiceRecord.objects.filter(case=case, referral__isnull=True).select_related(
            "service", "organisation", "recorded_by"
        )
    )
    for record in staff_records:
        entries.append(
            TimelineEntry(
                record.created_at,
                "service",
                str(_("Layanan diberikan: %(service)s (%(provider)s) — %(outcome)s"))
                % {
                    "service": record.service.name,
                    "provider": record.provider_label,
                    "outcome": record.get_outcome_display(),
                },
                who(record.recorded_by),
            )
        )
    letters = (
        care.visum_letters
        if care is not None
        else case.visum_letters.select_related("organisation", "issued_by")
    )
    for letter in letters:
        entries.append(
            TimelineEntry(
                letter.issued_at,
                "service",
                str(_("Surat permintaan visum %(number)s untuk %(organisation)s"))
                % {"number": letter.number, "organisation": letter.organisation.name},
                who(letter.issued_by),
            )
        )
    accompaniments = (
        care.accompaniments
        if care is not None
        else case.accompaniments.select_related("created_by", "officer")
    )
    for item in accompaniments:
        values = {"destination": item.get_destination_display(), "place": item.place}
        entries.append(
            TimelineEntry(
                item.created_at,
                "service",
                str(_("Pendampingan direncanakan: %(destination)s")) % values,
                who(item.created_by),
                item.place,
            )
        )
        if item.completed_on:
            entries.append(
                TimelineEntry(
                    item.updated_at,
                    "service",
                    str(_("Pendampingan selesai: %(destination)s")) % values,
                    who(item.officer),
                )
            )
    visits = (
        care.home_visits
        if care is not None
        else case.home_visits.select_related("created_by", "officer")
    )
    for visit in visits:
        when = timezone.localtime(visit.scheduled_at).strftime("%d-%m-%Y %H:%M")
        entries.append(
            TimelineEntry(
                visit.created_at,
                "visit",
                str(_("Kunjungan rumah dijadwalkan: %(when)s")) % {"when": when},
                who(visit.created_by),
            )
        )
        if visit.status == HomeVisitStatus.DONE and visit.visited_at:
            entries.append(
                TimelineEntry(
                    visit.visited_at,
                    "visit",
                    str(
                        _("Kunjungan rumah dilakukan; ada kekhawatiran keamanan")
                        if visit.safety_concern
                        else _("Kunjungan rumah dilakukan")
                    ),
                    who(visit.officer),
                )
            )
    reintegrations = (
        care.reintegrations
        if care is not None
        else case.reintegrations.select_related("created_by", "kelurahan")
    )
    for plan in reintegrations:
        entries.append(
            TimelineEntry(
                plan.created_at,
                "service",
                str(_("Kepulangan direncanakan: %(destination)s"))
                % {"destination": plan.get_destination_display()},
                who(plan.created_by),
            )
        )
        if plan.handed_over_on:
            entries.append(
                TimelineEntry(
                    plan.updated_at,
                    "service",
                    str(_("Korban diserahterimakan (pemulangan)")),
                    "",
                )
            )
    return entries
