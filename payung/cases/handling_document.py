"""The "dokumen hasil penanganan" a victim has the right to receive (UU 12/2022 TPKS Pasal 68).

It says what was done, when, and by whom — as a role and unit ("Manajer kasus, UPTD PPA"),
never a colleague's name — and what comes next. It leaves out anything that exposes others:
no perpetrator, no reporter, no other victim, no chronology, no notes.

Built with fpdf2's core Helvetica font (no font file to ship): Indonesian needs only Latin
letters, and the few typographic characters outside Latin-1 are replaced by ASCII ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from payung.cases import extensions
from payung.cases.choices import (
    CaseStatus,
    CaseUnit,
    DeadlineState,
    PartyRole,
    PlanItemStatus,
)
from payung.cases.models import Case, CaseParty, CasePlan
from payung.regions.models import ServicePost, ServicePostKind

_REPLACEMENTS = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2192": "->",
    "\u00a0": " ",
}


def latin1(text: str) -> str:
    """Text the core PDF fonts can draw: typographic marks to ASCII, the rest to '?'."""
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    months = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def _role_of(user: object | None, case: Case) -> str:
    """Who did it, as a role and unit — never a person's name."""
    if user is None:
        return str(_("Petugas"))
    role = str(user.get_role_display())  # type: ignore[attr-defined]
    unit = (
        _("PPT kelurahan")
        if getattr(user, "role", "") == "ppt_officer"
        else _("UPTD PPA Kota Pasuruan")
    )
    return f"{role}, {unit}"


@dataclass(frozen=True)
class Step:
    when: date | datetime | None
    what: str
    who: str


def _steps(
    case: Case,
    victim: CaseParty,
    plan: CasePlan | None,
    delivered: list[extensions.DeliveredService],
) -> list[Step]:
    labels = dict(CaseStatus.choices)
    steps = [
        Step(
            case.created_at,
            str(_("Kasus dibuka dan mulai ditangani")),
            _role_of(case.created_by, case),
        )
    ]
    for change in case.status_changes.select_related("actor"):
        what = (
            _("Kasus ditutup (terminasi) dengan persetujuan supervisor")
            if change.to_status == CaseStatus.CLOSED
            else _("Tahap penanganan: %(s)s") % {"s": labels[change.to_status]}
        )
        steps.append(Step(change.at, str(what), _role_of(change.actor, case)))
    for assessment in case.assessments.filter(victim=victim).select_related("assessed_by"):
        steps.append(
            Step(
                assessment.assessed_on,
                str(_("Asesmen kebutuhan (fisik, psikologis, sosial, ekonomi, pendidikan)")),
                _role_of(assessment.assessed_by, case),
            )
        )
    # Delivered services come from the apps that record them (care: referrals completed by a
    # provider, services recorded on the case), each with the provider that gave it.
    for row in delivered:
        steps.append(
            Step(
                row.delivered_on,
                str(_("Layanan diberikan: %(s)s")) % {"s": row.label},
                row.provider,
            )
        )
    uncovered = Counter(row.service for row in delivered)
    if plan is not None and plan.agreed:
        steps.append(Step(plan.agreed_on, str(_("Rencana intervensi disepakati bersama Anda")), ""))
        for item in plan.items.all():
            if item.status == PlanItemStatus.DONE:
                if uncovered[item.service] > 0:
                    uncovered[item.service] -= 1  # listed above, with its provider
                    continue
                who = item.provider_name or str(_("UPTD PPA Kota Pasuruan"))
                steps.append(
                    Step(
                        item.done_on,
                        str(_("Layanan diberikan: %(s)s")) % {"s": item.get_service_display()},
                        who,
                    )
                )
    for due in case.deadlines.filter(state=DeadlineState.MET).select_related("met_by"):
        what = str(due.title)
        if due.requested_on:
            what += str(_(" - diminta %(d)s")) % {"d": _day(due.requested_on)}
        if due.granted_on:
            what += str(_(", diberikan %(d)s")) % {"d": _day(due.granted_on)}
        if due.protection_until:
            what += str(_(", berlaku sampai %(d)s")) % {"d": _day(due.protection_until)}
        steps.append(Step(due.met_at, what, _role_of(due.met_by, case)))

    def key(step: Step) -> datetime:
        when = step.when
        if isinstance(when, datetime):
            return timezone.localtime(when).replace(tzinfo=None)
        if isinstance(when, date):
            return datetime(when.year, when.month, when.day, 23, 59)  # noqa: DTZ001
        return datetime.max  # noqa: DTZ901

    return sorted(steps, key=key)


def _next_steps(case: Case, plan: CasePlan | None) -> list[str]:
    if case.status == CaseStatus.CLOSED:
        return [
            str(
                _(
                    "Penanganan kasus ini sudah selesai. Bila Anda membutuhkan bantuan lagi, "
                    "hubungi kami: kasus dapat dibuka kembali."
                )
            )
        ]
    upcoming = []
    if plan is not None:
        for item in plan.items.all():
            if item.status in (PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS):
                target = (
                    str(_(" (target %(d)s)")) % {"d": _day(item.target_date)}
                    if item.target_date
                    else ""
                )
                upcoming.append(f"{item.get_service_display()}{target}")
    for due in case.deadlines.filter(state=DeadlineState.OPEN).order_by("due_at"):
        upcoming.append(f"{due.title} ({_('paling lambat')} {_day(due.due_at)})")
    if not upcoming:
        upcoming.append(
            str(_("Tahap berikutnya: %(s)s.")) % {"s": case.get_status_display().lower()}
        )
    return upcoming


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(
            0,
            8,
            latin1(
                _("Halaman %(n)s - dokumen ini rahasia dan hanya untuk korban / walinya.")
                % {"n": self.page_no()}
            ),
            align="C",
        )


def build_handling_document(*, case: Case, victim: CaseParty) -> bytes:
    """The PDF for ``victim`` of ``case``, in Indonesian whatever the officer's language."""
    assert victim.role == PartyRole.VICTIM and victim.case_id == case.pk
    plan = CasePlan.objects.filter(case=case).prefetch_related("items").first()
    centre = (
        ServicePost.objects.filter(kind=ServicePostKind.CENTRE, is_active=True)
        .order_by("pk")
        .first()
    )
    with translation.override(settings.LANGUAGE_CODE):
        delivered = extensions.handling_document_services(case, victim)
        return _render(case, victim, plan, centre, delivered)


def _render(
    case: Case,
    victim: CaseParty,
    plan: CasePlan | None,
    centre: ServicePost | None,
    delivered: list[extensions.DeliveredService],
) -> bytes:
    pdf = _Document(format="A4")
    pdf.set_title(latin1(str(_("Dokumen hasil penanganan"))))
    pdf.set_author("UPTD PPA Kota Pasuruan")
    pdf.set_creation_date(timezone.now())
    pdf.set_margins(18, 18, 18)
    pdf.add_page()

    def heading(text: str, size: int = 12) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)

    def line(text: str) -> None:
        pdf.multi_cell(0, 5.5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin1(_("DOKUMEN HASIL PENANGANAN")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    line(
        _(
            "Hak korban atas dokumen hasil penanganan (Undang-Undang Nomor 12 Tahun 2022 "
            "tentang Tindak Pidana Kekerasan Seksual, Pasal 68)."
        )
    )
    line(_("UPTD PPA / P2TP2A Kota Pasuruan - DP3AKB Kota Pasuruan"))
    pdf.set_font("Helvetica", size=10)

    heading(_("Data penanganan"))
    person = victim.person
    name = (person.name or person.alias) if person is not None else "-"
    holder = (
        _("PPT kelurahan %(k)s") % {"k": case.kelurahan.name}
        if case.unit == CaseUnit.PPT and case.kelurahan
        else _("UPTD PPA Kota Pasuruan")
    )
    for label, value in (
        (_("Diberikan kepada"), name),
        (_("Nomor kasus"), case.number),
        (_("Mulai ditangani"), _day(case.created_at)),
        (_("Status saat ini"), case.get_status_display()),
        (_("Ditangani oleh"), holder),
        (_("Tanggal dokumen"), _day(timezone.now())),
    ):
        line(f"{label}: {value}")

    heading(_("Yang sudah dilakukan"))
    for step in _steps(case, victim, plan, delivered):
        who = f" - {step.who}" if step.who else ""
        line(f"- {_day(step.when)}: {step.what}{who}")

    heading(_("Langkah selanjutnya"))
    for text in _next_steps(case, plan):
        line(f"- {text}")

    heading(_("Hak Anda"))
    for text in (
        _("Identitas Anda dirahasiakan (UU TPKS Pasal 66-70; UU PDP)."),
        _("Anda berhak atas pendampingan, layanan kesehatan, psikologis, dan bantuan hukum."),
        _("Anda berhak atas akomodasi yang layak bila Anda penyandang disabilitas."),
        _("Anda berhak atas pemberdayaan ekonomi setelah proses hukum."),
        _("Anda dapat mencabut persetujuan berbagi data kapan saja."),
    ):
        line(f"- {text}")

    heading(_("Hubungi kami"))
    if centre is not None:
        line(f"{centre.name}")
        if centre.address:
            line(centre.address)
        if centre.phone:
            line(_("Telepon: %(p)s") % {"p": centre.phone})
    line(_("SAPA 129 (KemenPPPA): telepon 129, WhatsApp 0811-1129-129. Darurat: 110."))
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 8)
    line(
        _(
            "Dokumen ini sengaja tidak memuat identitas pelaku, pelapor, saksi, atau korban lain, "
            "dan tidak memuat nama petugas."
        )
    )
    return bytes(pdf.output())
